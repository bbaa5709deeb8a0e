import { Health } from '@eldercare/shared'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'

const PING_TIMEOUT_MS = 2000

/** For load balancers and monitoring: 200 when the database answers, 503 when it does not. */
const healthRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/api/health',
    { config: { public: true }, schema: { tags: ['health'], security: [], response: { 200: Health, 503: Health } } },
    async (_request, reply) => {
      const driver = fastify.dbHandle.driver
      let timer: NodeJS.Timeout | undefined
      try {
        await Promise.race([
          fastify.dbHandle.ping(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error('ping timed out')), PING_TIMEOUT_MS)
          }),
        ])
        return { status: 'ok' as const, database: 'ok' as const, driver }
      } catch (error) {
        fastify.log.warn({ err: error }, 'health check: database unreachable')
        return reply.code(503).send({ status: 'unavailable' as const, database: 'unreachable' as const, driver })
      } finally {
        clearTimeout(timer)
      }
    },
  )
}

export default healthRoutes
