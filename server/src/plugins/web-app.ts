import fastifyStatic from '@fastify/static'
import fp from 'fastify-plugin'
import { logSafeUrl } from '../privacy/log-safe.js'

/**
 * Serves the built web app from one process with the API. Unknown paths outside /api get index.html,
 * so the browser's router handles deep links; unknown API paths get the JSON 404.
 */
export default fp<{ webRoot: string | null }>(
  async (fastify, { webRoot }) => {
    // wildcard: files are looked up per request, so a rebuilt web app is served without a restart.
    if (webRoot) await fastify.register(fastifyStatic, { root: webRoot, wildcard: true, index: 'index.html' })
    fastify.setNotFoundHandler((request, reply) => {
      const wantsPage = request.method === 'GET' && !request.url.startsWith('/api') && webRoot !== null
      if (wantsPage) return reply.sendFile('index.html')
      return reply.code(404).send({ statusCode: 404, code: 'NOT_FOUND', message: `no route ${request.method} ${logSafeUrl(request.url.split('?')[0]!)}` })
    })
  },
  { name: 'web-app' },
)
