import type { BedFigures, DisabilityLevel, ElderCategory, ElderStatus, FacilityTag, IndicatorSettings } from '@eldercare/shared'
import type { RatingFacts } from '../institutions/institution-figures.js'

/**
 * Everything the indicators are computed from, read once per request. Rows are effective-dated
 * (opening and closing days, service-area validity, report approval, rating validity), so the same
 * facts answer for any day: the pure functions pick what held on that day.
 */
export interface IndicatorFacts {
  /** The town asked for, or null for the whole district. */
  townCode: string | null
  /** The district's towns, or the one asked for. */
  towns: { code: string; name: string }[]
  /** The communities of those towns. */
  communities: CommunityFacts[]
  /**
   * Every facility of the tenant, whatever its state and town: a facility may serve communities of a
   * neighbouring town. Counts of facilities take those of `townCode` only (see `inTown`).
   */
  facilities: FacilityFacts[]
  /** Every service-area period of the facilities above. */
  serviceAreas: { facilityId: string; communityCode: string; validFrom: string; validTo: string | null }[]
  /** Every tag period of the facilities above (幸福汇, 康养联合体). */
  tagPeriods: { facilityId: string; tag: FacilityTag; validFrom: string; validTo: string | null }[]
  /** The elders of the communities above whose need of concentrated care was ever recorded. */
  careNeeds: CareNeedFacts[]
  /**
   * Approved bed reports with the instant of approval, to pick the latest approved one as of a day
   * (the repository reads only those that are the latest for one of the days asked about).
   */
  bedReports: (BedFigures & { facilityId: string; period: string; approvedAt: Date })[]
  ratings: RatingFacts[]
  /** Population figures by year, on the basis chosen in the settings. */
  population: Map<number, Map<string, { population60Plus: number; populationTotal: number }>>
  settings: IndicatorSettings
}

export interface CommunityFacts {
  code: string
  name: string
  townCode: string
  urbanRural: 'urban' | 'rural'
  island: string | null
  latitude: number | null
  longitude: number | null
}

export interface FacilityFacts {
  id: string
  name: string
  type: string
  communityCode: string
  openedOn: string
  closedOn: string | null
  /** Meal slots served; an institution with some serves meals and counts for coverage. */
  mealSlots: string[]
  latitude: number | null
  longitude: number | null
  /** Institutions only: public, private or public-built-private-run. */
  ownership: string | null
}

/** A facility serves on a day from its opening day up to the day before it closed. */
export const isOpenOn = (facility: Pick<FacilityFacts, 'openedOn' | 'closedOn'>, day: string) =>
  facility.openedOn <= day && (facility.closedOn === null || facility.closedOn > day)

/** A service-area period holds from `validFrom` up to the day before `validTo`. */
export const isAreaValidOn = (area: { validFrom: string; validTo: string | null }, day: string) => area.validFrom <= day && (area.validTo === null || area.validTo > day)

/** Whether a facility counts for the town asked for (all do for the whole district). */
export const inTown = (facts: Pick<IndicatorFacts, 'townCode'>, facility: Pick<FacilityFacts, 'communityCode'>) =>
  facts.townCode === null || facility.communityCode.startsWith(facts.townCode)

/** An elder whose need of concentrated care (集中供养) was recorded, with the dated rows that decide it. */
export interface CareNeedFacts {
  elderId: string
  name: string
  communityCode: string
  categories: { category: ElderCategory; level: DisabilityLevel | null; startOn: string; endOn: string | null }[]
  /** 有集中供养需求 periods. */
  needs: { validFrom: string; validTo: string | null }[]
  /** The status history, oldest first (by day, then by when it was recorded). */
  statuses: { status: ElderStatus; institutionId: string | null; effectiveFrom: string }[]
}

/** The facilities holding a tag on a day. */
export const taggedOn = (facts: Pick<IndicatorFacts, 'tagPeriods'>, tag: FacilityTag, day: string): Set<string> =>
  new Set(facts.tagPeriods.filter((period) => period.tag === tag && isAreaValidOn(period, day)).map((period) => period.facilityId))
