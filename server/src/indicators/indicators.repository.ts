import { schema, type Executor } from '@eldercare/db'
import { BED_FIGURE_FIELDS, type PopulationBasis } from '@eldercare/shared'
import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm'
import { unionAll, type AnyPgColumn } from 'drizzle-orm/pg-core'
import fp from 'fastify-plugin'
import { maskedIdNumber } from '../elders/elders.mapper.js'
import { shanghaiDayStart } from '../http/dates.js'
import { FILING_STEPS } from '../institutions/institution-figures.js'
import { standingCardUsers, type CardMovement } from './card-users.js'
import type { CareNeedFacts, IndicatorFacts } from './indicator-facts.js'

const { regions, facilities, facilityServiceAreas, facilityTagPeriods, elderCareNeeds, elderStatusHistory, elderCategories, institutionProfiles, bedReports, bedReportEvents, starRatings, populationStats, mealDailyTotals, mealDailyDeltas, mealRecords, cardUsers, cardUserMonths, cardLedgerEntries, careCards, elders } =
  schema

/** Where a query looks: the tenant, and a town (9-digit code) or the whole district. */
export interface Place {
  tenantId: string
  townCode: string | null
}

/**
 * Codes under a town as a range rather than LIKE 'town%': a range can use an index whatever the
 * database's collation (LIKE needs the C collation for that). Community codes are the town's 9 digits and 3 more.
 */
export function codeInTown(column: AnyPgColumn, townCode: string | null): SQL | undefined {
  if (townCode === null) return undefined
  const next = String(Number(townCode) + 1).padStart(townCode.length, '0')
  return and(gte(column, townCode), lt(column, next))
}

/** The Asia/Shanghai calendar day of a timestamp column, as the card-users trigger computes it. */
const shanghaiDay = (column: typeof cardLedgerEntries.createdAt) => sql`((${column} at time zone 'UTC') + interval '8 hours')::date`

