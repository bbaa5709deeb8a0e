import { schema, type Executor } from '@eldercare/db'
import { and, eq, sql } from 'drizzle-orm'
import fp from 'fastify-plugin'

const { importColumnMappings } = schema

/** An import the tenant's users named columns for: the roster or the population figures. */
export type ImportKind = 'roster' | 'population'

export interface StoredMapping {
  headerKey: string
  header: string
  field: string
}

/** What the tenant's users said header texts mean, per kind of import and header key. */
function importMappingsRepository(db: Executor) {
  return {
    async list(tenantId: string, kind: ImportKind, exec: Executor = db): Promise<StoredMapping[]> {
      return exec
        .select({ headerKey: importColumnMappings.headerKey, header: importColumnMappings.header, field: importColumnMappings.field })
        .from(importColumnMappings)
        .where(and(eq(importColumnMappings.tenantId, tenantId), eq(importColumnMappings.kind, kind)))
        .orderBy(importColumnMappings.headerKey)
    },

    /** The same header said again replaces what it meant. */
    async save(tenantId: string, kind: ImportKind, mappings: StoredMapping[], exec: Executor = db): Promise<void> {
      if (mappings.length === 0) return
      await exec
        .insert(importColumnMappings)
        .values(mappings.map((mapping) => ({ tenantId, kind, ...mapping })))
        .onConflictDoUpdate({
          target: [importColumnMappings.tenantId, importColumnMappings.kind, importColumnMappings.headerKey],
          set: { field: sql`excluded.field`, header: sql`excluded.header`, updatedAt: new Date() },
        })
    },

    /** The mappings of `kind` whose field is still one of `fields`, as the parsers take them. */
    async fieldsByHeader<F extends string>(tenantId: string, kind: ImportKind, fields: readonly F[], exec: Executor = db): Promise<{ header: string; headerKey: string; field: F }[]> {
      return (await this.list(tenantId, kind, exec)).flatMap((row) => {
        const field = fields.find((candidate) => candidate === row.field)
        return field ? [{ header: row.header, headerKey: row.headerKey, field }] : []
      })
    },
  }
}

export type ImportMappingsRepository = ReturnType<typeof importMappingsRepository>

declare module 'fastify' {
  interface FastifyInstance {
    importMappingsRepository: ImportMappingsRepository
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('importMappingsRepository', importMappingsRepository(fastify.db))
  },
  { name: 'import-mappings-repository', dependencies: ['database'] },
)
