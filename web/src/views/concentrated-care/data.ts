import type { ConcentratedCareGaps, FreeBedInstitution, IndicatorTarget } from '@eldercare/shared'
import { formatGoal, formatValue, type Translate } from '../dashboard/data'

export const INDICATOR_KEY = 'concentrated_care_coverage_rate'

export interface TownRow {
  townCode: string
  townName: string
  eligible: number
  placed: number
  gap: number
  /** Placed ÷ eligible; null when no elder of the town needs concentrated care. */
  rate: number | null
  /** Against the target shown above the table; null when there is no target or nothing to measure. */
  met: boolean | null
}

/** A 0..1 goal of an `at_least` target, or null (no target, or one that is not a fixed goal). */
export function goalOf(target: IndicatorTarget | undefined): number | null {
  return target?.comparator === 'at_least' ? target.value : null
}

/** The towns in the API's order, each with its rate and whether it meets the goal. */
export function townRows(gaps: ConcentratedCareGaps, goal: number | null): TownRow[] {
  return gaps.towns.map((town) => {
    const rate = town.eligible === 0 ? null : town.placed / town.eligible
    // The same room for floating-point rounding as the server's `meets`.
    return { ...town, gap: town.eligible - town.placed, rate, met: rate === null || goal === null ? null : rate >= goal - 1e-9 }
  })
}

export const rateText = (rate: number | null) => formatValue('ratio', rate)

export function targetLabel(target: IndicatorTarget | undefined, t: Translate): string {
  const goal = goalOf(target)
  return goal === null ? t('concentratedCare.noTarget') : t('concentratedCare.target', { value: formatGoal('ratio', goal) })
}

/** `康乐养老院 · 空床 12 张 · 2.4 公里`: what a town officer needs to place the elder. */
export function institutionText(institution: FreeBedInstitution, t: Translate): string {
  const distance = institution.distanceKm === null ? t('concentratedCare.gaps.noDistance') : t('concentratedCare.gaps.km', { km: institution.distanceKm.toFixed(1) })
  return [institution.name, t('concentratedCare.gaps.freeBeds', { count: institution.freeBeds }), distance].join(' · ')
}
