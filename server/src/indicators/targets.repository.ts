import { schema, type Executor } from '@eldercare/db'
import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { WORK_PLAN_TARGETS } from '@eldercare/shared'
import fp from 'fastify-plugin'

/** The year of the work plan (定海区 2024 年养老服务工作要点) whose targets every tenant starts with. */
export const WORK_PLAN_YEAR = 2024

const { indicatorTargets, indicatorSettings } = schema
export type IndicatorTargetRow = typeof indicatorTargets.$inferSelect
export type IndicatorTargetInsert = typeof indicatorTargets.$inferInsert

/** The year's targets and the tenant's indicator settings. */
function targetsRepository(db: Executor) {
  const seeded = new Set<string>()
  return {
    async list(tenantId: string, years: number[], exec: Executor = db): Promise<IndicatorTargetRow[]> {
      return exec
        .select()
        .from(indicatorTargets)
        .where(and(eq(indicatorTargets.tenantId, tenantId), inArray(indicatorTargets.year, years)))
        .orderBy(asc(indicatorTargets.year))
    },

    async upsert(rows: IndicatorTargetInsert[], exec: Executor = db): Promise<void> {
      if (rows.length === 0) return
      await exec
        .insert(indicatorTargets)
        .values(rows)
        .onConflictDoUpdate({
          target: [indicatorTargets.tenantId, indicatorTargets.year, indicatorTargets.key],
          set: { comparator: sql`excluded.comparator`, value: sql`excluded.value`, updatedAt: sql`now()` },
        })
    },

    /**
     * Gives a tenant the work plan's targets for its year where it has none of its own yet; seeding never
     * overwrites the bureau's edits. Done once per tenant and process, on first use.
     */
    async seedWorkPlan(tenantId: string): Promise<void> {
      if (seeded.has(tenantId)) return
      await db
        .insert(indicatorTargets)
        .values(WORK_PLAN_TARGETS.map((target) => ({ tenantId, year: WORK_PLAN_YEAR, ...target })))
        .onConflictDoNothing()
      seeded.add(tenantId)
    },

    async settings(tenantId: string, exec: Executor = db): Promise<Record<string, unknown> | undefined> {
      const [row] = await exec.select().from(indicatorSettings).where(eq(indicatorSettings.tenantId, tenantId))
      return row?.settings
    },

    async saveSettings(tenantId: string, settings: Record<string, unknown>, exec: Executor = db): Promise<void> {
      await exec
        .insert(indicatorSettings)
        .values({ tenantId, settings })
        .onConflictDoUpdate({ target: indicatorSettings.tenantId, set: { settings, updatedAt: sql`now()` } })
    },
  }
}

export type TargetsRepository = ReturnType<typeof targetsRepository>

declare module 'fastify' {
  interface FastifyInstance {
    targetsRepository: TargetsRepository
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('targetsRepository', targetsRepository(fastify.db))
  },
  { name: 'targets-repository', dependencies: ['database'] },
)
