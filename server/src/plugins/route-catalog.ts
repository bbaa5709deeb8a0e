import type { Role } from '@eldercare/shared'
import fp from 'fastify-plugin'

export interface CatalogEntry {
  method: string
  url: string
  roles: readonly Role[]
  public: boolean
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every `/api/v1` route with who may call it; the authorization matrix test reads this. */
    routeCatalog: CatalogEntry[]
  }
}

/**
 * Records the API routes as they are registered and refuses, at start, any `/api/v1` route that does
 * not say who may call it: access is never left to a default.
 */
export default fp(
  async (fastify) => {
    const catalog: CatalogEntry[] = []
    fastify.decorate('routeCatalog', catalog)
    fastify.addHook('onRoute', (route) => {
      if (!route.url.startsWith('/api/v1/')) return
      const config = route.config ?? {}
      if (!config.public && !(config.roles && config.roles.length > 0)) {
        throw new Error(`route ${String(route.method)} ${route.url} declares neither config.roles nor config.public`)
      }
      for (const method of [route.method].flat()) {
        if (method === 'HEAD') continue
        catalog.push({ method, url: route.url, roles: config.roles ?? [], public: Boolean(config.public) })
      }
    })
  },
  { name: 'route-catalog' },
)
