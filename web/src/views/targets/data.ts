import { INDICATOR_KEYS, WORK_PLAN_TARGETS, type IndicatorKey, type IndicatorTarget, type IndicatorUnit, type TargetComparator, type TargetPut } from '@eldercare/shared'

/** The unit of each indicator, as the indicator report gives it; targets of ratios are kept as 0..1. */
export const INDICATOR_UNIT: Record<IndicatorKey, IndicatorUnit> = {
  meal_coverage_rate: 'ratio',
  new_meal_points: 'count',
  happiness_hubs: 'count',
  nursing_bed_share: 'ratio',
  dementia_beds_per_10k: 'per_10k',
  public_institutions_rated_rate: 'ratio',
  three_star_plus_share: 'ratio',
  union_town_coverage_rate: 'ratio',
  certified_caregivers_per_10k_elders: 'per_10k',
  care_card_users: 'count',
  concentrated_care_coverage_rate: 'ratio',
}

/** A year to pick: a few back for past reports, and the next one for planning. */
export function yearChoices(current: number, back = 5): number[] {
  return Array.from({ length: back + 2 }, (_, index) => current + 1 - index)
}

/** One indicator's target as edited: ratios in percent, as the work plan writes them. */
export interface TargetRow {
  key: IndicatorKey
  unit: IndicatorUnit
  comparator: TargetComparator
  value: number | null | undefined
  /** No target stored for this year yet. */
  unset: boolean
  /** A town's row showing the district's target, which stands in while the town has none of its own. */
  inherited: boolean
}

/** Drops the noise of binary fractions: 0.58 × 100 is 57.99999999999999. */
const tidy = (value: number) => Number(value.toFixed(6))

export function toDisplayValue(unit: IndicatorUnit, stored: number): number {
  return unit === 'ratio' ? tidy(stored * 100) : stored
}

export function toStoredValue(unit: IndicatorUnit, shown: number): number {
  return unit === 'ratio' ? tidy(shown / 100) : shown
}

/** A row for every indicator, in the work plan's order, whether or not a target is stored. */
export function targetRows(targets: IndicatorTarget[], townView = false): TargetRow[] {
  const byKey = new Map(targets.map((target) => [target.key, target]))
  return INDICATOR_KEYS.map((key) => {
    const unit = INDICATOR_UNIT[key]
    const target = byKey.get(key)
    if (!target) return { key, unit, comparator: 'at_least', value: null, unset: true, inherited: false }
    const value = target.value === null ? null : toDisplayValue(unit, target.value)
    return { key, unit, comparator: target.comparator, value, unset: false, inherited: target.townCode === null && target.targetScope === 'district' && townView }
  })
}

/** Fills the rows with no target from the work plan, leaving those already set alone. */
export function fillFromWorkPlan(rows: TargetRow[]): void {
  for (const row of rows) {
    const planned = WORK_PLAN_TARGETS.find((target) => target.key === row.key)
    if (!row.unset || !planned) continue
    row.comparator = planned.comparator
    row.value = planned.value === null ? null : toDisplayValue(row.unit, planned.value)
  }
}

/**
 * The body of a save: `above_last_year` needs no value; an `at_least` row without one is either still
 * unset (left out) or missing its value (returned in `missing`, and nothing should be sent). For a town,
 * rows still showing the district's target are left out: saving never copies them into town targets.
 */
export function toTargetPut(year: number, rows: TargetRow[], townCode = ''): { body: TargetPut | null; missing: IndicatorKey[] } {
  const missing: IndicatorKey[] = []
  const targets: TargetPut['targets'] = []
  for (const row of rows) {
    if (townCode && row.inherited) continue
    if (row.comparator === 'above_last_year') targets.push({ key: row.key, comparator: row.comparator, value: null })
    else if (typeof row.value === 'number') targets.push({ key: row.key, comparator: row.comparator, value: toStoredValue(row.unit, row.value) })
    else if (!row.unset) missing.push(row.key)
  }
  return { body: targets.length > 0 ? { year, ...(townCode ? { townCode } : {}), targets } : null, missing }
}
