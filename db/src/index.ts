import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js'
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator'
import postgres from 'postgres'
import * as schema from './schema/index.js'

export * as schema from './schema/index.js'
export { uuidv7 } from 'uuidv7'

/** One Drizzle type for both drivers: the rest of the code never knows which one runs. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>
/** A transaction, or the database itself where no transaction is open. */
export type Executor = Parameters<Parameters<Database['transaction']>[0]>[0] | Database

export type Driver = 'pglite' | 'postgres'

export interface DbHandle {
  db: Database
  driver: Driver
  /** Applies the committed migrations; safe to call from several instances at once. */
  migrate(): Promise<void>
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>
  close(): Promise<void>
}

const migrationsFolder = fileURLToPath(new URL('../migrations', import.meta.url))
/** Arbitrary but fixed: instances starting together take turns migrating. */
const MIGRATION_LOCK_KEY = 4_203_902

/** Which driver a URL asks for: `postgres://` and `postgresql://` use postgres.js, anything else PGlite. */
export function driverFor(url: string): Driver {
  return /^postgres(ql)?:\/\//.test(url) ? 'postgres' : 'pglite'
}

/**
 * Opens the database named by `url`:
 * - `postgres://…` — a PostgreSQL server through postgres.js;
 * - `memory://` — an in-memory PGlite (tests);
 * - anything else — a PGlite data folder at that path (`pglite://` prefix optional).
 */
export async function createDb(url: string, options: { poolSize?: number } = {}): Promise<DbHandle> {
  return driverFor(url) === 'postgres' ? openPostgres(url, options.poolSize ?? 10) : openPglite(url)
}

async function openPglite(url: string): Promise<DbHandle> {
  const dataDir = url === 'memory://' ? undefined : url.replace(/^pglite:\/\//, '')
  // PGlite creates its own folder but not the folders above it.
  if (dataDir) mkdirSync(path.dirname(path.resolve(dataDir)), { recursive: true })
  const client = await PGlite.create(dataDir)
  const db = drizzlePglite({ client, schema, casing: 'snake_case' }) as unknown as Database
  return {
    db,
    driver: 'pglite',
    migrate: () => migratePglite(drizzlePglite({ client, casing: 'snake_case' }), { migrationsFolder }),
    ping: async () => {
      await client.query('select 1')
    },
    close: () => client.close(),
  }
}

async function openPostgres(url: string, poolSize: number): Promise<DbHandle> {
  const client = postgres(url, {
    max: poolSize,
    connect_timeout: 5,
    idle_timeout: 30,
    onnotice: () => {},
  })
  const db = drizzlePostgres({ client, schema, casing: 'snake_case' }) as unknown as Database
  return {
    db,
    driver: 'postgres',
    migrate: async () => {
      // A session-level lock needs one connection: a private single-connection client.
      const connection = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {} })
      try {
        await connection`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`
        await migratePostgres(drizzlePostgres({ client: connection, casing: 'snake_case' }), { migrationsFolder })
      } finally {
        await connection.end({ timeout: 5 })
      }
    },
    ping: async () => {
      await client`select 1`
    },
    close: () => client.end({ timeout: 5 }),
  }
}
