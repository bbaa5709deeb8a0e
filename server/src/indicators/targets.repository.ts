import { schema, type Executor } from '@eldercare/db'
import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { WORK_PLAN_TARGETS } from '@eldercare/shared'
import fp from 'fastify-plugin'
import { PLATFORM_TENANT } from '../platform/bootstrap-platform-admin.js'

/** The year of the work plan (定海区 2024 年养老服务工作要点) whose targets every tenant starts with. */
export const WORK_PLAN_YEAR = 2024

const { indicatorTargets, indicatorSettings } = schema
export type IndicatorTargetRow = typeof indicatorTargets.$inferSelect
export type IndicatorTargetInsert = typeof indicatorTargets.$inferInsert

/** The year's targets and the tenant's indicator settings. */
function targetsRepository(db: Executor) {
  return {
    async list(tenantId: string, years: number[], exec: Executor = db): Promise<IndicatorTargetRow[]> {
      return exec
        .select()
        .from(indicatorTargets)
        .where(and(eq(indicatorTargets.tenantId, tenantId), inArray(indicatorTargets.year, years)))
        .orderBy(asc(indicatorTargets.year))
    },

    /** Removes a town's own targets for some keys: the district's apply to it again. */
    async removeTownTargets(tenantId: string, year: number, townCode: string, keys: string[], exec: Executor = db): Promise<void> {
      if (keys.length === 0) return
      await exec
        .delete(indicatorTargets)
        .where(and(eq(indicatorTargets.tenantId, tenantId), eq(indicatorTargets.year, year), eq(indicatorTargets.townCode, townCode), inArray(indicatorTargets.key, keys)))
    },

    async upsert(rows: IndicatorTargetInsert[], exec: Executor = db): Promise<void> {
      if (rows.length === 0) return
      await exec
        .insert(indicatorTargets)
        .values(rows)
        .onConflictDoUpdate({
          target: [indicatorTargets.tenantId, indicatorTargets.year, indicatorTargets.key, indicatorTargets.townCode],
          set: { comparator: sql`excluded.comparator`, value: sql`excluded.value`, updatedAt: sql`now()` },
        })
    },

    /** A year's targets become exactly `rows` (those of keys not among them go). */
    async replaceYear(tenantId: string, year: number, rows: IndicatorTargetInsert[], exec: Executor = db): Promise<void> {
      await exec.delete(indicatorTargets).where(and(eq(indicatorTargets.tenantId, tenantId), eq(indicatorTargets.year, year)))
      if (rows.length > 0) await exec.insert(indicatorTargets).values(rows)
    },

    /**
     * Gives a new tenant the work plan's targets, in the transaction that creates it. Seeding never
     * overwrites the bureau's edits: a key the tenant already has is left as it is.
     */
    async seedWorkPlan(tenantId: string, exec: Executor = db): Promise<void> {
      await exec
        .insert(indicatorTargets)
        .values(WORK_PLAN_TARGETS.map((target) => ({ tenantId, year: WORK_PLAN_YEAR, townCode: null, ...target })))
        .onConflictDoNothing()
    },

    /**
     * The same for every district at start-up: tenants created before targets came with them, and work
     * plan keys added since. With this, the reports and `GET /targets` only ever read.
     */
    async seedWorkPlanForAll(): Promise<void> {
      const targets = JSON.stringify(WORK_PLAN_TARGETS)
      await db.execute(sql`insert into indicator_targets (tenant_id, year, key, comparator, value)
        select t.id, ${WORK_PLAN_YEAR}::smallint, w.key, w.comparator, w.value
        from tenants t cross join jsonb_to_recordset(${targets}::jsonb) as w(key text, comparator text, value double precision)
        where t.code <> ${PLATFORM_TENANT.code}
        on conflict do nothing`)
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
    const repository = targetsRepository(fastify.db)
    fastify.decorate('targetsRepository', repository)
    fastify.addHook('onReady', () => repository.seedWorkPlanForAll())
  },
  { name: 'targets-repository', dependencies: ['database'] },
)
