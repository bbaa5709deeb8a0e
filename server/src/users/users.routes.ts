import { IdParams, Page, ResetPasswordBody, User, UserCreate, UserListQuery, UserUpdate } from '@eldercare/shared'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { actorOf } from '../auth/actor.js'
import { errorResponses } from '../http/responses.js'

const roles = ['bureau_admin'] as const

const usersRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = fastify.usersService

  fastify.get(
    '/users',
    {
      config: { roles },
      schema: { tags: ['users'], querystring: UserListQuery, response: { 200: Page(User), ...errorResponses(400, 401, 403) } },
    },
    (request) => service.list(actorOf(request), request.query),
  )

  fastify.get(
    '/users/:id',
    {
      config: { roles },
      schema: { tags: ['users'], params: IdParams, response: { 200: User, ...errorResponses(400, 401, 403, 404) } },
    },
    (request) => service.get(actorOf(request), request.params.id),
  )

  fastify.post(
    '/users',
    {
      config: { roles },
      schema: { tags: ['users'], body: UserCreate, response: { 201: User, ...errorResponses(400, 401, 403, 409) } },
    },
    async (request, reply) => reply.code(201).send(await service.create(actorOf(request), request.body)),
  )

  fastify.patch(
    '/users/:id',
    {
      config: { roles },
      schema: { tags: ['users'], params: IdParams, body: UserUpdate, response: { 200: User, ...errorResponses(400, 401, 403, 404) } },
    },
    (request) => service.update(actorOf(request), request.params.id, request.body),
  )

  for (const [action, status] of [
    ['disable', 'disabled'],
    ['enable', 'active'],
  ] as const) {
    fastify.post(
      `/users/:id/${action}`,
      {
        config: { roles },
        schema: { tags: ['users'], params: IdParams, response: { 200: User, ...errorResponses(400, 401, 403, 404, 409) } },
      },
      (request) => service.setStatus(actorOf(request), request.params.id, status),
    )
  }

  fastify.post(
    '/users/:id/reset-password',
    {
      config: { roles },
      schema: {
        tags: ['users'],
        summary: 'Set a temporary password the user must change on next sign-in',
        params: IdParams,
        body: ResetPasswordBody,
        response: { 200: User, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => service.resetPassword(actorOf(request), request.params.id, request.body.newPassword),
  )
}

export default usersRoutes
