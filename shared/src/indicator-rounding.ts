import type { IndicatorUnit } from './schemas/indicators.js'

/**
 * How an indicator's value and its change against last year are shown, one rule for the cards, the
 * dashboard and the .xlsx report:
 * - a ratio is shown in percent, per-10,000 as is, each with one decimal **cut, not rounded**: 57.98%
 *   against a goal of 58% must not read 58.0% beside 未达标 (a tiny allowance keeps an exact 58% at 58.0);
 * - a count is shown whole;
 * - the change is the difference of the two shown values, so it can never be larger than what is shown
 *   (23.1 beside +23.2 cannot happen); ratios move in percentage points;
 * - when last year has no figure the change is "no data for last year", never "+ the whole value".
 */
export function shownIndicatorValue(unit: IndicatorUnit, value: number): number {
  if (unit === 'count') return value
  return tenthsDown(unit === 'ratio' ? value * 100 : value) / 10
}

/** Whole tenths of the shown quantity, cut towards zero. */
function tenthsDown(quantity: number): number {
  return Math.floor(quantity * 10 + 1e-6)
}

export type YearOnYearChange =
  /** `delta` in the shown unit (percentage points for ratios), with one decimal except for counts. */
  | { kind: 'change'; delta: number }
  /** Last year has no figure: nothing to compare with. */
  | { kind: 'no_last_year' }
  /** Last year has a figure, this year none. */
  | { kind: 'last_year_only'; lastYear: number }

export function yearOnYearChange(unit: IndicatorUnit, value: number | null, lastYear: number | null): YearOnYearChange {
  if (lastYear === null) return { kind: 'no_last_year' }
  if (value === null) return { kind: 'last_year_only', lastYear: shownIndicatorValue(unit, lastYear) }
  if (unit === 'count') return { kind: 'change', delta: value - lastYear }
  const current = unit === 'ratio' ? value * 100 : value
  const previous = unit === 'ratio' ? lastYear * 100 : lastYear
  return { kind: 'change', delta: (tenthsDown(current) - tenthsDown(previous)) / 10 }
}
