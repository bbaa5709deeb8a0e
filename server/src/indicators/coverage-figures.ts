import { EARTH_RADIUS_KM, servesMeals, type CoverageFigures, type CoverageGrouping, type CoverageRow, type UncoveredCommunity } from '@eldercare/shared'
import { isAreaValidOn, isOpenOn, type CommunityFacts, type FacilityFacts, type IndicatorFacts } from './indicator-facts.js'

/**
 * Facilities serving meals on a day: canteens, day-care centres, mutual-aid and meal points, and
 * institutions with meal slots, open that day.
 */
export function activeMealFacilities(facts: Pick<IndicatorFacts, 'facilities'>, day: string): FacilityFacts[] {
  return facts.facilities.filter((facility) => servesMeals(facility) && isOpenOn(facility, day))
}

/** Communities served on a day by at least one meal facility open that day, through its service area. */
export function coveredCommunities(facts: Pick<IndicatorFacts, 'facilities' | 'serviceAreas'>, day: string): Set<string> {
  const active = new Set(activeMealFacilities(facts, day).map((facility) => facility.id))
  return new Set(facts.serviceAreas.filter((area) => active.has(area.facilityId) && isAreaValidOn(area, day)).map((area) => area.communityCode))
}

const rate = (part: number, whole: number) => (whole === 0 ? null : part / whole)

/**
 * Covered ÷ all communities, and covered ÷ all elderly (60+) people of the communities that have a
 * population figure: a community without a figure counts in the first ratio only.
 */
export function coverageFigures(communities: readonly CommunityFacts[], covered: ReadonlySet<string>, elderly: ReadonlyMap<string, number>): CoverageFigures {
  let coveredCount = 0
  let coveredElderly = 0
  let elderlyTotal = 0
  for (const community of communities) {
    const people = elderly.get(community.code) ?? 0
    elderlyTotal += people
    if (covered.has(community.code)) {
      coveredCount += 1
      coveredElderly += people
    }
  }
  return {
    covered: coveredCount,
    total: communities.length,
    rate: rate(coveredCount, communities.length),
    coveredElderly,
    elderly: elderlyTotal,
    weightedRate: rate(coveredElderly, elderlyTotal),
  }
}

/** Rows of the coverage table, one per town, island ('' = the main island), urban/rural or community. */
export function coverageRows(
  facts: Pick<IndicatorFacts, 'towns'>,
  communities: readonly CommunityFacts[],
  covered: ReadonlySet<string>,
  elderly: ReadonlyMap<string, number>,
  groupBy: CoverageGrouping,
): CoverageRow[] {
  const townNames = new Map(facts.towns.map((town) => [town.code, town.name]))
  const groupOf = (community: CommunityFacts): [string, string] => {
    switch (groupBy) {
      case 'town':
        return [community.townCode, townNames.get(community.townCode) ?? community.townCode]
      case 'island':
        return [community.island ?? '', community.island ?? '本岛']
      case 'kind':
        return [community.urbanRural, community.urbanRural === 'urban' ? '城市社区' : '农村']
      case 'community':
        return [community.code, community.name]
    }
  }
  const groups = new Map<string, { name: string; communities: CommunityFacts[] }>()
  for (const community of communities) {
    const [key, name] = groupOf(community)
    const group = groups.get(key) ?? { name, communities: [] }
    group.communities.push(community)
    groups.set(key, group)
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, group]) => ({ key, name: group.name, ...coverageFigures(group.communities, covered, elderly) }))
}

/**
 * The communities no open meal facility serves, largest elderly population first (those without a
 * figure last, then by code), each with the nearest open meal facility where both have coordinates.
 */
export function uncoveredCommunities(
  facts: Pick<IndicatorFacts, 'towns' | 'facilities'>,
  communities: readonly CommunityFacts[],
  covered: ReadonlySet<string>,
  elderly: ReadonlyMap<string, number>,
  day: string,
): UncoveredCommunity[] {
  const townNames = new Map(facts.towns.map((town) => [town.code, town.name]))
  const placed = placedFacilities(activeMealFacilities(facts, day))
  return communities
    .filter((community) => !covered.has(community.code))
    .map((community) => ({
      communityCode: community.code,
      name: community.name,
      townCode: community.townCode,
      townName: townNames.get(community.townCode) ?? community.townCode,
      island: community.island,
      urbanRural: community.urbanRural,
      elderly: elderly.get(community.code) ?? null,
      nearestFacility: nearest(community, placed),
    }))
    .sort((a, b) => (b.elderly ?? -1) - (a.elderly ?? -1) || (a.communityCode < b.communityCode ? -1 : 1))
}

/** Facilities with coordinates, in radians, ready for many distance comparisons. */
function placedFacilities(facilities: readonly FacilityFacts[]) {
  const located = facilities.filter((facility) => facility.latitude !== null && facility.longitude !== null)
  const toRadians = (degrees: number) => (degrees * Math.PI) / 180
  return {
    facilities: located,
    latitudes: Float64Array.from(located, (facility) => toRadians(facility.latitude!)),
    longitudes: Float64Array.from(located, (facility) => toRadians(facility.longitude!)),
    cosLatitudes: Float64Array.from(located, (facility) => Math.cos(toRadians(facility.latitude!))),
  }
}

/**
 * The nearest facility by the haversine formula. Hundreds of uncovered communities times thousands of
 * facilities: the loop compares the haversine term (monotonic in the distance) and takes the arc once.
 */
function nearest(community: CommunityFacts, placed: ReturnType<typeof placedFacilities>): UncoveredCommunity['nearestFacility'] {
  if (community.latitude === null || community.longitude === null || placed.facilities.length === 0) return null
  const latitude = (community.latitude * Math.PI) / 180
  const longitude = (community.longitude * Math.PI) / 180
  const cosLatitude = Math.cos(latitude)
  let best = -1
  let bestH = Infinity
  for (let i = 0; i < placed.facilities.length; i++) {
    const sinLat = Math.sin((placed.latitudes[i]! - latitude) / 2)
    const sinLon = Math.sin((placed.longitudes[i]! - longitude) / 2)
    const h = sinLat * sinLat + cosLatitude * placed.cosLatitudes[i]! * sinLon * sinLon
    if (h < bestH) {
      bestH = h
      best = i
    }
  }
  const km = 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(bestH)))
  const facility = placed.facilities[best]!
  return { id: facility.id, name: facility.name, distanceKm: Math.round(km * 100) / 100 }
}
