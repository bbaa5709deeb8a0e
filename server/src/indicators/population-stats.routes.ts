import { PopulationColumnMappingPut, PopulationColumnMappings, PopulationImportQuery, PopulationImportResult, PopulationStat, PopulationStatPut, PopulationStatQuery, type Role } from '@eldercare/shared'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { actorOf } from '../auth/actor.js'
import { errorResponses, XLSX_TYPE as XLSX } from '../http/responses.js'
import { acceptXlsxUploads, xlsxUpload } from '../http/xlsx-upload.js'
import { INDICATOR_READERS } from './indicators.routes.js'

const POPULATION_WRITERS: Role[] = ['bureau_admin', 'bureau_staff']

const populationStatsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = fastify.populationStatsService

  acceptXlsxUploads(fastify, 10 * 1024 * 1024)

  fastify.get(
    '/population-stats',
    {
      config: { roles: INDICATOR_READERS },
      schema: {
        tags: ['indicators'],
        summary: 'Population figures (60+, 80+, total) per community for a year',
        querystring: PopulationStatQuery,
        response: { 200: Type.Array(PopulationStat), ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => service.list(actorOf(request), request.query),
  )

  fastify.put(
    '/population-stats',
    {
      config: { roles: POPULATION_WRITERS },
      schema: {
        tags: ['indicators'],
        summary: "Set some communities' figures for a year and basis (户籍 or 常住); the others keep theirs",
        body: PopulationStatPut,
        response: { 200: Type.Array(PopulationStat), ...errorResponses(400, 401, 403) },
      },
    },
    (request) => service.put(actorOf(request), request.body),
  )

  fastify.post(
    '/population-stats/import',
    {
      config: { roles: POPULATION_WRITERS },
      schema: {
        tags: ['indicators'],
        summary: 'Import population figures from .xlsx (the file is the body), all or nothing; dryRun=true only checks and lists every problem',
        consumes: [XLSX],
        querystring: PopulationImportQuery,
        response: { 200: PopulationImportResult, ...errorResponses(400, 401, 403, 413, 415) },
      },
    },
    (request) => service.importXlsx(actorOf(request), xlsxUpload(request.body), request.query),
  )

  fastify.put(
    '/population-stats/import/mappings',
    {
      config: { roles: POPULATION_WRITERS },
      schema: {
        tags: ['indicators'],
        summary: 'Say which population column a header is, for the tenant’s imports from now on (when an import could not tell)',
        body: PopulationColumnMappingPut,
        response: { 200: PopulationColumnMappings, ...errorResponses(400, 401, 403) },
      },
    },
    (request) => service.saveMappings(actorOf(request), request.body),
  )
}

export default populationStatsRoutes
