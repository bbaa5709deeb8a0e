import { schema, type Executor } from '@eldercare/db'
import type { PopulationBasis } from '@eldercare/shared'
import { and, asc, eq, like, sql } from 'drizzle-orm'
import fp from 'fastify-plugin'

const { populationStats, regions } = schema
export type PopulationStatInsert = typeof populationStats.$inferInsert

function populationStatsRepository(db: Executor) {
  return {
    async list(tenantId: string, filter: { year: number; basis?: PopulationBasis; townCode?: string }, exec: Executor = db) {
      return exec
        .select({ stat: populationStats, communityName: regions.name, townCode: regions.parentCode })
        .from(populationStats)
        .innerJoin(regions, and(eq(regions.tenantId, populationStats.tenantId), eq(regions.code, populationStats.communityCode)))
        .where(
          and(
            eq(populationStats.tenantId, tenantId),
            eq(populationStats.year, filter.year),
            filter.basis ? eq(populationStats.basis, filter.basis) : undefined,
            filter.townCode ? like(populationStats.communityCode, `${filter.townCode}%`) : undefined,
          ),
        )
        .orderBy(asc(populationStats.basis), asc(populationStats.communityCode))
    },

    /** Sets the figures of the communities given; the others keep theirs. */
    async upsert(rows: PopulationStatInsert[], exec: Executor = db): Promise<void> {
      if (rows.length === 0) return
      await exec
        .insert(populationStats)
        .values(rows)
        .onConflictDoUpdate({
          target: [populationStats.tenantId, populationStats.year, populationStats.basis, populationStats.communityCode],
          set: {
            population60Plus: sql`excluded.population60_plus`,
            population80Plus: sql`excluded.population80_plus`,
            populationTotal: sql`excluded.population_total`,
            updatedBy: sql`excluded.updated_by`,
            updatedAt: sql`now()`,
          },
        })
    },
  }
}

export type PopulationStatsRepository = ReturnType<typeof populationStatsRepository>

declare module 'fastify' {
  interface FastifyInstance {
    populationStatsRepository: PopulationStatsRepository
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('populationStatsRepository', populationStatsRepository(fastify.db))
  },
  { name: 'population-stats-repository', dependencies: ['database'] },
)
