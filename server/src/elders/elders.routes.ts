import {
  Elder,
  ElderCreate,
  ElderListQuery,
  ElderReveal,
  ElderStatusChange,
  ElderStatusHistory,
  ElderSearchBody,
  ElderUpdate,
  IdParams,
  Page,
  RosterExportQuery,
  RosterColumnMappingPut,
  RosterColumnMappings,
  RosterImportQuery,
  RosterImportResult,
} from '@eldercare/shared'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { actorOf } from '../auth/actor.js'
import { errorResponses, sendXlsx, XLSX_TYPE as XLSX, XlsxFile } from '../http/responses.js'
import { acceptXlsxUploads, xlsxUpload } from '../http/xlsx-upload.js'
import { REVEAL_ROLES } from './elders-roster.service.js'

export const ELDER_READERS = ['bureau_admin', 'bureau_staff', 'town_staff', 'canteen_operator'] as const
export const ELDER_WRITERS = ['bureau_admin', 'bureau_staff', 'town_staff'] as const


const eldersRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = fastify.eldersService
  const roster = fastify.eldersRosterService

  acceptXlsxUploads(fastify, 30 * 1024 * 1024)

  fastify.get(
    '/elders',
    {
      config: { roles: ELDER_READERS },
      schema: {
        tags: ['elders'],
        summary: 'The roster by community, town, category and status; a search by name or number is POST /elders/search',
        querystring: ElderListQuery,
        response: { 200: Page(Elder), ...errorResponses(400, 401, 403) },
      },
    },
    (request) => service.list(actorOf(request), request.query),
  )

  fastify.post(
    '/elders/search',
    {
      config: { roles: ELDER_READERS },
      schema: {
        tags: ['elders'],
        summary: 'Search the roster: name, pinyin initials, last 4 or the whole 身份证号, phone; in the body, never the URL',
        body: ElderSearchBody,
        response: { 200: Page(Elder), ...errorResponses(400, 401, 403) },
      },
    },
    (request) => service.list(actorOf(request), request.body),
  )

  fastify.get(
    '/elders/export',
    {
      config: { roles: ELDER_WRITERS },
      schema: {
        tags: ['elders'],
        summary: 'The roster as .xlsx by the list filters; whole numbers with reveal=true for roles allowed to see them',
        querystring: RosterExportQuery,
        produces: [XLSX],
        response: { 200: XlsxFile, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      return sendXlsx(reply, await roster.exportRoster(actorOf(request), request.query), 'elders.xlsx', '老年人花名册.xlsx')
    },
  )

  fastify.post(
    '/elders/import',
    {
      config: { roles: ELDER_WRITERS },
      schema: {
        tags: ['elders'],
        summary: 'Import a roster .xlsx (the file is the body); dryRun=true lists the problems and writes nothing',
        consumes: [XLSX],
        querystring: RosterImportQuery,
        response: { 200: RosterImportResult, ...errorResponses(400, 401, 403, 413, 415) },
      },
    },
    (request) => roster.importRoster(actorOf(request), xlsxUpload(request.body), request.query.dryRun ?? false),
  )

  fastify.put(
    '/elders/import/mappings',
    {
      config: { roles: ELDER_WRITERS },
      schema: {
        tags: ['elders'],
        summary: 'Say which roster column a header is, for the tenant’s imports from now on (when an import could not tell)',
        body: RosterColumnMappingPut,
        response: { 200: RosterColumnMappings, ...errorResponses(400, 401, 403) },
      },
    },
    (request) => roster.saveMappings(actorOf(request), request.body),
  )

  fastify.get(
    '/elders/:id',
    {
      config: { roles: ELDER_READERS },
      schema: { tags: ['elders'], params: IdParams, response: { 200: Elder, ...errorResponses(400, 401, 403, 404) } },
    },
    (request) => service.get(actorOf(request), request.params.id),
  )

  fastify.post(
    '/elders',
    {
      config: { roles: ELDER_WRITERS },
      schema: { tags: ['elders'], body: ElderCreate, response: { 201: Elder, ...errorResponses(400, 401, 403, 409) } },
    },
    async (request, reply) => reply.code(201).send(await service.create(actorOf(request), request.body)),
  )

  fastify.patch(
    '/elders/:id',
    {
      config: { roles: ELDER_WRITERS },
      schema: { tags: ['elders'], params: IdParams, body: ElderUpdate, response: { 200: Elder, ...errorResponses(400, 401, 403, 404) } },
    },
    (request) => service.update(actorOf(request), request.params.id, request.body),
  )

  fastify.post(
    '/elders/:id/reveal',
    {
      config: { roles: REVEAL_ROLES },
      schema: {
        tags: ['elders'],
        summary: 'The whole 身份证号 and phone; every reveal is audited',
        params: IdParams,
        response: { 200: ElderReveal, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => service.reveal(actorOf(request), request.params.id),
  )

  fastify.get(
    '/elders/:id/status-history',
    {
      config: { roles: ELDER_READERS },
      schema: {
        tags: ['elders'],
        summary: 'Every status of an elder (在册, 迁出, 入住机构 with the institution, 死亡) with the day it took effect and who recorded it',
        params: IdParams,
        response: { 200: ElderStatusHistory, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => fastify.elderStatusService.history(actorOf(request), request.params.id),
  )

  fastify.post(
    '/elders/:id/status-history',
    {
      config: { roles: ELDER_WRITERS },
      schema: {
        tags: ['elders'],
        summary: 'Record a status from a day on (never after today); earlier statuses are kept',
        params: IdParams,
        body: ElderStatusChange,
        response: { 200: ElderStatusHistory, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => fastify.elderStatusService.change(actorOf(request), request.params.id, request.body),
  )
}

export default eldersRoutes
