import { schema, type Executor } from '@eldercare/db'
import type { PopulationBasis } from '@eldercare/shared'
import { and, asc, eq, gte, inArray, isNull, like, lte, sql, sum, type SQL } from 'drizzle-orm'
import fp from 'fastify-plugin'
import type { IndicatorFacts } from './indicator-facts.js'

const { regions, facilities, facilityServiceAreas, institutionProfiles, bedReports, starRatings, populationStats, mealDailyTotals, mealRecords, cardUsers, cardLedgerEntries, careCards, elders } =
  schema

/** Where a query looks: the tenant, and a town (9-digit code) or the whole district. */
export interface Place {
  tenantId: string
  townCode: string | null
}

const inTownSql = (column: SQL.Aliased | typeof elders.communityCode | typeof facilities.communityCode, townCode: string | null) =>
  townCode === null ? undefined : like(column as typeof elders.communityCode, `${townCode}%`)

/** The Asia/Shanghai calendar day of a timestamp column, as the card-users trigger computes it. */
const shanghaiDay = (column: typeof cardLedgerEntries.createdAt) => sql`((${column} at time zone 'UTC') + interval '8 hours')::date`

function indicatorsRepository(db: Executor) {
  return {
    /** The effective-dated rows every indicator is computed from (see IndicatorFacts). */
    async facts(place: Place, years: number[], basis: PopulationBasis): Promise<Omit<IndicatorFacts, 'settings' | 'townCode'>> {
      const { tenantId, townCode } = place
      const [regionRows, facilityRows, areaRows, reportRows, ratingRows, populationRows] = await Promise.all([
        db
          .select()
          .from(regions)
          .where(and(eq(regions.tenantId, tenantId), townCode ? like(regions.code, `${townCode}%`) : undefined))
          .orderBy(asc(regions.code)),
        db
          .select({
            id: facilities.id,
            name: facilities.name,
            type: facilities.type,
            communityCode: facilities.communityCode,
            openedOn: facilities.openedOn,
            closedOn: facilities.closedOn,
            tags: facilities.tags,
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
          .select()
          .from(bedReports)
          .where(and(eq(bedReports.tenantId, tenantId), eq(bedReports.status, 'approved'))),
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
              townCode ? like(populationStats.communityCode, `${townCode}%`) : undefined,
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
        bedReports: reportRows.map((row) => ({ ...row, approvedAt: row.decidedAt ?? row.updatedAt })),
        ratings: ratingRows,
        population,
      }
    },

    /** Elders who paid by card from 1 January of `day`'s year up to `day`, from the summary kept by trigger. */
    async cardUsers(place: Place, day: string): Promise<number> {
      const [row] = await db
        .select({ users: sql<number>`count(*)::int` })
        .from(cardUsers)
        .innerJoin(elders, and(eq(elders.tenantId, cardUsers.tenantId), eq(elders.id, cardUsers.elderId)))
        .where(
          and(
            eq(cardUsers.tenantId, place.tenantId),
            eq(cardUsers.year, Number(day.slice(0, 4))),
            lte(cardUsers.firstPaidOn, day),
            inTownSql(elders.communityCode, place.townCode),
          ),
        )
      return row?.users ?? 0
    },

    /** The same count straight from the ledger: the check that the summary is exact. */
    async cardUsersFromLedger(place: Place, day: string): Promise<number> {
      const paidOn = shanghaiDay(cardLedgerEntries.createdAt)
      const [row] = await db
        .select({ users: sql<number>`count(distinct ${careCards.elderId})::int` })
        .from(cardLedgerEntries)
        .innerJoin(careCards, and(eq(careCards.tenantId, cardLedgerEntries.tenantId), eq(careCards.id, cardLedgerEntries.cardId)))
        .innerJoin(elders, and(eq(elders.tenantId, careCards.tenantId), eq(elders.id, careCards.elderId)))
        .where(
          and(
            eq(cardLedgerEntries.tenantId, place.tenantId),
            inArray(cardLedgerEntries.kind, ['meal_payment', 'service_payment']),
            sql`${paidOn} between ${`${day.slice(0, 4)}-01-01`}::date and ${day}::date`,
            inTownSql(elders.communityCode, place.townCode),
          ),
        )
      return row?.users ?? 0
    },

    /** Card users in each month of `day`'s year up to `day`'s month (a month's bit is set by any payment in it). */
    async cardUsersPerMonth(place: Place, day: string): Promise<{ month: string; users: number }[]> {
      const year = day.slice(0, 4)
      const months = Number(day.slice(5, 7))
      const counts = Array.from({ length: months }, (_, index) => sql`count(*) filter (where ${cardUsers.months} & ${1 << index} <> 0)::int`)
      const [row] = await db
        .select({ counts: sql<number[]>`array[${sql.join(counts, sql`, `)}]` })
        .from(cardUsers)
        .innerJoin(elders, and(eq(elders.tenantId, cardUsers.tenantId), eq(elders.id, cardUsers.elderId)))
        .where(and(eq(cardUsers.tenantId, place.tenantId), eq(cardUsers.year, Number(year)), lte(cardUsers.firstPaidOn, day), inTownSql(elders.communityCode, place.townCode)))
      return Array.from({ length: months }, (_, index) => ({ month: `${year}-${String(index + 1).padStart(2, '0')}`, users: Number(row?.counts?.[index] ?? 0) }))
    },

    /** Meals per day, slot and mode over the facilities of a place, from the summary kept by trigger. */
    async mealTotals(place: Place, from: string, to: string) {
      return db
        .select({ day: mealDailyTotals.servedOn, slot: mealDailyTotals.slot, mode: mealDailyTotals.mode, meals: sql<number>`${sum(mealDailyTotals.meals)}::int` })
        .from(mealDailyTotals)
        .innerJoin(facilities, and(eq(facilities.tenantId, mealDailyTotals.tenantId), eq(facilities.id, mealDailyTotals.facilityId)))
        .where(
          and(
            eq(mealDailyTotals.tenantId, place.tenantId),
            gte(mealDailyTotals.servedOn, from),
            lte(mealDailyTotals.servedOn, to),
            inTownSql(facilities.communityCode, place.townCode),
          ),
        )
        .groupBy(mealDailyTotals.servedOn, mealDailyTotals.slot, mealDailyTotals.mode)
    },

    /** The same totals straight from the meal records: the check that the summary is exact. */
    async mealTotalsFromRecords(place: Place, from: string, to: string) {
      return db
        .select({ day: mealRecords.servedOn, slot: mealRecords.slot, mode: mealRecords.mode, meals: sql<number>`count(*)::int` })
        .from(mealRecords)
        .innerJoin(facilities, and(eq(facilities.tenantId, mealRecords.tenantId), eq(facilities.id, mealRecords.facilityId)))
        .where(
          and(
            eq(mealRecords.tenantId, place.tenantId),
            isNull(mealRecords.voidedAt),
            gte(mealRecords.servedOn, from),
            lte(mealRecords.servedOn, to),
            inTownSql(facilities.communityCode, place.townCode),
          ),
        )
        .groupBy(mealRecords.servedOn, mealRecords.slot, mealRecords.mode)
    },

    /** Institutions that had filed (submitted, later perhaps approved) a period's report before `before`. */
    async filedInstitutions(tenantId: string, period: string, before: Date): Promise<Set<string>> {
      const rows = await db
        .select({ facilityId: bedReports.facilityId })
        .from(bedReports)
        .where(
          and(
            eq(bedReports.tenantId, tenantId),
            eq(bedReports.period, period),
            inArray(bedReports.status, ['submitted', 'approved']),
            sql`${bedReports.submittedAt} < ${before.toISOString()}::timestamptz`,
          ),
        )
      return new Set(rows.map((row) => row.facilityId))
    },

    /**
     * Each facility's last day with a meal on or before `day` (null if none): one backward index probe
     * per facility rather than a scan of the year.
     */
    async lastMealDays(tenantId: string, facilityIds: string[], day: string): Promise<Map<string, string | null>> {
      if (facilityIds.length === 0) return new Map()
      const rows = await db
        .select({
          facilityId: facilities.id,
          lastDay: sql<string | null>`(select max(m.served_on)::text from meal_daily_totals m
            where m.tenant_id = ${tenantId} and m.facility_id = "facilities"."id" and m.served_on <= ${day}::date and m.meals > 0)`,
        })
        .from(facilities)
        .where(and(eq(facilities.tenantId, tenantId), inArray(facilities.id, facilityIds)))
      return new Map(rows.map((row) => [row.facilityId, row.lastDay]))
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
