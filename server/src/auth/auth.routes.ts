import { ChangePasswordBody, CurrentUser, LoginBody, OkBody, RefreshBody, ROLES, TokenPair } from '@eldercare/shared'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { errorResponses } from '../http/responses.js'
import { actorOf } from './actor.js'

const authRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const limit = { max: fastify.config.loginRateLimitPerMinute, timeWindow: 60_000 }

  fastify.post(
    '/auth/login',
    {
      config: { public: true, rateLimit: limit },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with tenant code, username and password',
        security: [],
        body: LoginBody,
        response: { 200: TokenPair, ...errorResponses(400, 401, 423, 429) },
      },
    },
    (request) => fastify.authService.login(request.body, request.ip),
  )

  fastify.post(
    '/auth/refresh',
    {
      config: { public: true, rateLimit: limit },
      schema: {
        tags: ['auth'],
        summary: 'Trade a refresh token for a new pair; the old one stops working',
        security: [],
        body: RefreshBody,
        response: { 200: TokenPair, ...errorResponses(400, 401, 429) },
      },
    },
    (request) => fastify.authService.refresh(request.body.refreshToken, request.ip),
  )

  fastify.post(
    '/auth/logout',
    {
      config: { roles: ROLES, allowWhilePasswordChangeRequired: true },
      schema: {
        tags: ['auth'],
        summary: 'Revoke the session the refresh token belongs to',
        body: RefreshBody,
        response: { 200: OkBody, ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      await fastify.authService.logout(actorOf(request), request.body.refreshToken)
      return { ok: true as const }
    },
  )

  fastify.get(
    '/auth/me',
    {
      config: { roles: ROLES, allowWhilePasswordChangeRequired: true },
      schema: { tags: ['auth'], summary: 'The signed-in user with role and scope', response: { 200: CurrentUser, ...errorResponses(401) } },
    },
    (request) => fastify.authService.currentUser(actorOf(request)),
  )

  fastify.post(
    '/auth/change-password',
    {
      config: { roles: ROLES, allowWhilePasswordChangeRequired: true },
      schema: {
        tags: ['auth'],
        summary: 'Change the own password; other sessions end',
        body: ChangePasswordBody,
        response: { 200: TokenPair, ...errorResponses(400, 401) },
      },
    },
    (request) =>
      fastify.authService.changePassword(actorOf(request), request.body.currentPassword, request.body.newPassword),
  )
}

export default authRoutes
