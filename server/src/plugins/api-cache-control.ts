import fp from 'fastify-plugin'

/**
 * Every `/api` answer is `Cache-Control: no-store` unless its route sets another: answers carry personal
 * data (a revealed 身份证号) and figures as of a moment, which no browser or proxy cache should keep.
 * Set first, so a handler's own `reply.header('cache-control', …)` wins.
 */
export default fp(
  async (fastify) => {
    fastify.addHook('onRequest', async (request, reply) => {
      if (request.url === '/api' || request.url.startsWith('/api/') || request.url.startsWith('/api?')) reply.header('cache-control', 'no-store')
    })
  },
  { name: 'api-cache-control' },
)
