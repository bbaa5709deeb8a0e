import { schema, type Executor } from '@eldercare/db'
import { MEAL_MODES, MEAL_SLOTS, PAYMENT_METHODS, type SettlementTotals } from '@eldercare/shared'
import { and, count, desc, eq, gte, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm'
import fp from 'fastify-plugin'

const { settlements, mealRecords, facilities, users, userTownScopes, regions, subsidyRecoveries, subsidyFindings } = schema
export type SettlementRow = typeof settlements.$inferSelect

/** First day of the month and of the next one, for a half-open date range. */
export function monthRange(month: string): [string, string] {
  const [year, m] = month.split('-').map(Number) as [number, number]
  const next = m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`
  return [`${month}-01`, `${next}-01`]
}

export interface SettlementFilter {
  month?: string
  status?: string
  facilityIds?: string[]
  townCodes?: string[]
  /** Statements waiting for the town's review, or for the bureau's approval. */
  awaiting?: 'town_review' | 'bureau_approval'
  bureauApprovesWithoutTownReviewer?: boolean
}

/** SQL: the town (9-digit code expression) has an active town staff member. */
function townHasReviewer(townCode: SQL): SQL {
  return sql`exists (select 1 from ${userTownScopes} s join ${users} u on u.tenant_id = s.tenant_id and u.id = s.user_id
    where s.tenant_id = ${settlements.tenantId} and s.town_code = ${townCode} and u.role = 'town_staff' and u.status = 'active')`
}

function settlementsRepository(db: Executor) {
  return {
    async find(tenantId: string, facilityId: string, month: string, exec: Executor = db): Promise<SettlementRow | undefined> {
      const [row] = await exec
        .select()
        .from(settlements)
        .where(and(eq(settlements.tenantId, tenantId), eq(settlements.facilityId, facilityId), eq(settlements.month, month)))
      return row
    },

    async list(tenantId: string, filter: SettlementFilter, page: number, pageSize: number) {
      const where: SQL[] = [eq(settlements.tenantId, tenantId)]
      if (filter.month) where.push(eq(settlements.month, filter.month))
      if (filter.status) where.push(sql`${settlements.status} = ${filter.status}`)
      if (filter.facilityIds) where.push(filter.facilityIds.length > 0 ? inArray(settlements.facilityId, filter.facilityIds) : sql`false`)
      if (filter.townCodes) where.push(filter.townCodes.length > 0 ? inArray(sql`left(${facilities.communityCode}, 9)`, filter.townCodes) : sql`false`)
      if (filter.awaiting) {
        // Whether the statement's town reviews it: it has active town staff, or the bureau may not approve without them.
        const reviewed = filter.bureauApprovesWithoutTownReviewer ? townHasReviewer(sql`left(${facilities.communityCode}, 9)`) : sql`true`
        where.push(
          filter.awaiting === 'town_review'
            ? sql`(${settlements.status} = 'submitted' and ${reviewed})`
            : sql`(${settlements.status} = 'town_approved' or (${settlements.status} = 'submitted' and not ${reviewed}))`,
        )
      }
      const condition = and(...where)
      const joined = and(eq(facilities.tenantId, settlements.tenantId), eq(facilities.id, settlements.facilityId))
      const rows = await db
        .select({ settlement: settlements, facilityName: facilities.name, communityCode: facilities.communityCode })
        .from(settlements)
        .innerJoin(facilities, joined)
        .where(condition)
        .orderBy(desc(settlements.month), facilities.name)
        .limit(pageSize)
        .offset((page - 1) * pageSize)
      const [total] = await db.select({ total: count() }).from(settlements).innerJoin(facilities, joined).where(condition)
      return { rows, total: total?.total ?? 0 }
    },

    /** Towns of the tenant with at least one active town staff member to review their statements. */
    async townsWithReviewer(tenantId: string, exec: Executor = db): Promise<Set<string>> {
      const rows = await exec
        .selectDistinct({ townCode: userTownScopes.townCode })
        .from(userTownScopes)
        .innerJoin(users, and(eq(users.tenantId, userTownScopes.tenantId), eq(users.id, userTownScopes.userId)))
        .where(and(eq(userTownScopes.tenantId, tenantId), eq(users.role, 'town_staff'), eq(users.status, 'active')))
      return new Set(rows.map((row) => row.townCode))
    },

    async townName(tenantId: string, townCode: string, exec: Executor = db): Promise<string> {
      const [row] = await exec.select({ name: regions.name }).from(regions).where(and(eq(regions.tenantId, tenantId), eq(regions.code, townCode)))
      return row?.name ?? ''
    },

    /** Display names of users by id, for the statement's signatures. */
    async userNames(tenantId: string, ids: string[], exec: Executor = db): Promise<Map<string, string>> {
      if (ids.length === 0) return new Map()
      const rows = await exec.select({ id: users.id, name: users.displayName }).from(users).where(and(eq(users.tenantId, tenantId), inArray(users.id, ids)))
      return new Map(rows.map((row) => [row.id, row.name]))
    },

    /** Upserts the statement with a new status; returns the stored row. */
    async save(row: typeof settlements.$inferInsert, exec: Executor = db): Promise<SettlementRow> {
      const [saved] = await exec
        .insert(settlements)
        .values(row)
        .onConflictDoUpdate({
          target: [settlements.tenantId, settlements.facilityId, settlements.month],
          set: {
            status: row.status,
            comment: row.comment ?? null,
            totals: row.totals ?? null,
            submittedAt: row.submittedAt ?? null,
            submittedBy: row.submittedBy ?? null,
            townReviewedAt: row.townReviewedAt ?? null,
            townReviewedBy: row.townReviewedBy ?? null,
            decidedAt: row.decidedAt ?? null,
            decidedBy: row.decidedBy ?? null,
            updatedAt: new Date(),
          },
        })
        .returning()
      return saved!
    },

    /** The month's meals of a facility, not voided, summed the ways the statement shows them, and the month's 追回补贴. */
    async totals(tenantId: string, facilityId: string, month: string, exec: Executor = db): Promise<SettlementTotals> {
      const [from, to] = monthRange(month)
      const where = and(
        eq(mealRecords.tenantId, tenantId),
        eq(mealRecords.facilityId, facilityId),
        gte(mealRecords.servedOn, from),
        lt(mealRecords.servedOn, to),
        isNull(mealRecords.voidedAt),
      )
      const sums = {
        meals: sql<number>`count(*)::int`,
        subsidyFen: sql<number>`coalesce(sum(${mealRecords.subsidyFen}), 0)::int`,
        selfPayFen: sql<number>`coalesce(sum(${mealRecords.selfPayFen}), 0)::int`,
      }
      const [bySlotAndMode, byPaymentMethod, [all], recoveries] = await Promise.all([
        exec.select({ slot: mealRecords.slot, mode: mealRecords.mode, ...sums }).from(mealRecords).where(where).groupBy(mealRecords.slot, mealRecords.mode).orderBy(mealRecords.slot, mealRecords.mode),
        exec
          .select({ paymentMethod: mealRecords.paymentMethod, meals: sums.meals, selfPayFen: sums.selfPayFen })
          .from(mealRecords)
          .where(where)
          .groupBy(mealRecords.paymentMethod)
          .orderBy(mealRecords.paymentMethod),
        exec.select({ ...sums, priceFen: sql<number>`coalesce(sum(${mealRecords.priceFen}), 0)::int` }).from(mealRecords).where(where),
        exec
          .select({
            findingId: subsidyRecoveries.findingId,
            kind: subsidyFindings.kind,
            mealRecordIds: sql<string[]>`array_agg(${subsidyRecoveries.mealRecordId} order by ${subsidyRecoveries.mealRecordId})`,
            amountFen: sql<number>`sum(${subsidyRecoveries.amountFen})::int`,
          })
          .from(subsidyRecoveries)
          .innerJoin(subsidyFindings, and(eq(subsidyFindings.tenantId, subsidyRecoveries.tenantId), eq(subsidyFindings.id, subsidyRecoveries.findingId)))
          .where(and(eq(subsidyRecoveries.tenantId, tenantId), eq(subsidyRecoveries.facilityId, facilityId), eq(subsidyRecoveries.month, month)))
          .groupBy(subsidyRecoveries.findingId, subsidyFindings.kind)
          .orderBy(subsidyRecoveries.findingId),
      ])
      // Slots in the order of the day; payment methods in the order the statement lists them.
      bySlotAndMode.sort((a, b) => MEAL_SLOTS.indexOf(a.slot) - MEAL_SLOTS.indexOf(b.slot) || MEAL_MODES.indexOf(a.mode) - MEAL_MODES.indexOf(b.mode))
      byPaymentMethod.sort((a, b) => PAYMENT_METHODS.indexOf(a.paymentMethod) - PAYMENT_METHODS.indexOf(b.paymentMethod))
      const subsidyFen = all?.subsidyFen ?? 0
      const recoveryFen = recoveries.reduce((total, line) => total + line.amountFen, 0)
      return {
        meals: all?.meals ?? 0,
        priceFen: all?.priceFen ?? 0,
        subsidyFen: all?.subsidyFen ?? 0,
        selfPayFen: all?.selfPayFen ?? 0,
        cardPaidFen: byPaymentMethod.find((row) => row.paymentMethod === 'care_card')?.selfPayFen ?? 0,
        bySlotAndMode,
        byPaymentMethod,
        recoveries,
        recoveryFen,
        payableSubsidyFen: subsidyFen - recoveryFen,
      }
    },
  }
}

export type SettlementsRepository = ReturnType<typeof settlementsRepository>

declare module 'fastify' {
  interface FastifyInstance {
    settlementsRepository: SettlementsRepository
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('settlementsRepository', settlementsRepository(fastify.db))
  },
  { name: 'settlements-repository', dependencies: ['database'] },
)
