import path from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyReply } from 'fastify'
import fp from 'fastify-plugin'
import { logSafeUrl } from '../privacy/log-safe.js'

/** Vite names every file under assets/ after a hash of its content: a changed file is a new name. */
const HASHED_ASSETS = `${path.sep}assets${path.sep}`

/**
 * Hashed assets may be kept for a year without asking again, so a reload on a slow island link
 * transfers none of them; index.html is asked for every time (it answers 304 when unchanged), so a
 * new version reaches every browser on its next visit.
 */
function cacheHeaders(reply: FastifyReply, file: string): void {
  reply.header('cache-control', file.includes(HASHED_ASSETS) ? 'public, max-age=31536000, immutable' : 'no-cache')
}

/**
 * Serves the built web app from one process with the API. The build writes Brotli and gzip files beside
 * every asset; the one the browser accepts is sent (`preCompressed`). Unknown paths outside /api and
 * /assets get index.html, so the browser's router handles deep links; unknown API paths and assets
 * get the JSON 404 (an asset of an older build answered with a page would fail as a script).
 */
export default fp<{ webRoot: string | null }>(
  async (fastify, { webRoot }) => {
    // wildcard: files are looked up per request, so a rebuilt web app is served without a restart.
    if (webRoot) {
      await fastify.register(fastifyStatic, {
        root: webRoot,
        wildcard: true,
        index: 'index.html',
        preCompressed: true,
        cacheControl: false,
        setHeaders: cacheHeaders,
      })
    }
    fastify.setNotFoundHandler((request, reply) => {
      const url = request.url
      const wantsPage = request.method === 'GET' && !url.startsWith('/api') && !url.startsWith('/assets/') && webRoot !== null
      if (wantsPage) return reply.sendFile('index.html')
      return reply.code(404).send({ statusCode: 404, code: 'NOT_FOUND', message: `no route ${request.method} ${logSafeUrl(url.split('?')[0]!)}` })
    })
  },
  { name: 'web-app' },
)
