import {
  DEFAULT_INDICATOR_SETTINGS,
  type IndicatorSettings,
  type ConcentratedCareGapQuery,
  type ConcentratedCareGaps,
  type Coverage,
  type CoverageQuery,
  type IndicatorQuery,
  type IndicatorReport,
  type IndicatorValue,
} from '@eldercare/shared'
import fp from 'fastify-plugin'
import type { Actor } from '../auth/actor.js'
import { scopeOf } from '../auth/scope.js'
import { AppError } from '../errors.js'
import { shanghaiToday } from '../http/dates.js'
import { careNeedsOn, freeBedInstitutions, nearestWithFreeBeds } from './concentrated-care.js'
import { coverageFigures, coverageRows, coveredCommunities, uncoveredCommunities } from './coverage-figures.js'
import type { IndicatorFacts } from './indicator-facts.js'
import { computeIndicators, indicatorValue, type IndicatorParts } from './indicator-figures.js'
import type { Place } from './indicators.repository.js'

const invalid = (message: string) => new AppError('INDICATOR_QUERY_INVALID', message)

/** The same calendar day a year earlier (29 February becomes 28 February). */
export function sameDateLastYear(day: string): string {
  const previous = `${Number(day.slice(0, 4)) - 1}${day.slice(4)}`
  return previous.endsWith('-02-29') ? previous.replace('-02-29', '-02-28') : previous
}

/**
 * The years a query may name, as `IndicatorQuery.year` bounds them. The schema lets `asOf` be any calendar
 * date, year 0000 included, which PostgreSQL refuses: its year is checked here so that is a 400, not a 500.
 */
const FIRST_YEAR = 2000
const LAST_YEAR = 2100

/** The year and day asked for: `asOf` within `year`, never after today; a past year defaults to its last day. */
export function resolveDates(query: { year?: number; asOf?: string }, today: string = shanghaiToday()): { year: number; asOf: string } {
  const thisYear = Number(today.slice(0, 4))
  const year = query.year ?? (query.asOf ? Number(query.asOf.slice(0, 4)) : thisYear)
  const asOf = query.asOf ?? (year === thisYear ? today : `${year}-12-31`)
  if (Number(asOf.slice(0, 4)) !== year) throw invalid('asOf must fall in the year asked for')
  if (year < FIRST_YEAR || year > LAST_YEAR) throw invalid(`indicators are computed for the years ${FIRST_YEAR} to ${LAST_YEAR}`)
  if (asOf > today) throw invalid('indicators cannot be computed for a day after today')
  return { year, asOf }
}

/** Whether a value meets its target; ratios are compared with a little room for floating-point rounding. */
export function meets(value: number | null, comparator: 'at_least' | 'above_last_year', target: number | null): boolean | null {
  if (value === null || target === null) return null
  return comparator === 'at_least' ? value >= target - 1e-9 : value > target + 1e-9
}

export type FigureSource = 'summary' | 'raw'

/** The target a place is measured against: a town's own where set, else the district's. */
export function targetFor<T extends { key: string; townCode: string | null }>(rows: readonly T[], key: string, townCode: string | null): T | undefined {
  return (townCode !== null ? rows.find((row) => row.key === key && row.townCode === townCode) : undefined) ?? rows.find((row) => row.key === key && row.townCode === null)
}

