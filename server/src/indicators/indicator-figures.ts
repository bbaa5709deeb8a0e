import { MEAL_FACILITY_TYPES, type IndicatorKey, type IndicatorUnit, type MissingPopulation } from '@eldercare/shared'
import { bedIndicators, currentRating } from '../institutions/institution-figures.js'
import { townOfCommunity } from '../auth/scope.js'
import { careNeedsOn } from './concentrated-care.js'
import { latestApprovedReports } from './latest-approved-reports.js'
import { coveredCommunities } from './coverage-figures.js'
import { inTown, isOpenOn, taggedOn, type IndicatorFacts } from './indicator-facts.js'

/** An indicator's parts on a day; `value` follows from them and the unit. */
export interface IndicatorParts {
  key: IndicatorKey
  unit: IndicatorUnit
  numerator: number
  /** null for counts. */
  denominator: number | null
  /**
   * The inputs of the day do not exist (no approved bed report yet, no card issued yet): the value is
   * unknown, not zero, and a year-on-year change against it says "no data for last year".
   */
  noInput?: boolean
  /** Per-population indicators: the communities without a population figure for the year (none: absent). */
  missingPopulation?: MissingPopulation
}

export function indicatorValue(parts: Pick<IndicatorParts, 'unit' | 'numerator' | 'denominator' | 'noInput'>): number | null {
  if (parts.noInput) return null
  if (parts.unit === 'count') return parts.numerator
  if (!parts.denominator) return null
  return parts.unit === 'per_10k' ? (parts.numerator / parts.denominator) * 10_000 : parts.numerator / parts.denominator
}

/** 公办: run by the state, including those built by the state and run by a private operator (公建民营). */
export const PUBLIC_OWNERSHIPS = ['public', 'public_built_private_run']

/**
 * The work plan's indicators on a day, as domain.md defines them, over the facts given (the whole
 * tenant or one town). `cardUsers` is counted by the caller: elders who paid by card from 1 January to `day`
 * (card-users.ts), or null when no card had been issued by then.
 */
export function computeIndicators(facts: IndicatorFacts, day: string, cardUsers: number | null): IndicatorParts[] {
  const year = Number(day.slice(0, 4))
  const yearStart = `${year}-01-01`
  const local = facts.facilities.filter((facility) => inTown(facts, facility))
  const open = local.filter((facility) => isOpenOn(facility, day))
  const isMeal = (type: string) => MEAL_FACILITY_TYPES.includes(type as never)

  const covered = coveredCommunities(facts, day)
  const communitiesCovered = facts.communities.filter((community) => covered.has(community.code)).length

  const newMealPoints = local.filter((facility) => isMeal(facility.type) && facility.openedOn >= yearStart && facility.openedOn <= day).length
  // Tags as they were on the day: one added today leaves a past day's figures alone.
  const hubIds = taggedOn(facts, 'happiness_hub', day)
  const hubs = open.filter((facility) => hubIds.has(facility.id)).length

  const institutions = open.filter((facility) => facility.type === 'institution')
  const beds = bedIndicators(latestApprovedReports(facts, new Set(institutions.map((institution) => institution.id)), day))
  const nursingBeds = beds.nursingBedShare.numerator
  const noReports = beds.reports === 0

  const population = facts.population.get(year) ?? new Map()
  let population60Plus = 0
  let populationTotal = 0
  const townNames = new Map(facts.towns.map((town) => [town.code, town.name]))
  const missing: MissingPopulation['communities'] = []
  for (const community of facts.communities) {
    const figures = population.get(community.code)
    if (!figures) missing.push({ code: community.code, name: community.name, townName: townNames.get(community.townCode) ?? community.townCode })
    population60Plus += figures?.population60Plus ?? 0
    populationTotal += figures?.populationTotal ?? 0
  }
  const missingPopulation = missing.length > 0 ? { missingPopulation: { year, basis: facts.settings.populationBasis, communities: missing } } : {}
  const dementiaDenominator = facts.settings.dementiaDenominator === 'population_total' ? populationTotal : population60Plus

  const ratingsOf = new Map<string, IndicatorFacts['ratings']>()
  for (const rating of facts.ratings) ratingsOf.set(rating.facilityId, [...(ratingsOf.get(rating.facilityId) ?? []), rating])
  const gradeOf = (id: string) => currentRating(ratingsOf.get(id) ?? [], day)?.grade ?? null
  const publicInstitutions = institutions.filter((institution) => PUBLIC_OWNERSHIPS.includes(institution.ownership ?? ''))
  const publicRated = publicInstitutions.filter((institution) => gradeOf(institution.id) !== null).length
  const threeStarsOrMore = institutions.filter((institution) => (gradeOf(institution.id) ?? 0) >= 3).length

  const unionIds = taggedOn(facts, 'health_union', day)
  const unionTowns = new Set(open.filter((facility) => unionIds.has(facility.id)).map((facility) => townOfCommunity(facility.communityCode)))

  const careNeeds = careNeedsOn(facts, day)
  const townsWithUnion = facts.towns.filter((town) => unionTowns.has(town.code)).length

  return [
    { key: 'meal_coverage_rate', unit: 'ratio', numerator: communitiesCovered, denominator: facts.communities.length },
    { key: 'new_meal_points', unit: 'count', numerator: newMealPoints, denominator: null },
    { key: 'happiness_hubs', unit: 'count', numerator: hubs, denominator: null },
    { key: 'nursing_bed_share', unit: 'ratio', numerator: nursingBeds, denominator: beds.totalBeds },
    { key: 'dementia_beds_per_10k', unit: 'per_10k', numerator: beds.dementiaBeds, denominator: dementiaDenominator, noInput: noReports, ...missingPopulation },
    { key: 'public_institutions_rated_rate', unit: 'ratio', numerator: publicRated, denominator: publicInstitutions.length },
    { key: 'three_star_plus_share', unit: 'ratio', numerator: threeStarsOrMore, denominator: institutions.length },
    { key: 'union_town_coverage_rate', unit: 'ratio', numerator: townsWithUnion, denominator: facts.towns.length },
    { key: 'certified_caregivers_per_10k_elders', unit: 'per_10k', numerator: beds.certifiedCaregivers, denominator: population60Plus, noInput: noReports, ...missingPopulation },
    { key: 'care_card_users', unit: 'count', numerator: cardUsers ?? 0, denominator: null, noInput: cardUsers === null },
    { key: 'concentrated_care_coverage_rate', unit: 'ratio', numerator: careNeeds.filter((need) => need.placed).length, denominator: careNeeds.length },
  ]
}
