import { schema, type Executor } from '@eldercare/db'
import { SETTLEMENT_LOCKED_STATUSES } from '@eldercare/shared'
import { and, asc, count, desc, eq, gte, inArray, isNull, lte, sql, type SQL } from 'drizzle-orm'
import fp from 'fastify-plugin'
import type { MealRecordInsert, MealRecordRow } from './meal-record-row.js'
import { mealRowsInsert } from './meal-rows-insert.js'

const { mealRecords, subsidyRules, mealSettings, settlements, elders, facilities, users } = schema
export type SubsidyRuleRow = typeof subsidyRules.$inferSelect

export const DEFAULT_MEAL_SETTINGS = { subsidisedMealsPerSlot: 1, backDatingDays: 3, kitchenOrderCutoff: '16:00', counterSnapshotMaxAgeDays: 7, undoWindowMinutes: 5, bureauApprovesWithoutTownReviewer: true }

export interface MealFilter {
  facilityId?: string
  elderId?: string
  from?: string
  to?: string
  slot?: string
  includeVoided?: boolean
  /** Access scope: only meals at these facilities. */
  scopeFacilityIds?: string[]
}

function mealsRepository(db: Executor) {
  // Statements every screen or meal runs, prepared once. The facts a meal is checked against are one
  // statement of their own (recording-context.repository.ts).
  const tenant = sql.placeholder('tenantId')
  const ids = sql.placeholder('ids')
  const insertMealRows = mealRowsInsert(db)
  const prepared = {
    settings: db.select().from(mealSettings).where(eq(mealSettings.tenantId, tenant)).prepare('meal_settings_of_tenant'),
    rules: db.select().from(subsidyRules).where(eq(subsidyRules.tenantId, tenant)).prepare('subsidy_rules_of_tenant'),
    records: db
      .select()
      .from(mealRecords)
      .where(and(eq(mealRecords.tenantId, tenant), sql`${mealRecords.id} = any(${ids}::uuid[])`))
      .prepare('meal_records_by_ids'),
  }

  return {
    async settings(tenantId: string, exec: Executor = db) {
      const [row] = exec === db ? await prepared.settings.execute({ tenantId }) : await exec.select().from(mealSettings).where(eq(mealSettings.tenantId, tenantId))
      return row ?? { tenantId, ...DEFAULT_MEAL_SETTINGS }
    },

    async upsertSettings(tenantId: string, values: typeof DEFAULT_MEAL_SETTINGS, exec: Executor = db) {
      await exec
        .insert(mealSettings)
        .values({ tenantId, ...values })
        .onConflictDoUpdate({ target: mealSettings.tenantId, set: { ...values, updatedAt: new Date() } })
    },

    async rules(tenantId: string, exec: Executor = db): Promise<SubsidyRuleRow[]> {
      if (exec === db) return prepared.rules.execute({ tenantId })
      return exec.select().from(subsidyRules).where(eq(subsidyRules.tenantId, tenantId)).orderBy(asc(subsidyRules.validFrom), asc(subsidyRules.name))
    },

    async findRule(tenantId: string, id: string, exec: Executor = db): Promise<SubsidyRuleRow | undefined> {
      const [row] = await exec.select().from(subsidyRules).where(and(eq(subsidyRules.tenantId, tenantId), eq(subsidyRules.id, id)))
      return row
    },

    async insertRules(rows: (typeof subsidyRules.$inferInsert)[], exec: Executor = db): Promise<void> {
      if (rows.length > 0) await exec.insert(subsidyRules).values(rows)
    },

    async endRule(tenantId: string, id: string, validTo: string, exec: Executor = db): Promise<SubsidyRuleRow | undefined> {
      const [row] = await exec
        .update(subsidyRules)
        .set({ validTo })
        .where(and(eq(subsidyRules.tenantId, tenantId), eq(subsidyRules.id, id)))
        .returning()
      return row
    },

    /** The elder's name, shown with a meal record. */
    async elderName(tenantId: string, elderId: string, exec: Executor = db): Promise<string> {
      const [row] = await exec
        .select({ name: elders.name })
        .from(elders)
        .where(and(eq(elders.tenantId, tenantId), eq(elders.id, elderId)))
      return row?.name ?? ''
    },

    async findByIds(tenantId: string, ids: string[], exec: Executor = db): Promise<Map<string, MealRecordRow>> {
      if (ids.length === 0) return new Map()
      if (exec === db) return new Map((await prepared.records.execute({ tenantId, ids })).map((row) => [row.id, row]))
      const rows = await exec
        .select()
        .from(mealRecords)
        .where(and(eq(mealRecords.tenantId, tenantId), inArray(mealRecords.id, ids)))
      return new Map(rows.map((row) => [row.id, row]))
    },

    /** Months (`YYYY-MM`) of these facilities whose statement is submitted or approved: their meals are frozen. */
    async lockedMonths(tenantId: string, facilityIds: string[], exec: Executor = db): Promise<Set<string>> {
      if (facilityIds.length === 0) return new Set()
      const rows = await exec
        .select({ facilityId: settlements.facilityId, month: settlements.month })
        .from(settlements)
        .where(and(eq(settlements.tenantId, tenantId), inArray(settlements.facilityId, facilityIds), inArray(settlements.status, [...SETTLEMENT_LOCKED_STATUSES])))
      return new Set(rows.map((row) => `${row.facilityId}:${row.month}`))
    },

    /**
     * Inserts the rows that conflict with nothing and returns their ids. A row whose id exists, or that
     * would exceed an elder's subsidised meals for the slot, is skipped for the caller to look at.
     */
    async insertNew(rows: MealRecordInsert[], exec: Executor = db): Promise<Map<string, MealRecordRow>> {
      if (rows.length === 0) return new Map()
      // One order for every batch, so parallel batches sharing rows wait for each other instead of
      // deadlocking on a shared id.
      const ordered = [...rows].sort((a, b) => a.id.localeCompare(b.id))
      return insertMealRows(ordered, exec)
    },

    async list(tenantId: string, filter: MealFilter, page: number, pageSize: number) {
      const where: SQL[] = [eq(mealRecords.tenantId, tenantId)]
      if (filter.facilityId) where.push(eq(mealRecords.facilityId, filter.facilityId))
      if (filter.elderId) where.push(eq(mealRecords.elderId, filter.elderId))
      if (filter.from) where.push(gte(mealRecords.servedOn, filter.from))
      if (filter.to) where.push(lte(mealRecords.servedOn, filter.to))
      if (filter.slot) where.push(sql`${mealRecords.slot} = ${filter.slot}`)
      if (!filter.includeVoided) where.push(isNull(mealRecords.voidedAt))
      if (filter.scopeFacilityIds) {
        where.push(filter.scopeFacilityIds.length > 0 ? inArray(mealRecords.facilityId, filter.scopeFacilityIds) : sql`false`)
      }
      const condition = and(...where)
      const rows = await db
        .select({ record: mealRecords, elderName: elders.name, facilityName: facilities.name, recorderName: users.displayName })
        .from(mealRecords)
        .innerJoin(elders, and(eq(elders.tenantId, mealRecords.tenantId), eq(elders.id, mealRecords.elderId)))
        .innerJoin(facilities, and(eq(facilities.tenantId, mealRecords.tenantId), eq(facilities.id, mealRecords.facilityId)))
        .leftJoin(users, and(eq(users.tenantId, mealRecords.tenantId), eq(users.id, mealRecords.recordedBy)))
        .where(condition)
        .orderBy(desc(mealRecords.servedOn), desc(mealRecords.recordedAt), desc(mealRecords.id))
        .limit(pageSize)
        .offset((page - 1) * pageSize)
      const [total] = await db.select({ total: count() }).from(mealRecords).where(condition)
      return {
        rows: rows.map((row) => ({ ...row.record, elderName: row.elderName, facilityName: row.facilityName, recorderName: row.recorderName ?? row.record.recordedByName })),
        total: total?.total ?? 0,
      }
    },

    async voidRecord(tenantId: string, id: string, reason: string, userId: string, exec: Executor = db): Promise<MealRecordRow | undefined> {
      const [row] = await exec
        .update(mealRecords)
        .set({ voidedAt: new Date(), voidReason: reason, voidedBy: userId })
        .where(and(eq(mealRecords.tenantId, tenantId), eq(mealRecords.id, id), isNull(mealRecords.voidedAt)))
        .returning()
      return row
    },

    async daySummary(tenantId: string, facilityId: string, servedOn: string) {
      return db
        .select({
          slot: mealRecords.slot,
          mode: mealRecords.mode,
          meals: sql<number>`count(*)::int`,
          subsidyFen: sql<number>`coalesce(sum(${mealRecords.subsidyFen}), 0)::int`,
          selfPayFen: sql<number>`coalesce(sum(${mealRecords.selfPayFen}), 0)::int`,
        })
        .from(mealRecords)
        .where(and(eq(mealRecords.tenantId, tenantId), eq(mealRecords.facilityId, facilityId), eq(mealRecords.servedOn, servedOn), isNull(mealRecords.voidedAt)))
        .groupBy(mealRecords.slot, mealRecords.mode)
        .orderBy(mealRecords.slot, mealRecords.mode)
    },
  }
}

export type MealsRepository = ReturnType<typeof mealsRepository>

declare module 'fastify' {
  interface FastifyInstance {
    mealsRepository: MealsRepository
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('mealsRepository', mealsRepository(fastify.db))
  },
  { name: 'meals-repository', dependencies: ['database'] },
)
