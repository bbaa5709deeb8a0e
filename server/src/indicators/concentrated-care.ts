import { distanceKm, statusOn, type ConcentratedCareGround, type FreeBedInstitution } from '@eldercare/shared'
import { isAreaValidOn, isOpenOn, type CareNeedFacts, type CommunityFacts, type IndicatorFacts } from './indicator-facts.js'
import { latestApprovedReports } from './latest-approved-reports.js'

const categoryHolds = (entry: { startOn: string; endOn: string | null }, day: string) => entry.startOn <= day && (entry.endOn === null || entry.endOn >= day)

/**
 * Why an elder is eligible for concentrated care on a day: 特困, or 低保 / 低边 who is 失能 at level 重度
 * (经济困难的完全失能老年人); null when neither holds.
 */
export function concentratedCareGround(elder: Pick<CareNeedFacts, 'categories'>, day: string): ConcentratedCareGround | null {
  const held = elder.categories.filter((entry) => categoryHolds(entry, day))
  if (held.some((entry) => entry.category === 'destitute')) return 'destitute'
  const lowIncome = held.some((entry) => entry.category === 'minimum_livelihood' || entry.category === 'marginal_low_income')
  const severelyDisabled = held.some((entry) => entry.category === 'disabled' && entry.level === 'severe')
  return lowIncome && severelyDisabled ? 'low_income_severely_disabled' : null
}

export interface CareNeedOnDay {
  elder: CareNeedFacts
  ground: ConcentratedCareGround
  needSince: string
  status: 'active' | 'in_institution'
  placed: boolean
}

/**
 * The elders who need concentrated care on a day: eligible, with a need recorded that day, and still
 * the district's (not dead, not moved away). `placed` when they live in an institution that day.
 */
export function careNeedsOn(facts: Pick<IndicatorFacts, 'careNeeds'>, day: string): CareNeedOnDay[] {
  const result: CareNeedOnDay[] = []
  for (const elder of facts.careNeeds) {
    const need = elder.needs.find((period) => isAreaValidOn(period, day))
    if (!need) continue
    const ground = concentratedCareGround(elder, day)
    if (!ground) continue
    const status = statusOn(elder.statuses, day)?.status ?? 'active'
    if (status === 'deceased' || status === 'moved_away') continue
    result.push({ elder, ground, needSince: need.validFrom, status, placed: status === 'in_institution' })
  }
  return result
}

/**
 * Institutions open on `day` with free beds (total − occupied − closed) in their latest report approved
 * by then, ordered for one elder: by distance where both have coordinates, then those of the elder's town,
 * then the most free beds.
 */
export function freeBedInstitutions(facts: Pick<IndicatorFacts, 'facilities' | 'bedReports'>, day: string) {
  const institutions = facts.facilities.filter((facility) => facility.type === 'institution' && isOpenOn(facility, day))
  const byId = new Map(institutions.map((institution) => [institution.id, institution]))
  const reports = latestApprovedReports(facts, new Set(byId.keys()), day) as (IndicatorFacts['bedReports'][number])[]
  return reports
    .map((report) => ({ institution: byId.get(report.facilityId)!, period: report.period, freeBeds: report.totalBeds - report.occupiedBeds - report.closedBeds }))
    .filter((entry) => entry.freeBeds > 0)
}

export function nearestWithFreeBeds(community: CommunityFacts | undefined, candidates: ReturnType<typeof freeBedInstitutions>, count: number): FreeBedInstitution[] {
  const townCode = community?.townCode ?? ''
  const ranked = candidates.map(({ institution, period, freeBeds }) => {
    const located = community && community.latitude !== null && community.longitude !== null && institution.latitude !== null && institution.longitude !== null
    const km = located ? distanceKm({ latitude: community.latitude!, longitude: community.longitude! }, { latitude: institution.latitude!, longitude: institution.longitude! }) : null
    return {
      id: institution.id,
      name: institution.name,
      townCode: institution.communityCode.slice(0, 9),
      freeBeds,
      period,
      distanceKm: km === null ? null : Math.round(km * 100) / 100,
      sameTown: institution.communityCode.startsWith(townCode),
    }
  })
  ranked.sort(
    (a, b) =>
      (a.distanceKm === null ? 1 : 0) - (b.distanceKm === null ? 1 : 0) ||
      (a.distanceKm ?? 0) - (b.distanceKm ?? 0) ||
      Number(b.sameTown) - Number(a.sameTown) ||
      b.freeBeds - a.freeBeds ||
      (a.id < b.id ? -1 : 1),
  )
  return ranked.slice(0, count)
}
