import helmet from '@fastify/helmet'
import rateLimit from '@fastify/rate-limit'
import fp from 'fastify-plugin'
import { Redis } from 'ioredis'
import { AppError } from '../errors.js'

/** Security headers for every response; rate limits only where a route asks for one (sign-in). */
export default fp(
  async (fastify) => {
    await fastify.register(helmet, {
      contentSecurityPolicy: {
        directives: {
          // Element Plus sets inline styles; scripts stay same-origin only.
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
        },
      },
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