function indicatorsRepository(db: Executor) {
  /** Rows of the town's elders only (no condition for the whole district). */
  const eldersOfTown = (elderId: AnyPgColumn, place: Place) =>
    place.townCode === null
      ? undefined
      : inArray(
          elderId,
          db
            .select({ id: elders.id })
            .from(elders)
            .where(and(eq(elders.tenantId, place.tenantId), codeInTown(elders.communityCode, place.townCode))),
        )

  /** Rows of the town's facilities only (no condition for the whole district). */
  const facilitiesOfTown = (facilityId: AnyPgColumn, place: Place) =>
    place.townCode === null
      ? undefined
      : inArray(
          facilityId,
          db
            .select({ id: facilities.id })
            .from(facilities)
            .where(and(eq(facilities.tenantId, place.tenantId), codeInTown(facilities.communityCode, place.townCode))),
        )

  /**
   * Card payments and refunds of the place's elders posted from 1 January of `day`'s year to the end of
   * `day` (a refund is never posted before the payment it gives back): the ledger check of the summaries.
   */
  async function cardMovements(place: Place, day: string): Promise<CardMovement[]> {
    const rows = await db
      .select({ elderId: careCards.elderId, kind: cardLedgerEntries.kind, day: sql<string>`${shanghaiDay(cardLedgerEntries.createdAt)}::text`, amountFen: cardLedgerEntries.amountFen, referenceId: cardLedgerEntries.referenceId })
      .from(cardLedgerEntries)
      .innerJoin(careCards, and(eq(careCards.tenantId, cardLedgerEntries.tenantId), eq(careCards.id, cardLedgerEntries.cardId)))
      .innerJoin(elders, and(eq(elders.tenantId, careCards.tenantId), eq(elders.id, careCards.elderId)))
      .where(
        and(
          eq(cardLedgerEntries.tenantId, place.tenantId),
          inArray(cardLedgerEntries.kind, ['meal_payment', 'service_payment', 'refund']),
          gte(cardLedgerEntries.createdAt, shanghaiDayStart(`${day.slice(0, 4)}-01-01`)),
          lt(cardLedgerEntries.createdAt, shanghaiDayStart(day, 1)),
          codeInTown(elders.communityCode, place.townCode),
        ),
      )
    return rows.map((row) => ({ elderId: row.elderId, kind: row.kind === 'refund' ? 'refund' : 'payment', day: row.day, amountFen: Math.abs(row.amountFen), referenceId: row.referenceId }))
  }

  /**
   * The elders the summaries count who are no card users after all (the rule in card-users.ts), for
   * 1 January to `day` and for each month of it. Only elders with a refund posted by `day` can be such;
   * `card_user_reversals` holds each refund against the month of the payment it takes back (migration
   * 0024), and `card_user_months` what each elder paid in each month. A month whose last payment came
   * after `day` (the month of a past `day`) has its payments up to `day` summed from the ledger, for
   * those few elders only.
   */
  async function reversedUsers(place: Place, day: string): Promise<{ year: number; months: Map<number, number> }> {
    const year = Number(day.slice(0, 4))
    // The elders' communities are read only to keep a town's own elders.
    const town =
      place.townCode === null
        ? sql``
        : sql`and r.elder_id in (select e.id from elders e where e.tenant_id = ${place.tenantId} and e.community_code >= ${place.townCode} and e.community_code < ${String(Number(place.townCode) + 1).padStart(place.townCode.length, '0')})`
    type Row = { elder_id: string; month: number; paid_fen: string | null; last_paid_on: string | null; reversed_fen: string }
    const result = await db.execute<Row>(sql`
      with reversed as (
        select r.elder_id, r.month, sum(r.fen) as fen from card_user_reversals r
        where r.tenant_id = ${place.tenantId} and r.year = ${year} and r.reversed_on <= ${day}::date ${town}
        group by r.elder_id, r.month
      ), paid as (
        select m.elder_id, m.month, m.paid_fen, m.last_paid_on from card_user_months m
        where m.tenant_id = ${place.tenantId} and m.year = ${year} and m.first_paid_on <= ${day}::date
          and m.elder_id in (select elder_id from reversed)
      )
      select coalesce(p.elder_id, r.elder_id) as elder_id, coalesce(p.month, r.month) as month,
        p.paid_fen::text as paid_fen, p.last_paid_on::text as last_paid_on, coalesce(r.fen, 0)::text as reversed_fen
      from paid p full join reversed r on r.elder_id = p.elder_id and r.month = p.month`)
    const rows = Array.isArray(result) ? (result as Row[]) : (result as unknown as { rows: Row[] }).rows

    const late = rows.filter((row) => row.last_paid_on !== null && row.last_paid_on > day)
    const paidByDay = new Map<string, number>()
    if (late.length > 0) {
      // Only `day`'s own month can have payments after `day`: sum its payments up to `day` instead.
      const paid = await db
        .select({ elderId: careCards.elderId, fen: sql<string>`sum(abs(${cardLedgerEntries.amountFen}))::text` })
        .from(cardLedgerEntries)
        .innerJoin(careCards, and(eq(careCards.tenantId, cardLedgerEntries.tenantId), eq(careCards.id, cardLedgerEntries.cardId)))
        .where(
          and(
            eq(cardLedgerEntries.tenantId, place.tenantId),
            inArray(careCards.elderId, [...new Set(late.map((row) => row.elder_id))]),
            inArray(cardLedgerEntries.kind, ['meal_payment', 'service_payment']),
            gte(cardLedgerEntries.createdAt, shanghaiDayStart(`${day.slice(0, 7)}-01`)),
            lt(cardLedgerEntries.createdAt, shanghaiDayStart(day, 1)),
          ),
        )
        .groupBy(careCards.elderId)
      for (const row of paid) paidByDay.set(row.elderId, Number(row.fen))
    }

    const months = new Map<number, number>()
    const yearly = new Map<string, { standing: number; paid: boolean }>()
    for (const row of rows) {
      const month = Number(row.month)
      const paidFen = row.paid_fen === null ? 0 : row.last_paid_on! > day ? (paidByDay.get(row.elder_id) ?? 0) : Number(row.paid_fen)
      const paid = row.paid_fen !== null
      const standing = paidFen - Number(row.reversed_fen)
      if (paid && standing <= 0) months.set(month, (months.get(month) ?? 0) + 1)
      const elder = yearly.get(row.elder_id) ?? { standing: 0, paid: false }
      yearly.set(row.elder_id, { standing: elder.standing + standing, paid: elder.paid || paid })
    }
    return { year: [...yearly.values()].filter((elder) => elder.paid && elder.standing <= 0).length, months }
  }

  /** Each institution's report of the latest month up to `day`'s month approved by the end of `day`. */
  async function latestApprovedReports(tenantId: string, day: string): Promise<IndicatorFacts['bedReports']> {
    const rows = await db
      .selectDistinctOn([bedReports.facilityId], {
        facilityId: bedReports.facilityId,
        period: bedReports.period,
        approvedAt: bedReports.decidedAt,
        ...Object.fromEntries(BED_FIGURE_FIELDS.map((field) => [field, bedReports[field]])),
      } as Record<string, AnyPgColumn>)
      .from(bedReports)
      .where(
        and(
          eq(bedReports.tenantId, tenantId),
          eq(bedReports.status, 'approved'),
          lte(bedReports.period, day.slice(0, 7)),
          lt(bedReports.decidedAt, shanghaiDayStart(day, 1)),
        ),
      )
      .orderBy(bedReports.facilityId, desc(bedReports.period))
    return rows as unknown as IndicatorFacts['bedReports']
  }

  /**
   * The elders of a place whose need of concentrated care was ever recorded, with their categories and
   * status history: few rows (a district records hundreds), read in three queries over those elders.
   */
  async function careNeedFacts(place: Place): Promise<CareNeedFacts[]> {
    const needRows = await db
      .select({ elderId: elderCareNeeds.elderId, name: elders.name, communityCode: elders.communityCode, validFrom: elderCareNeeds.validFrom, validTo: elderCareNeeds.validTo })
      .from(elderCareNeeds)
      .innerJoin(elders, and(eq(elders.tenantId, elderCareNeeds.tenantId), eq(elders.id, elderCareNeeds.elderId)))
      .where(and(eq(elderCareNeeds.tenantId, place.tenantId), codeInTown(elders.communityCode, place.townCode)))
      .orderBy(asc(elderCareNeeds.elderId), asc(elderCareNeeds.validFrom))
    if (needRows.length === 0) return []
    const byElder = new Map<string, CareNeedFacts>()
    for (const row of needRows) {
      const elder = byElder.get(row.elderId) ?? { elderId: row.elderId, name: row.name, communityCode: row.communityCode, categories: [], needs: [], statuses: [] }
      elder.needs.push({ validFrom: row.validFrom, validTo: row.validTo })
      byElder.set(row.elderId, elder)
    }
    const ids = [...byElder.keys()]
    const [categoryRows, statusRows] = await Promise.all([
      db
        .select({ elderId: elderCategories.elderId, category: elderCategories.category, level: elderCategories.level, startOn: elderCategories.startOn, endOn: elderCategories.endOn })
        .from(elderCategories)
        .where(and(eq(elderCategories.tenantId, place.tenantId), inArray(elderCategories.elderId, ids))),
      db
        .select({ elderId: elderStatusHistory.elderId, status: elderStatusHistory.status, institutionId: elderStatusHistory.institutionId, effectiveFrom: elderStatusHistory.effectiveFrom })
        .from(elderStatusHistory)
        .where(and(eq(elderStatusHistory.tenantId, place.tenantId), inArray(elderStatusHistory.elderId, ids)))
        .orderBy(asc(elderStatusHistory.elderId), asc(elderStatusHistory.effectiveFrom), asc(elderStatusHistory.recordedAt), asc(elderStatusHistory.id)),
    ])
    for (const { elderId, ...category } of categoryRows) byElder.get(elderId)!.categories.push(category)
    for (const { elderId, ...status } of statusRows) byElder.get(elderId)!.statuses.push(status)
    return [...byElder.values()]
  }

  return {
    /** `330902********123X` per elder, from the stored head and tail: the gap list names elders without decrypting a 身份证号. */
    async maskedIdNumbers(tenantId: string, elderIds: string[]): Promise<Map<string, string>> {
      if (elderIds.length === 0) return new Map()
      const rows = await db
        .select({ id: elders.id, idNumberHead: elders.idNumberHead, idNumberTail: elders.idNumberTail })
        .from(elders)
        .where(and(eq(elders.tenantId, tenantId), inArray(elders.id, elderIds)))
      return new Map(rows.map((row) => [row.id, maskedIdNumber(row)]))
    },

    /**
     * The effective-dated rows every indicator is computed from (see IndicatorFacts), for the days
     * asked about: population of their years, and each institution's latest report approved by each day.
     */
    async facts(place: Place, days: string[], basis: PopulationBasis): Promise<Omit<IndicatorFacts, 'settings' | 'townCode'>> {
      const { tenantId, townCode } = place
      const years = [...new Set(days.map((day) => Number(day.slice(0, 4))))]
      const [regionRows, facilityRows, areaRows, tagRows, careNeeds, reportRows, ratingRows, populationRows] = await Promise.all([
        db
          .select()
          .from(regions)
          .where(and(eq(regions.tenantId, tenantId), codeInTown(regions.code, townCode)))
          .orderBy(asc(regions.code)),
        db
          .select({
            id: facilities.id,
            name: facilities.name,
            type: facilities.type,
            communityCode: facilities.communityCode,
            openedOn: facilities.openedOn,
            closedOn: facilities.closedOn,
            mealSlots: facilities.mealSlots,
            latitude: facilities.latitude,
            longitude: facilities.longitude,
            ownership: institutionProfiles.ownership,
          })
          .from(facilities)
          .leftJoin(institutionProfiles, and(eq(institutionProfiles.tenantId, facilities.tenantId), eq(institutionProfiles.facilityId, facilities.id)))
          .where(eq(facilities.tenantId, tenantId)),
        db
          .select({
            facilityId: facilityServiceAreas.facilityId,
            communityCode: facilityServiceAreas.communityCode,
            validFrom: facilityServiceAreas.validFrom,
            validTo: facilityServiceAreas.validTo,
          })
          .from(facilityServiceAreas)
          .where(eq(facilityServiceAreas.tenantId, tenantId)),
        db
          .select({ facilityId: facilityTagPeriods.facilityId, tag: facilityTagPeriods.tag, validFrom: facilityTagPeriods.validFrom, validTo: facilityTagPeriods.validTo })
          .from(facilityTagPeriods)
          .where(eq(facilityTagPeriods.tenantId, tenantId)),
        careNeedFacts(place),
        Promise.all(days.map((day) => latestApprovedReports(tenantId, day))).then((lists) => lists.flat()),
        db
          .select({ id: starRatings.id, facilityId: starRatings.facilityId, grade: starRatings.grade, assessedOn: starRatings.assessedOn, validUntil: starRatings.validUntil })
          .from(starRatings)
          .where(eq(starRatings.tenantId, tenantId)),
        db
          .select()
          .from(populationStats)
          .where(
            and(
              eq(populationStats.tenantId, tenantId),
              inArray(populationStats.year, years),
              eq(populationStats.basis, basis),
              codeInTown(populationStats.communityCode, townCode),
            ),
          ),
      ])
      const population: IndicatorFacts['population'] = new Map(years.map((year) => [year, new Map()]))
      for (const row of populationRows) population.get(row.year)!.set(row.communityCode, { population60Plus: row.population60Plus, populationTotal: row.populationTotal })
      return {
        towns: regionRows.filter((row) => row.level === 'town').map((row) => ({ code: row.code, name: row.name })),
        communities: regionRows
          .filter((row) => row.level === 'community')
          .map((row) => ({
            code: row.code,
            name: row.name,
            townCode: row.parentCode ?? row.code.slice(0, 9),
            urbanRural: row.urbanRural,
            island: row.island,
            latitude: row.latitude,
            longitude: row.longitude,
          })),
        facilities: facilityRows,
        serviceAreas: areaRows,
        tagPeriods: tagRows,
        careNeeds,
        bedReports: reportRows,
        ratings: ratingRows,
        population,
      }
    },

    /**
     * Card users from 1 January of `day`'s year up to `day` (the rule in card-users.ts): those the
     * summary counts (a payment by then), less those of them whose payments were all taken back.
     */
    async cardUsers(place: Place, day: string): Promise<number> {
      const [[row], reversed] = await Promise.all([
        db
          .select({ users: sql<number>`count(*)::int` })
          .from(cardUsers)
          .where(and(eq(cardUsers.tenantId, place.tenantId), eq(cardUsers.year, Number(day.slice(0, 4))), lte(cardUsers.firstPaidOn, day), eldersOfTown(cardUsers.elderId, place))),
        reversedUsers(place, day),
      ])
      return (row?.users ?? 0) - reversed.year
    },

    /** Whether any card of the place's elders had been issued by `day`: before that, card users are not zero but unknown. */
    async cardIssuedBy(place: Place, day: string): Promise<boolean> {
      const [row] = await db
        .select({ id: careCards.id })
        .from(careCards)
        .where(and(eq(careCards.tenantId, place.tenantId), lte(careCards.issuedOn, day), eldersOfTown(careCards.elderId, place)))
        .limit(1)
      return row !== undefined
    },

    /** The same count straight from the ledger: the check that the summary is exact. */
    async cardUsersFromLedger(place: Place, day: string): Promise<number> {
      return standingCardUsers(await cardMovements(place, day), `${day.slice(0, 4)}-01-01`, day).size
    },

    /** Card users in each month of `day`'s year up to `day`'s month, the last month counted up to `day`. */
    async cardUsersPerMonth(place: Place, day: string): Promise<{ month: string; users: number }[]> {
      const year = Number(day.slice(0, 4))
      const [rows, reversed] = await Promise.all([
        db
          .select({ month: cardUserMonths.month, users: sql<number>`count(*)::int` })
          .from(cardUserMonths)
          .where(and(eq(cardUserMonths.tenantId, place.tenantId), eq(cardUserMonths.year, year), lte(cardUserMonths.firstPaidOn, day), eldersOfTown(cardUserMonths.elderId, place)))
          .groupBy(cardUserMonths.month),
        reversedUsers(place, day),
      ])
      return Array.from({ length: Number(day.slice(5, 7)) }, (_, index) => {
        const month = `${year}-${String(index + 1).padStart(2, '0')}`
        const counted = rows.find((row) => row.month === index + 1)?.users ?? 0
        return { month, users: counted - (reversed.months.get(index + 1) ?? 0) }
      })
    },

    /**
     * Meals per day, slot and mode over the facilities of a place, served from `from` to `to` and as
     * known at the end of `to` (the rule of the meal summaries in the db schema): the totals and the
     * deltas not yet folded into them, read in one statement so a compaction running meanwhile is seen
     * whole or not at all.
     */
    async mealTotals(place: Place, from: string, to: string) {
      const part = (table: typeof mealDailyTotals | typeof mealDailyDeltas) =>
        db
          .select({ day: table.servedOn, slot: table.slot, mode: table.mode, meals: table.meals })
          .from(table)
          .where(
            and(eq(table.tenantId, place.tenantId), gte(table.servedOn, from), lte(table.servedOn, to), lte(table.knownOn, to), facilitiesOfTown(table.facilityId, place)),
          )
      const both = unionAll(part(mealDailyTotals), part(mealDailyDeltas)).as('meal_days')
      return db
        .select({ day: both.day, slot: both.slot, mode: both.mode, meals: sql<number>`sum(${both.meals})::int` })
        .from(both)
        .groupBy(both.day, both.slot, both.mode)
        .having(sql`sum(${both.meals}) <> 0`)
    },

    /** Folds the deltas into the totals; returns how many totals rows changed (0 when another compaction runs). */
    async compactMealTotals(): Promise<number> {
      const [row] = await db.select({ folded: sql<number>`meal_daily_totals_compact()` }).from(sql`(select 1) as once`)
      return Number(row?.folded ?? 0)
    },

    /**
     * The same totals straight from the meal records, as of the end of `to`: stored by then and not
     * voided by then, the rule of the meal summaries. The check that the summary is exact.
     */
    async mealTotalsFromRecords(place: Place, from: string, to: string) {
      const end = shanghaiDayStart(to, 1)
      return db
        .select({ day: mealRecords.servedOn, slot: mealRecords.slot, mode: mealRecords.mode, meals: sql<number>`count(*)::int` })
        .from(mealRecords)
        .innerJoin(facilities, and(eq(facilities.tenantId, mealRecords.tenantId), eq(facilities.id, mealRecords.facilityId)))
        .where(
          and(
            eq(mealRecords.tenantId, place.tenantId),
            // meal_stored_at() of migration 0021: an offline counter's meal is stored when synced, another when recorded.
            sql`case when ${mealRecords.deviceId} is null then ${mealRecords.recordedAt} else ${mealRecords.syncedAt} end < ${end.toISOString()}::timestamptz`,
            or(isNull(mealRecords.voidedAt), gte(mealRecords.voidedAt, end)),
            gte(mealRecords.servedOn, from),
            lte(mealRecords.servedOn, to),
            codeInTown(facilities.communityCode, place.townCode),
          ),
        )
        .groupBy(mealRecords.servedOn, mealRecords.slot, mealRecords.mode)
    },

    /**
     * Institutions that had filed a period's report before `before`, by the report's history (the rule
     * in institution-figures.ts): its last step by then was a submission or an approval.
     */
    async filedInstitutions(tenantId: string, period: string, before: Date): Promise<Set<string>> {
      const lastStep = sql`(select ${bedReportEvents.event} from ${bedReportEvents}
        where ${bedReportEvents.tenantId} = ${bedReports.tenantId} and ${bedReportEvents.reportId} = ${bedReports.id} and ${bedReportEvents.at} < ${before.toISOString()}::timestamptz
        order by ${bedReportEvents.at} desc, ${bedReportEvents.event} limit 1)`
      const rows = await db
        .select({ facilityId: bedReports.facilityId })
        .from(bedReports)
        .where(and(eq(bedReports.tenantId, tenantId), eq(bedReports.period, period), inArray(lastStep, [...FILING_STEPS])))
      return new Set(rows.map((row) => row.facilityId))
    },

    /**
     * Each facility's last day with a meal on or before `day`, as known at the end of `day` (null if
     * none). Facilities that served since `recentFrom` come from one scan of those few days; only the
     * others are probed one by one (a backward index probe each), so a district of thousands of active
     * facilities stays cheap. A day counts when its meals known by `day`, totals and deltas together,
     * are more than zero.
     */
    async lastMealDays(place: Place, facilityIds: string[], day: string, recentFrom: string): Promise<Map<string, string | null>> {
      if (facilityIds.length === 0) return new Map()
      const part = (table: typeof mealDailyTotals | typeof mealDailyDeltas) =>
        db
          .select({ facilityId: table.facilityId, day: table.servedOn, meals: table.meals })
          .from(table)
          .where(
            and(eq(table.tenantId, place.tenantId), gte(table.servedOn, recentFrom), lte(table.servedOn, day), lte(table.knownOn, day), facilitiesOfTown(table.facilityId, place)),
          )
      const both = unionAll(part(mealDailyTotals), part(mealDailyDeltas)).as('recent_days')
      const servedDays = db
        .select({ facilityId: both.facilityId, day: both.day })
        .from(both)
        .groupBy(both.facilityId, both.day)
        .having(sql`sum(${both.meals}) > 0`)
        .as('served_days')
      const recent = await db
        .select({ facilityId: servedDays.facilityId, lastDay: sql<string>`max(${servedDays.day})::text` })
        .from(servedDays)
        .groupBy(servedDays.facilityId)
      const result = new Map<string, string | null>(recent.map((row) => [row.facilityId, row.lastDay]))
      const others = facilityIds.filter((id) => !result.has(id))
      if (others.length === 0) return result
      const older = await db
        .select({
          facilityId: facilities.id,
          lastDay: sql<string | null>`(select d.served_on::text from (
              select served_on, meals from meal_daily_totals where tenant_id = ${place.tenantId} and facility_id = "facilities"."id" and served_on <= ${day}::date and known_on <= ${day}::date
              union all
              select served_on, meals from meal_daily_deltas where tenant_id = ${place.tenantId} and facility_id = "facilities"."id" and served_on <= ${day}::date and known_on <= ${day}::date
            ) d group by d.served_on having sum(d.meals) > 0 order by d.served_on desc limit 1)`,
        })
        .from(facilities)
        .where(and(eq(facilities.tenantId, place.tenantId), inArray(facilities.id, others)))
      for (const row of older) result.set(row.facilityId, row.lastDay)
      return result
    },
  }
}

export type IndicatorsRepository = ReturnType<typeof indicatorsRepository>

declare module 'fastify' {
  interface FastifyInstance {
    indicatorsRepository: IndicatorsRepository
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('indicatorsRepository', indicatorsRepository(fastify.db))
  },
  { name: 'indicators-repository', dependencies: ['database'] },
)
