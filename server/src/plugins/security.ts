import helmet from '@fastify/helmet'
import rateLimit from '@fastify/rate-limit'
import fp from 'fastify-plugin'
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
    await fastify.register(rateLimit, {
      global: false,
      errorResponseBuilder: (_request, context) =>
        new AppError('RATE_LIMITED', `too many attempts, retry in ${Math.ceil(context.ttl / 1000)} s`),
    })
  },
  { name: 'security' },
)
