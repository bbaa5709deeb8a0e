import { schema, type Executor } from '@eldercare/db'
import { DEFAULT_CHECK_SETTINGS, type CheckAllowance, type CheckMeal, type CheckSettings, type CheckStatusRow, type DelegateCount } from '@eldercare/shared'
import { and, asc, count, desc, eq, gt, gte, inArray, isNull, like, lte, ne, or, sql, type SQL } from 'drizzle-orm'
import fp from 'fastify-plugin'
import { shanghaiToday } from '../http/dates.js'

const { tenants, regions, subsidyFindings, subsidyFindingItems, subsidyRecoveries, subsidyCheckSettings, subsidyCheckScans, subsidyExternalLists, elderStatusHistory, mealRecords, cardLedgerEntries, careCards, facilities, elders } = schema
export type FindingRow = typeof subsidyFindings.$inferSelect
export type FindingInsert = typeof subsidyFindings.$inferInsert
export type ItemFamily = (typeof subsidyFindingItems.$inferSelect)['family']

/** A finding with the names the queue shows. */
export type FindingView = FindingRow & { elderName: string | null; facilityName: string | null }

export interface FindingFilter {
  status?: string
  kind?: string
  townCodes?: string[]
  facilityId?: string
}

const checkMealColumns = {
  id: mealRecords.id,
  elderId: mealRecords.elderId,
  facilityId: mealRecords.facilityId,
  servedOn: mealRecords.servedOn,
  slot: mealRecords.slot,
  subsidyFen: mealRecords.subsidyFen,
  collectedByDelegateId: mealRecords.collectedByDelegateId,
  recordedBy: mealRecords.recordedBy,
  recordedAt: mealRecords.recordedAt,
}

/** How far before the last scan's start the next one looks again at meals (see `incrementalSince`). */
const SCAN_OVERLAP_MS = 10 * 60_000
/** How far before it a change of the settings, a facility or a region makes the next scan look at everything. */
const CHANGE_OVERLAP_MS = 60_000

/** Rows of a raw query: postgres.js answers an array, PGlite an object holding them. */
const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows)
const instant = (at: Date) => sql`${at.toISOString()}::timestamptz`

/** A meal the checks may see as of a moment: served by that day and recorded by then. */
const asOfMeal = (asOf: Date) => and(lte(mealRecords.servedOn, shanghaiToday(asOf)), lte(mealRecords.recordedAt, asOf))

