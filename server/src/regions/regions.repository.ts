import { schema, type Executor } from '@eldercare/db'
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm'
import fp from 'fastify-plugin'

const { regions } = schema
export type RegionRow = typeof regions.$inferSelect
export type RegionInsert = typeof regions.$inferInsert

function regionsRepository(db: Executor) {
  async function findLevel(tenantId: string, level: 'town' | 'community', codes: string[], exec: Executor): Promise<RegionRow[]> {
    if (codes.length === 0) return []
    return exec
      .select()
      .from(regions)
      .where(and(eq(regions.tenantId, tenantId), eq(regions.level, level), inArray(regions.code, codes)))
  }

  return {
    async list(tenantId: string, filter: { level?: 'town' | 'community'; parentCode?: string }, exec: Executor = db): Promise<RegionRow[]> {
      const conditions: SQL[] = [eq(regions.tenantId, tenantId)]
      if (filter.level) conditions.push(eq(regions.level, filter.level))
      if (filter.parentCode) conditions.push(eq(regions.parentCode, filter.parentCode))
      return exec
        .select()
        .from(regions)
        .where(and(...conditions))
        .orderBy(asc(regions.code))
    },

    async findByCode(tenantId: string, code: string, exec: Executor = db): Promise<RegionRow | undefined> {
      const [row] = await exec
        .select()
        .from(regions)
        .where(and(eq(regions.tenantId, tenantId), eq(regions.code, code)))
      return row
    },

    async findTowns(tenantId: string, codes: string[], exec: Executor = db): Promise<RegionRow[]> {
      return findLevel(tenantId, 'town', codes, exec)
    },

    async findCommunities(tenantId: string, codes: string[], exec: Executor = db): Promise<RegionRow[]> {
      return findLevel(tenantId, 'community', codes, exec)
    },

    async update(tenantId: string, code: string, changes: Partial<RegionInsert>, exec: Executor = db): Promise<RegionRow | undefined> {
      const [row] = await exec
        .update(regions)
        .set({ ...changes, updatedAt: new Date() })
        .where(and(eq(regions.tenantId, tenantId), eq(regions.code, code)))
        .returning()
      return row
    },

    /**
     * Inserts or updates regions from an official list. The list decides name, level, parent and kind;
     * urban/rural and island are the bureau's own edits, so an import only fills them where it says something.
     * Returns how many rows were new.
     */
    async upsertOfficial(rows: RegionInsert[], exec: Executor = db): Promise<{ created: number; updated: number }> {
      if (rows.length === 0) return { created: 0, updated: 0 }
      const result = await exec
        .insert(regions)
        .values(rows)
        .onConflictDoUpdate({
          target: [regions.tenantId, regions.code],
          set: {
            name: sql`excluded.name`,
            level: sql`excluded.level`,
            parentCode: sql`excluded.parent_code`,
            kind: sql`excluded.kind`,
            island: sql`coalesce(excluded.island, ${regions.island})`,
            updatedAt: sql`now()`,
          },
        })
        .returning({ inserted: sql<boolean>`(xmax = 0)` })
      const created = result.filter((row) => row.inserted).length
      return { created, updated: result.length - created }
    },
  }
}

export type RegionsRepository = ReturnType<typeof regionsRepository>

declare module 'fastify' {
  interface FastifyInstance {
    regionsRepository: RegionsRepository
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('regionsRepository', regionsRepository(fastify.db))
  },
  { name: 'regions-repository', dependencies: ['database'] },
)
