import { IdParams, Page, PageQuery, Tenant, TenantCreate } from '@eldercare/shared'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { actorOf } from '../auth/actor.js'
import { errorResponses } from '../http/responses.js'

const roles = ['platform_admin'] as const

const tenantsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/tenants',
    {
      config: { roles },
      schema: { tags: ['tenants'], querystring: PageQuery, response: { 200: Page(Tenant), ...errorResponses(400, 401, 403) } },
    },
    (request) => fastify.tenantsService.list(request.query.page ?? 1, request.query.pageSize ?? 20),
  )

  fastify.get(
    '/tenants/:id',
    {
      config: { roles },
      schema: { tags: ['tenants'], params: IdParams, response: { 200: Tenant, ...errorResponses(400, 401, 403, 404) } },
    },
    (request) => fastify.tenantsService.get(request.params.id),
  )

  fastify.post(
    '/tenants',
    {
      config: { roles },
      schema: {
        tags: ['tenants'],
        summary: 'Create a district tenant with its first bureau admin',
        body: TenantCreate,
        response: { 201: Tenant, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await fastify.tenantsService.create(actorOf(request), request.body)),
  )
}

export default tenantsRoutes