function subsidyChecksRepository(db: Executor) {
  /**
   * The scan's passes over the year group tens of thousands of rows in each worker: more memory than
   * a request's default keeps those groups off disk (the setting ends with the transaction).
   */
  const withScanMemory = <T>(run: (exec: Executor) => Promise<T>): Promise<T> =>
    db.transaction(async (tx) => {
      await tx.execute(sql`set local work_mem = '32MB'`)
      return run(tx)
    })

  /** Elders whose history holds anything but 在册, and the first day it did. */
  const notActiveSince = (tenantId: string, elderIds?: string[]) =>
    db
      .select({ elderId: elderStatusHistory.elderId, since: sql<string>`min(${elderStatusHistory.effectiveFrom})`.as('since') })
      .from(elderStatusHistory)
      .where(and(eq(elderStatusHistory.tenantId, tenantId), ne(elderStatusHistory.status, 'active'), elderIds ? inArray(elderStatusHistory.elderId, elderIds) : undefined))
      .groupBy(elderStatusHistory.elderId)
      .as('not_active')

  return {
    async tenantIds(): Promise<string[]> {
      return (await db.select({ id: tenants.id }).from(tenants)).map((row) => row.id)
    },

    async settings(tenantId: string, exec: Executor = db): Promise<CheckSettings> {
      const [row] = await exec.select().from(subsidyCheckSettings).where(eq(subsidyCheckSettings.tenantId, tenantId))
      return row ? { twoPlacesKm: row.twoPlacesKm, delegateShareFactor: row.delegateShareFactor, delegateMinMeals: row.delegateMinMeals, islandCrossings: row.islandCrossings } : DEFAULT_CHECK_SETTINGS
    },

    async upsertSettings(tenantId: string, settings: CheckSettings, exec: Executor = db): Promise<void> {
      const values = { ...settings, updatedAt: new Date() }
      await exec.insert(subsidyCheckSettings).values({ tenantId, ...values }).onConflictDoUpdate({ target: subsidyCheckSettings.tenantId, set: values })
    },

    /** The islands of the tenant's communities (null: the main island), the main island first. */
    async islands(tenantId: string): Promise<(string | null)[]> {
      const rows = await db
        .selectDistinct({ island: regions.island })
        .from(regions)
        .where(and(eq(regions.tenantId, tenantId), eq(regions.level, 'community')))
        .orderBy(sql`${regions.island} nulls first`)
      return rows.map((row) => row.island)
    },

    /** The status histories of elders who were ever anything but 在册, oldest row first. */
    async histories(tenantId: string, elderIds?: string[]): Promise<Map<string, CheckStatusRow[]>> {
      const since = notActiveSince(tenantId, elderIds)
      const rows = await db
        .select({ elderId: elderStatusHistory.elderId, status: elderStatusHistory.status, effectiveFrom: elderStatusHistory.effectiveFrom, institutionId: elderStatusHistory.institutionId })
        .from(elderStatusHistory)
        .innerJoin(since, eq(since.elderId, elderStatusHistory.elderId))
        .where(eq(elderStatusHistory.tenantId, tenantId))
        .orderBy(elderStatusHistory.elderId, asc(elderStatusHistory.effectiveFrom), asc(elderStatusHistory.recordedAt), asc(elderStatusHistory.id))
      const histories = new Map<string, CheckStatusRow[]>()
      for (const { elderId, ...row } of rows) histories.set(elderId, [...(histories.get(elderId) ?? []), row])
      return histories
    },

    /** Subsidised meals, not voided, of those elders from the first day they were not 在册 (up to `asOf`, a day). */
    async mealsSinceNotActive(tenantId: string, elderIds?: string[], asOf?: Date): Promise<CheckMeal[]> {
      const since = notActiveSince(tenantId, elderIds)
      return db
        .select(checkMealColumns)
        .from(mealRecords)
        .innerJoin(since, and(eq(since.elderId, mealRecords.elderId), gte(mealRecords.servedOn, since.since)))
        .where(and(eq(mealRecords.tenantId, tenantId), isNull(mealRecords.voidedAt), gt(mealRecords.subsidyFen, 0), asOf ? asOfMeal(asOf) : undefined))
    },

    /** Allowances credited to those elders' cards from the first day they were not 在册 (up to `asOf`). */
    async allowancesSinceNotActive(tenantId: string, elderIds?: string[], asOf?: Date): Promise<CheckAllowance[]> {
      const since = notActiveSince(tenantId, elderIds)
      const creditedOn = sql<string>`to_char(${cardLedgerEntries.createdAt} at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`
      return db
        .select({ id: cardLedgerEntries.id, elderId: careCards.elderId, cardId: cardLedgerEntries.cardId, creditedOn, amountFen: cardLedgerEntries.amountFen })
        .from(cardLedgerEntries)
        .innerJoin(careCards, and(eq(careCards.tenantId, cardLedgerEntries.tenantId), eq(careCards.id, cardLedgerEntries.cardId)))
        .innerJoin(since, and(eq(since.elderId, careCards.elderId), sql`(${cardLedgerEntries.createdAt} at time zone 'Asia/Shanghai')::date >= ${since.since}`))
        .where(and(eq(cardLedgerEntries.tenantId, tenantId), eq(cardLedgerEntries.kind, 'allowance'), asOf ? lte(cardLedgerEntries.createdAt, asOf) : undefined))
    },

    /**
     * Subsidised meals of elder-days served at more than one facility: all such days, or (`since`)
     * those with a meal stored or voided since then. Set-based, in one pass over the meals: first the
     * elders who ate at two places at all (grouped by elder and facility, which fits in memory), then
     * only their days are grouped; most elders eat at one place, so the year is never sorted.
     */
    async mealsOfMultiPlaceDays(tenantId: string, options: { since?: Date; asOf?: Date } = {}): Promise<CheckMeal[]> {
      const { since, asOf } = options
      const counted = and(eq(mealRecords.tenantId, tenantId), isNull(mealRecords.voidedAt), gt(mealRecords.subsidyFen, 0), asOf ? asOfMeal(asOf) : undefined)
      const touched = since
        ? sql`and (m.elder_id, m.served_on) in (select elder_id, served_on from meal_records where tenant_id = ${tenantId} and (synced_at >= ${instant(since)} or voided_at >= ${instant(since)}))`
        : sql``
      const counts = sql`m.tenant_id = ${tenantId} and m.voided_at is null and m.subsidy_fen > 0 ${asOf ? sql`and m.served_on <= ${shanghaiToday(asOf)}::date and m.recorded_at <= ${instant(asOf)}` : sql``} ${touched}`
      const rows = rowsOf<{ elder_id: string; served_on: string }>(
        await withScanMemory((exec) =>
          exec.execute(sql`
          select m.elder_id, m.served_on::text as served_on from meal_records m
          where ${counts} and m.elder_id in (
            select elder_id from (select m.elder_id, m.facility_id from meal_records m where ${counts} group by m.elder_id, m.facility_id) places
            group by elder_id having count(*) > 1
          )
          group by m.elder_id, m.served_on
          having count(distinct m.facility_id) > 1`),
        ),
      )
      const meals: CheckMeal[] = []
      for (let i = 0; i < rows.length; i += 2000) {
        const part = rows.slice(i, i + 2000)
        meals.push(
          ...(await db
            .select(checkMealColumns)
            .from(mealRecords)
            .where(and(counted, sql`(${mealRecords.elderId}, ${mealRecords.servedOn}) in (${sql.join(part.map((day) => sql`(${day.elder_id}::uuid, ${day.served_on}::date)`), sql`, `)})`))),
        )
      }
      return meals
    },

    /**
     * Where the next full scan may start: shortly before the last one began (a meal's stored time is
     * its transaction's start, and a transaction open when that scan began committed after it). None
     * when there was no scan yet, or the settings, a facility or a region changed since about then:
     * then everything is looked at again.
     */
    async incrementalSince(tenantId: string): Promise<Date | undefined> {
      const [last] = await db.select({ startedAt: subsidyCheckScans.startedAt }).from(subsidyCheckScans).where(eq(subsidyCheckScans.tenantId, tenantId))
      if (!last) return undefined
      const changedSince = instant(new Date(last.startedAt.getTime() - CHANGE_OVERLAP_MS))
      const [changed] = rowsOf<{ changed: boolean }>(
        await db.execute(sql`
          select exists (select 1 from subsidy_check_settings where tenant_id = ${tenantId} and updated_at >= ${changedSince})
            or exists (select 1 from facilities where tenant_id = ${tenantId} and updated_at >= ${changedSince})
            or exists (select 1 from regions where tenant_id = ${tenantId} and updated_at >= ${changedSince}) as changed`),
      )
      return changed?.changed ? undefined : new Date(last.startedAt.getTime() - SCAN_OVERLAP_MS)
    },

    /** Records when a full scan began, unless a later one already did. */
    async recordScan(tenantId: string, startedAt: Date): Promise<void> {
      await db
        .insert(subsidyCheckScans)
        .values({ tenantId, startedAt })
        .onConflictDoUpdate({ target: subsidyCheckScans.tenantId, set: { startedAt: sql`greatest(${subsidyCheckScans.startedAt}, excluded.started_at)` } })
    },

    /** The database's clock: meals are stamped by it, so the scan's start is taken from it too. */
    async databaseNow(): Promise<Date> {
      const [row] = rowsOf<{ now: string }>(await db.execute(sql`select to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as now`))
      return new Date(row!.now)
    },

    /** Months (YYYY-MM) with a meal stored or voided since then. */
    async monthsTouchedSince(tenantId: string, since: Date): Promise<string[]> {
      const rows = rowsOf<{ month: string }>(
        await db.execute(sql`
          select distinct to_char(served_on, 'YYYY-MM') as month from meal_records
          where tenant_id = ${tenantId} and (synced_at >= ${instant(since)} or voided_at >= ${instant(since)})`),
      )
      return rows.map((row) => row.month)
    },

    async facilityPoints(tenantId: string, ids: string[]) {
      if (ids.length === 0) return []
      return db
        .select({ id: facilities.id, latitude: facilities.latitude, longitude: facilities.longitude, island: regions.island })
        .from(facilities)
        .leftJoin(regions, and(eq(regions.tenantId, facilities.tenantId), eq(regions.code, facilities.communityCode)))
        .where(and(eq(facilities.tenantId, tenantId), inArray(facilities.id, ids)))
    },

    /**
     * Each ended month's meal counts per facility and per operator, and those a delegate collected: one
     * pass over the meals grouped by month, facility and operator (a few tens of thousands of groups,
     * hashed), then both sums from that. `months` narrows it to those months. The month is truncated
     * as a timestamp without zone: the zone-aware form costs a conversion per meal.
     */
    async delegateCounts(tenantId: string, beforeMonth: string, months?: string[]): Promise<DelegateCount[]> {
      if (months && months.length === 0) return []
      const only = months ? sql`and date_trunc('month', served_on::timestamp) in (${sql.join(months.map((month) => sql`${`${month}-01`}::timestamp`), sql`, `)})` : sql``
      const rows = rowsOf<{ month: string; facility_id: string | null; operator_id: string | null; meals: number; delegate_meals: number }>(
        await withScanMemory((exec) =>
          exec.execute(sql`
          with counts as (
            select date_trunc('month', served_on::timestamp) as month, facility_id, recorded_by, count(*) as meals, count(collected_by_delegate_id) as delegate_meals
            from meal_records
            where tenant_id = ${tenantId} and voided_at is null and served_on < ${`${beforeMonth}-01`}::date ${only}
            group by 1, 2, 3
          )
          select to_char(month, 'YYYY-MM') as month, facility_id, null::uuid as operator_id, sum(meals)::int as meals, sum(delegate_meals)::int as delegate_meals from counts group by month, facility_id
          union all
          select to_char(month, 'YYYY-MM'), null, recorded_by, sum(meals)::int, sum(delegate_meals)::int from counts group by month, recorded_by`),
        ),
      )
      return rows.map((row) => ({ month: row.month, facilityId: row.facility_id, operatorId: row.operator_id, meals: Number(row.meals), delegateMeals: Number(row.delegate_meals) }))
    },

    /** Which of these items a finding of the family already holds. */
    async claimedItems(tenantId: string, family: ItemFamily, itemIds: string[]): Promise<Set<string>> {
      const claimed = new Set<string>()
      for (let i = 0; i < itemIds.length; i += 5000) {
        const rows = await db
          .select({ itemId: subsidyFindingItems.itemId })
          .from(subsidyFindingItems)
          .where(and(eq(subsidyFindingItems.tenantId, tenantId), eq(subsidyFindingItems.family, family), inArray(subsidyFindingItems.itemId, itemIds.slice(i, i + 5000))))
        for (const row of rows) claimed.add(row.itemId)
      }
      return claimed
    },

    /** Inserts a finding unless its key exists (then nothing: it was raised before). */
    async insertFinding(row: FindingInsert, exec: Executor = db): Promise<boolean> {
      const inserted = await exec.insert(subsidyFindings).values(row).onConflictDoNothing({ target: [subsidyFindings.tenantId, subsidyFindings.key] }).returning({ id: subsidyFindings.id })
      return inserted.length > 0
    },

    /** Claims items for a finding; returns those it got (others belong to a finding raised meanwhile). */
    async claimItems(tenantId: string, family: ItemFamily, findingId: string, itemIds: string[], exec: Executor = db): Promise<Set<string>> {
      if (itemIds.length === 0) return new Set()
      const rows = await exec
        .insert(subsidyFindingItems)
        .values(itemIds.map((itemId) => ({ tenantId, family, itemId, findingId })))
        .onConflictDoNothing()
        .returning({ itemId: subsidyFindingItems.itemId })
      return new Set(rows.map((row) => row.itemId))
    },

    async updateFinding(tenantId: string, id: string, changes: Partial<FindingInsert>, exec: Executor = db): Promise<void> {
      await exec.update(subsidyFindings).set(changes).where(and(eq(subsidyFindings.tenantId, tenantId), eq(subsidyFindings.id, id)))
    },

    async deleteFinding(tenantId: string, id: string, exec: Executor = db): Promise<void> {
      await exec.delete(subsidyFindings).where(and(eq(subsidyFindings.tenantId, tenantId), eq(subsidyFindings.id, id)))
    },

    /** Town codes of elders (by their community) and facilities, for the review scope. */
    async townsOf(tenantId: string, elderIds: string[], facilityIds: string[]) {
      const [elderRows, facilityRows] = await Promise.all([
        elderIds.length > 0 ? db.select({ id: elders.id, communityCode: elders.communityCode }).from(elders).where(and(eq(elders.tenantId, tenantId), inArray(elders.id, elderIds))) : [],
        facilityIds.length > 0 ? db.select({ id: facilities.id, communityCode: facilities.communityCode }).from(facilities).where(and(eq(facilities.tenantId, tenantId), inArray(facilities.id, facilityIds))) : [],
      ])
      return { elders: new Map(elderRows.map((row) => [row.id, row.communityCode])), facilities: new Map(facilityRows.map((row) => [row.id, row.communityCode])) }
    },

    async list(tenantId: string, filter: FindingFilter, page: number, pageSize: number) {
      const where: SQL[] = [eq(subsidyFindings.tenantId, tenantId)]
      if (filter.status) where.push(sql`${subsidyFindings.status} = ${filter.status}`)
      if (filter.facilityId) where.push(eq(subsidyFindings.facilityId, filter.facilityId))
      if (filter.townCodes) where.push(filter.townCodes.length > 0 ? inArray(subsidyFindings.townCode, filter.townCodes) : sql`false`)
      const withoutKind = and(...where)
      if (filter.kind) where.push(sql`${subsidyFindings.kind} = ${filter.kind}`)
      const condition = and(...where)
      const [rows, [total], countsByKind] = await Promise.all([
        db
          .select({ finding: subsidyFindings, elderName: elders.name, facilityName: facilities.name })
          .from(subsidyFindings)
          .leftJoin(elders, and(eq(elders.tenantId, subsidyFindings.tenantId), eq(elders.id, subsidyFindings.elderId)))
          .leftJoin(facilities, and(eq(facilities.tenantId, subsidyFindings.tenantId), eq(facilities.id, subsidyFindings.facilityId)))
          .where(condition)
          .orderBy(desc(subsidyFindings.detectedAt), desc(subsidyFindings.id))
          .limit(pageSize)
          .offset((page - 1) * pageSize),
        db.select({ total: count() }).from(subsidyFindings).where(condition),
        db.select({ kind: subsidyFindings.kind, count: count() }).from(subsidyFindings).where(withoutKind).groupBy(subsidyFindings.kind).orderBy(subsidyFindings.kind),
      ])
      return { rows: rows.map(({ finding, ...names }) => ({ ...finding, ...names })), total: total?.total ?? 0, countsByKind }
    },

    async find(tenantId: string, id: string, exec: Executor = db): Promise<FindingView | undefined> {
      const [row] = await exec
        .select({ finding: subsidyFindings, elderName: elders.name, facilityName: facilities.name })
        .from(subsidyFindings)
        .leftJoin(elders, and(eq(elders.tenantId, subsidyFindings.tenantId), eq(elders.id, subsidyFindings.elderId)))
        .leftJoin(facilities, and(eq(facilities.tenantId, subsidyFindings.tenantId), eq(facilities.id, subsidyFindings.facilityId)))
        .where(and(eq(subsidyFindings.tenantId, tenantId), eq(subsidyFindings.id, id)))
      return row ? { ...row.finding, elderName: row.elderName, facilityName: row.facilityName } : undefined
    },

    /** Moves an open finding to its decision; false when it was decided meanwhile. */
    async decide(tenantId: string, id: string, decision: { status: 'confirmed' | 'dismissed'; reason: string; decidedBy: string }, exec: Executor = db, at: Date = new Date()): Promise<boolean> {
      const rows = await exec
        .update(subsidyFindings)
        .set({ ...decision, decidedAt: at })
        .where(and(eq(subsidyFindings.tenantId, tenantId), eq(subsidyFindings.id, id), eq(subsidyFindings.status, 'open')))
        .returning({ id: subsidyFindings.id })
      return rows.length > 0
    },

    /** The meals a confirmation recovers, as stored (a check never changes them). */
    async mealsByIds(tenantId: string, ids: string[], exec: Executor = db) {
      if (ids.length === 0) return []
      return exec
        .select({ id: mealRecords.id, facilityId: mealRecords.facilityId, servedOn: mealRecords.servedOn, slot: mealRecords.slot, subsidyFen: mealRecords.subsidyFen, voidedAt: mealRecords.voidedAt, recordedAt: mealRecords.recordedAt, facilityName: facilities.name })
        .from(mealRecords)
        .innerJoin(facilities, and(eq(facilities.tenantId, mealRecords.tenantId), eq(facilities.id, mealRecords.facilityId)))
        .where(and(eq(mealRecords.tenantId, tenantId), inArray(mealRecords.id, ids)))
        .orderBy(mealRecords.servedOn, mealRecords.id)
    },

    async insertRecoveries(rows: (typeof subsidyRecoveries.$inferInsert)[], exec: Executor = db): Promise<number> {
      if (rows.length === 0) return 0
      const inserted = await exec.insert(subsidyRecoveries).values(rows).onConflictDoNothing().returning({ id: subsidyRecoveries.id })
      return inserted.length
    },

    async recoveredFenOf(tenantId: string, findingId: string, exec: Executor = db): Promise<number> {
      const [row] = await exec
        .select({ total: sql<number>`coalesce(sum(${subsidyRecoveries.amountFen}), 0)::int` })
        .from(subsidyRecoveries)
        .where(and(eq(subsidyRecoveries.tenantId, tenantId), eq(subsidyRecoveries.findingId, findingId)))
      return row?.total ?? 0
    },

    /** The allowance entries a finding names and the reversals confirming it posted. */
    async ledgerLines(tenantId: string, findingId: string, entryIds: string[]) {
      return db
        .select({ id: cardLedgerEntries.id, cardId: cardLedgerEntries.cardId, kind: cardLedgerEntries.kind, amountFen: cardLedgerEntries.amountFen, referenceId: cardLedgerEntries.referenceId, createdAt: cardLedgerEntries.createdAt })
        .from(cardLedgerEntries)
        .where(
          and(
            eq(cardLedgerEntries.tenantId, tenantId),
            or(entryIds.length > 0 ? inArray(cardLedgerEntries.id, entryIds) : sql`false`, and(eq(cardLedgerEntries.kind, 'recovery'), like(cardLedgerEntries.referenceId, `subsidy_finding:${findingId}:%`))),
          ),
        )
        .orderBy(cardLedgerEntries.createdAt, cardLedgerEntries.id)
    },

    async birthDates(tenantId: string, elderIds: string[]): Promise<Map<string, string>> {
      if (elderIds.length === 0) return new Map()
      const rows = await db.select({ id: elders.id, birthDate: elders.birthDate }).from(elders).where(and(eq(elders.tenantId, tenantId), inArray(elders.id, elderIds)))
      return new Map(rows.map((row) => [row.id, row.birthDate]))
    },

    async insertExternalList(row: typeof subsidyExternalLists.$inferInsert, exec: Executor = db): Promise<void> {
      await exec.insert(subsidyExternalLists).values(row)
    },
  }
}

export type SubsidyChecksRepository = ReturnType<typeof subsidyChecksRepository>

declare module 'fastify' {
  interface FastifyInstance {
    subsidyChecksRepository: SubsidyChecksRepository
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('subsidyChecksRepository', subsidyChecksRepository(fastify.db))
  },
  { name: 'subsidy-checks-repository', dependencies: ['database'] },
)
