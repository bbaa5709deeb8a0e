import { type ErrorBody, type ErrorCode, type ErrorDetail } from '@eldercare/shared'
import type { FastifyError } from 'fastify'
import fp from 'fastify-plugin'
import { AppError } from '../errors.js'
import { sqlState } from '../http/postgres-errors.js'

/**
 * SQLSTATEs of text PostgreSQL cannot store: a NUL character (22021), a half surrogate pair in jsonb
 * (22P05). The schemas refuse such text; this keeps any field they miss a 400, never a 500.
 */
const UNSTORABLE_TEXT = new Set(['22021', '22P05'])

/** Codes of postgres.js and Node meaning the database cannot be reached right now. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000',
  '08001',
  '08003',
  '08006',
])

function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error || (e && typeof e === 'object'); e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true
    if (!(e as { cause?: unknown }).cause) break
  }
  return false
}

function body(statusCode: number, code: ErrorCode, message: string, details?: ErrorDetail[]): ErrorBody {
  return details ? { statusCode, code, message, details } : { statusCode, code, message }
}

function fromFrameworkError(error: FastifyError): ErrorBody | null {
  if (error.validation) {
    const details = error.validation.map((issue) => {
      // A field or parameter the schema does not name is pointed at by its name, when that is a name
      // (a personal number sent as a field name is not said back).
      const name = issue.keyword === 'additionalProperties' ? String(issue.params.additionalProperty) : ''
      const unknown = /^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(name) ? `/${name}` : ''
      return { path: `/${error.validationContext ?? 'body'}${issue.instancePath}${unknown}`, message: issue.message ?? 'invalid' }
    })
    return body(400, 'VALIDATION_FAILED', 'request does not match the schema', details)
  }
  const status = error.statusCode ?? 500
  if (status === 413) return body(413, 'PAYLOAD_TOO_LARGE', 'request body is too large')
  if (status === 429) return body(429, 'RATE_LIMITED', 'too many requests, try again later')
  if (status === 404) return body(404, 'NOT_FOUND', 'not found')
  if (status === 415) return body(415, 'UNSUPPORTED_MEDIA_TYPE', error.message)
  if (status >= 400 && status < 500) return body(400, 'VALIDATION_FAILED', error.message)
  return null
}

/**
 * One error path for the whole API: typed errors keep their code, framework errors get one,
 * everything else is logged with the request and answered without internals.
 */
export default fp(
  async (fastify) => {
    fastify.setErrorHandler((error: FastifyError, request, reply) => {
      let payload: ErrorBody
      if (error instanceof AppError) {
        payload = body(error.statusCode, error.code, error.message, error.details)
      } else if (UNSTORABLE_TEXT.has(sqlState(error) ?? '')) {
        payload = body(400, 'VALIDATION_FAILED', 'the request holds characters that cannot be stored')
      } else if (isDatabaseUnavailable(error)) {
        request.log.error({ err: error }, 'database unavailable')
        payload = body(503, 'DATABASE_UNAVAILABLE', 'the database is unavailable, retry shortly')
        reply.header('retry-after', '5')
      } else {
        const known = fromFrameworkError(error)
        if (known) {
          payload = known
        } else {
          request.log.error({ err: error }, 'unhandled error')
          payload = body(500, 'INTERNAL_ERROR', 'internal error')
        }
      }
      if (payload.statusCode >= 400 && payload.statusCode < 500) request.log.info({ code: payload.code }, 'request refused')
      return reply.code(payload.statusCode).send(payload)
    })
  },
  { name: 'error-handler' },
)
