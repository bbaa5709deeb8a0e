import { Page, Region, RegionCodeParams, RegionImportResult, RegionListQuery, RegionPatch, TENANT_ROLES } from '@eldercare/shared'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { actorOf } from '../auth/actor.js'
import { errorResponses } from '../http/responses.js'
import { decodeUtf8 } from '../http/utf8.js'

const regionsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = fastify.regionsService

  fastify.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: 2 * 1024 * 1024 }, (_request, body, done) => {
    try {
      done(null, decodeUtf8(body as Buffer))
    } catch (error) {
      done(error as Error, undefined)
    }
  })

  fastify.get(
    '/regions',
    {
      // Region names and codes are reference data every signed-in role of the tenant needs.
      config: { roles: TENANT_ROLES },
      schema: {
        tags: ['regions'],
        summary: 'Towns and communities of the tenant, ordered by code',
        querystring: RegionListQuery,
        response: { 200: Page(Region), ...errorResponses(400, 401, 403) },
      },
    },
    (request) => service.list(actorOf(request), request.query),
  )

  fastify.patch(
    '/regions/:code',
    {
      config: { roles: ['bureau_admin'] },
      schema: {
        tags: ['regions'],
        summary: 'Edit name, kind, urban/rural or island',
        params: RegionCodeParams,
        body: RegionPatch,
        response: { 200: Region, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => service.patch(actorOf(request), request.params.code, request.body),
  )

  fastify.post(
    '/regions/import',
    {
      config: { roles: ['bureau_admin'] },
      schema: {
        tags: ['regions'],
        summary: 'Import the statistical division list (CSV: code,name,level,parent_code,kind,island)',
        consumes: ['text/csv'],
        body: Type.String({ minLength: 1, maxLength: 2 * 1024 * 1024 }),
        response: { 200: RegionImportResult, ...errorResponses(400, 401, 403, 413, 415) },
      },
    },
    (request) => service.importCsv(actorOf(request), request.body),
  )
}

export default regionsRoutes