export default fp(
  async (fastify) => {
    const repository = fastify.indicatorsRepository
    const targets = fastify.targetsRepository

    /** Town staff see their own towns only: one of them must be asked for (the first by default). */
    function placeOf(actor: Actor, townCode: string | undefined): Place {
      const scope = scopeOf(actor)
      if (scope.kind === 'facilities') throw new AppError('FORBIDDEN', 'indicators are for bureau and town staff')
      if (scope.kind === 'towns') {
        const town = townCode ?? scope.townCodes[0]
        if (!town || !scope.townCodes.includes(town)) throw new AppError('FORBIDDEN', 'this town is outside your scope')
        return { tenantId: actor.tenantId, townCode: town }
      }
      return { tenantId: actor.tenantId, townCode: townCode ?? null }
    }

    async function settings(tenantId: string): Promise<IndicatorSettings> {
      const stored = await targets.settings(tenantId)
      return { ...DEFAULT_INDICATOR_SETTINGS, ...(stored as Partial<IndicatorSettings> | undefined) }
    }

    async function factsFor(place: Place, days: string[]): Promise<IndicatorFacts> {
      const tenantSettings = await settings(place.tenantId)
      const facts = await repository.facts(place, days, tenantSettings.populationBasis)
      if (place.townCode !== null && !facts.towns.some((town) => town.code === place.townCode)) throw new AppError('NOT_FOUND', 'no such town')
      return { ...facts, townCode: place.townCode, settings: tenantSettings }
    }

    async function partsOn(facts: IndicatorFacts, place: Place, day: string, source: FigureSource): Promise<IndicatorParts[]> {
      const cardUsers = !(await repository.cardIssuedBy(place, day))
        ? null
        : source === 'summary'
          ? await repository.cardUsers(place, day)
          : await repository.cardUsersFromLedger(place, day)
      return computeIndicators(facts, day, cardUsers)
    }

    /**
     * Every indicator on `asOf`, beside its value on the same date last year and its target; targets of
     * "higher than last year" compare with the previous year's value at its year end.
     */
    async function report(actor: Actor, query: IndicatorQuery, source: FigureSource = 'summary'): Promise<IndicatorReport> {
      const place = placeOf(actor, query.townCode)
      const { year, asOf } = resolveDates(query)
      const days = [asOf, sameDateLastYear(asOf), `${year - 1}-12-31`]
      const facts = await factsFor(place, days)
      const [now, lastYear, previousYearEnd, targetRows] = await Promise.all([
        partsOn(facts, place, days[0]!, source),
        partsOn(facts, place, days[1]!, source),
        partsOn(facts, place, days[2]!, source),
        targets.list(actor.tenantId, [year]),
      ])
      const indicators = now.map(({ noInput: _noInput, missingPopulation, ...parts }, index): IndicatorValue => {
        const value = indicatorValue(now[index]!)
        const row = targetFor(targetRows, parts.key, place.townCode)
        const targetValue = row ? (row.comparator === 'at_least' ? row.value : indicatorValue(previousYearEnd[index]!)) : null
        return {
          ...parts,
          ...(missingPopulation ? { partial: true as const, missingPopulation } : {}),
          value,
          target: row ? { comparator: row.comparator, value: targetValue } : null,
          targetScope: row ? (row.townCode === null ? 'district' : 'town') : null,
          met: row ? meets(value, row.comparator, targetValue) : null,
          sameDateLastYear: indicatorValue(lastYear[index]!),
        }
      })
      return { year, asOf, townCode: place.townCode, indicators }
    }

    async function coverage(actor: Actor, query: CoverageQuery): Promise<Coverage> {
      const place = placeOf(actor, query.townCode)
      const { asOf } = resolveDates({ asOf: query.asOf })
      const groupBy = query.groupBy ?? 'town'
      const year = Number(asOf.slice(0, 4))
      const facts = await factsFor(place, [asOf])
      const covered = coveredCommunities(facts, asOf)
      const elderly = new Map([...(facts.population.get(year) ?? new Map<string, { population60Plus: number }>())].map(([code, figures]) => [code, figures.population60Plus]))
      const { communities } = facts
      return {
        asOf,
        townCode: place.townCode,
        groupBy,
        overall: coverageFigures(communities, covered, elderly),
        urban: coverageFigures(
          communities.filter((community) => community.urbanRural === 'urban'),
          covered,
          elderly,
        ),
        rural: coverageFigures(
          communities.filter((community) => community.urbanRural === 'rural'),
          covered,
          elderly,
        ),
        rows: coverageRows(facts, communities, covered, elderly, groupBy),
        uncovered: uncoveredCommunities(facts, communities, covered, elderly, asOf),
      }
    }

    /**
     * 集中供养: the elders who need it on `asOf` by town, and those not yet living in an institution, each
     * with the nearest institutions that had free beds in their latest approved report.
     */
    async function concentratedCare(actor: Actor, query: ConcentratedCareGapQuery): Promise<ConcentratedCareGaps> {
      const place = placeOf(actor, query.townCode)
      const { asOf } = resolveDates({ asOf: query.asOf })
      const facts = await factsFor(place, [asOf])
      const needs = careNeedsOn(facts, asOf)
      const communities = new Map(facts.communities.map((community) => [community.code, community]))
      const townNames = new Map(facts.towns.map((town) => [town.code, town.name]))
      const withBeds = freeBedInstitutions(facts, asOf)
      const masked = await repository.maskedIdNumbers(place.tenantId, needs.filter((need) => !need.placed).map((need) => need.elder.elderId))
      const towns = facts.towns.map((town) => {
        const inTown = needs.filter((need) => need.elder.communityCode.startsWith(town.code))
        return { townCode: town.code, townName: town.name, eligible: inTown.length, placed: inTown.filter((need) => need.placed).length }
      })
      const items = needs
        .filter((need) => !need.placed)
        .map((need) => {
          const community = communities.get(need.elder.communityCode)
          const townCode = need.elder.communityCode.slice(0, 9)
          return {
            elderId: need.elder.elderId,
            name: need.elder.name,
            idNumberMasked: masked.get(need.elder.elderId) ?? '',
            communityCode: need.elder.communityCode,
            communityName: community?.name ?? need.elder.communityCode,
            townCode,
            townName: townNames.get(townCode) ?? townCode,
            ground: need.ground,
            needSince: need.needSince,
            status: need.status,
            nearestInstitutions: nearestWithFreeBeds(community, withBeds, query.nearest ?? 3),
          }
        })
        .sort((a, b) => (a.townCode < b.townCode ? -1 : a.townCode > b.townCode ? 1 : a.needSince < b.needSince ? -1 : a.needSince > b.needSince ? 1 : a.elderId < b.elderId ? -1 : 1))
      return { asOf, townCode: place.townCode, eligible: needs.length, placed: needs.filter((need) => need.placed).length, towns, items }
    }

    fastify.decorate('indicatorsService', { placeOf, settings, factsFor, report, coverage, concentratedCare })
  },
  { name: 'indicators-service', dependencies: ['indicators-repository', 'targets-repository'] },
)

declare module 'fastify' {
  interface FastifyInstance {
    indicatorsService: {
      placeOf(actor: Actor, townCode: string | undefined): Place
      settings(tenantId: string): Promise<IndicatorSettings>
      factsFor(place: Place, days: string[]): Promise<IndicatorFacts>
      report(actor: Actor, query: IndicatorQuery, source?: FigureSource): Promise<IndicatorReport>
      coverage(actor: Actor, query: CoverageQuery): Promise<Coverage>
      concentratedCare(actor: Actor, query: ConcentratedCareGapQuery): Promise<ConcentratedCareGaps>
    }
  }
}
