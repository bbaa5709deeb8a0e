import type { Database, DbHandle } from '@eldercare/db'
import fp from 'fastify-plugin'

declare module 'fastify' {
  interface FastifyInstance {
    db: Database
    dbHandle: DbHandle
  }
}

/** Exposes the database opened by the caller (server.ts or a test); whoever opened it closes it. */
export default fp<{ database: DbHandle }>(
  async (fastify, { database }) => {
    fastify.decorate('dbHandle', database)
    fastify.decorate('db', database.db)
  },
  { name: 'database' },
)
