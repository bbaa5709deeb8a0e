import helmet from '@fastify/helmet'
import rateLimit from '@fastify/rate-limit'
import fp from 'fastify-plugin'
import { Redis } from 'ioredis'
import { AppError } from '../errors.js'

/** Helmet's default: a year, subdomains included. */
const HSTS = 'max-age=31536000; includeSubDomains'

/**
 * Security headers for every response; rate limits only where a route asks for one (sign-in).
 *
 * The product is opened over plain http too (`http://10.3.2.15:3000` on a bureau LAN), so nothing may
 * ask the browser for https it cannot get: no `upgrade-insecure-requests` (it turns every script and
 * stylesheet into a failing https request) and no HSTS over http. HSTS and COOP are sent only when the
 * request came over https, to this process's TLS or to a trusted proxy that says so (X-Forwarded-Proto);
 * browsers ignore both over http anyway.
 */
export default fp(
  async (fastify) => {
    await fastify.register(helmet, {
      contentSecurityPolicy: {
        directives: {
          // Element Plus sets inline styles; scripts stay same-origin only.
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
          'upgrade-insecure-requests': null,
        },
      },
      strictTransportSecurity: false,
      crossOriginOpenerPolicy: false,
    })
    fastify.addHook('onRequest', async (request, reply) => {
      if (request.protocol !== 'https') return
      reply.header('strict-transport-security', HSTS)
      reply.header('cross-origin-opener-policy', 'same-origin')
    })
    // Several API instances must count sign-in attempts together: in Redis when one is configured.
    const redis = fastify.config.redisUrl ? new Redis(fastify.config.redisUrl, { connectTimeout: 500, maxRetriesPerRequest: 1 }) : null
    if (redis) fastify.addHook('onClose', async () => void (await redis.quit()))
    await fastify.register(rateLimit, {
      global: false,
      ...(redis ? { redis, nameSpace: 'eldercare-rate-limit-', skipOnError: true } : {}),
      errorResponseBuilder: (_request, context) =>
        new AppError('RATE_LIMITED', `too many attempts, retry in ${Math.ceil(context.ttl / 1000)} s`),
    })
  },
  { name: 'security' },
)
