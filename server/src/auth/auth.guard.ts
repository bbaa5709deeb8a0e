import jwt from '@fastify/jwt'
import fp from 'fastify-plugin'
import { AppError } from '../errors.js'
import type { AccessClaims } from './auth.service.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function tokenError(error: unknown): AppError {
  const code = (error as { code?: string }).code ?? ''
  if (code === 'FST_JWT_AUTHORIZATION_TOKEN_EXPIRED') return new AppError('AUTH_TOKEN_EXPIRED', 'access token expired')
  if (code === 'FST_JWT_NO_AUTHORIZATION_IN_HEADER' || code === 'FST_JWT_BAD_REQUEST') {
    return new AppError('AUTH_REQUIRED', 'sign in first')
  }
  return new AppError('AUTH_TOKEN_INVALID', 'access token is invalid')
}

/**
 * Signs access tokens (HS256 only) and guards every `/api/v1` route that is not public: a valid
 * token, a live account whose token version matches, a session not signed out, and a role the route names.
 */
export default fp(
  async (fastify) => {
    await fastify.register(jwt, {
      secret: fastify.secrets.jwtSecret,
      sign: { algorithm: 'HS256', expiresIn: `${fastify.config.accessTokenTtlSeconds}s` },
      verify: { algorithms: ['HS256'] },
    })
    fastify.decorateRequest('actor', null)
    fastify.addHook('onRequest', async (request) => {
      const url = request.routeOptions.url
      const access = request.routeOptions.config
      if (!url?.startsWith('/api/v1/') || access.public) return
      let claims: AccessClaims
      try {
        claims = await request.jwtVerify<AccessClaims>()
      } catch (error) {
        throw tokenError(error)
      }
      if (typeof claims.sub !== 'string' || typeof claims.tid !== 'string' || typeof claims.tv !== 'number' || typeof claims.sid !== 'string' || !UUID.test(claims.sid)) {
        throw new AppError('AUTH_TOKEN_INVALID', 'access token is invalid')
      }
      request.actor = await fastify.authService.authenticate(claims, access, request.ip)
    })
  },
  { name: 'auth-guard', dependencies: ['error-handler'] },
)
