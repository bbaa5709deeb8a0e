import { shownIndicatorValue, yearOnYearChange, type DashboardFacility, type IndicatorSettings, type IndicatorUnit, type IndicatorValue, type SyncStatus } from '@eldercare/shared'

/** vue-i18n's `t` with named parameters, passed in so the texts below stay plain functions. */
export type Translate = (key: string, params?: Record<string, unknown>) => string

const DASH = '—'
const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 })

/** `45,678` for people and beds; a fraction keeps one decimal. */
export function formatCount(value: number): string {
  return grouped.format(value)
}

/** The value as the bureau reads it: a ratio as `78.1%`, per 10,000 with one decimal, a count as is (the rule: shared indicator-rounding.ts). */
export function formatValue(unit: IndicatorUnit, value: number | null): string {
  if (value === null) return DASH
  const shown = shownIndicatorValue(unit, value)
  if (unit === 'ratio') return `${shown.toFixed(1)}%`
  if (unit === 'per_10k') return shown.toFixed(1)
  return formatCount(shown)
}

/** A goal reads better without trailing zeros: `≥ 80%`, `≥ 24.5`. */
export function formatGoal(unit: IndicatorUnit, value: number): string {
  if (unit === 'ratio') return `${Number((value * 100).toFixed(1))}%`
  return formatCount(value)
}

/** How far the value has come towards its target, 0–100; null when there is nothing to measure against. */
export function progressPercent(indicator: IndicatorValue): number | null {
  const goal = indicator.target?.value ?? null
  if (indicator.value === null || goal === null || goal <= 0) return null
  return Math.min(100, Math.round((indicator.value / goal) * 1000) / 10)
}

export type MetState = 'met' | 'notMet' | 'noTarget' | 'unknown'

export const MET_TAG: Record<MetState, 'success' | 'danger' | 'info'> = { met: 'success', notMet: 'danger', noTarget: 'info', unknown: 'info' }

export function metState(indicator: IndicatorValue): MetState {
  if (indicator.target === null) return 'noTarget'
  if (indicator.met === null) return 'unknown'
  return indicator.met ? 'met' : 'notMet'
}

export function targetText(indicator: IndicatorValue, t: Translate): string {
  const { target, unit } = indicator
  if (target === null) return t('indicators.noTarget')
  if (target.comparator === 'above_last_year') {
    return target.value === null ? t('indicators.targetAboveLastYearUnknown') : t('indicators.targetAboveLastYear', { value: formatValue(unit, target.value) })
  }
  return target.value === null ? t('indicators.noTarget') : t('indicators.targetAtLeast', { value: formatGoal(unit, target.value) })
}

export interface Change {
  direction: 'up' | 'down' | 'flat'
  text: string
}

/**
 * The change against the same date last year, from the values as shown (shared `yearOnYearChange`);
 * ratios move in percentage points. Null when last year has no figure: the card says 去年同期无数据.
 */
export function changeText(indicator: IndicatorValue, t: Translate): Change | null {
  const { value, sameDateLastYear, unit } = indicator
  const change = yearOnYearChange(unit, value, sameDateLastYear)
  if (change.kind === 'no_last_year') return null
  if (change.kind === 'last_year_only') return { direction: 'flat', text: t('indicators.lastYearOnly', { value: formatValue(unit, sameDateLastYear) }) }
  const { delta } = change
  const direction = delta > 0 ? 'up' : delta < 0 ? 'down' : 'flat'
  const magnitude = unit === 'count' ? formatCount(Math.abs(delta)) : Math.abs(delta).toFixed(1)
  const sign = direction === 'up' ? '+' : direction === 'down' ? '−' : '±'
  return { direction, text: unit === 'ratio' ? t('indicators.changePoints', { delta: `${sign}${magnitude}` }) : t('indicators.change', { delta: `${sign}${magnitude}` }) }
}

/**
 * The note under the indicator cards when some communities have no population figure for the year
 * (every per-population indicator lists the same ones): which year, which basis, and up to `shown` names.
 */
export function missingPopulationNote(indicators: readonly IndicatorValue[], t: Translate, shown = 8): string | null {
  const missing = indicators.find((indicator) => indicator.missingPopulation)?.missingPopulation
  if (!missing) return null
  const names = missing.communities.slice(0, shown).map((community) => `${community.townName}${community.name}`)
  return t(missing.communities.length > shown ? 'indicators.populationMissingMore' : 'indicators.populationMissing', {
    year: missing.year,
    count: missing.communities.length,
    basis: t(`indicators.bases.${missing.basis}`),
    names: names.join(t('indicators.listSeparator')),
  })
}

/** The formula with its own figures, e.g. "有助餐服务的村社 132 ÷ 全部村社 169". */
export function formulaText(indicator: IndicatorValue, year: number, settings: IndicatorSettings, t: Translate): string {
  const basis = t(`indicators.bases.${settings.populationBasis}`)
  const denominatorKind = indicator.key === 'dementia_beds_per_10k' ? settings.dementiaDenominator : 'population_60_plus'
  return t(`indicators.formulas.${indicator.key}`, {
    numerator: formatCount(indicator.numerator),
    denominator: indicator.denominator === null ? '' : formatCount(indicator.denominator),
    population: t(`indicators.populations.${denominatorKind}`, { basis }),
    year,
  })
}

/** The day a date picker means (its local midnight) as `YYYY-MM-DD`. */
export function calendarDate(date: Date): string {
  const pad = (part: number) => String(part).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

/** Whole days from one calendar date to a later one. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

export interface StaleFacility {
  id: string
  name: string
  communityName: string
  lastMealOn: string | null
  /** Days since the last meal recorded; null when none ever was. */
  days: number | null
}

const silence = (days: number | null) => days ?? Number.MAX_SAFE_INTEGER

/** Stale meal facilities, those never recorded first, then the longest silent. */
export function staleFacilities(facilities: DashboardFacility[], asOf: string): StaleFacility[] {
  return facilities
    .filter((facility) => facility.stale)
    .map((facility) => ({
      id: facility.id,
      name: facility.name,
      communityName: facility.communityName,
      lastMealOn: facility.lastMealOn,
      days: facility.lastMealOn === null ? null : daysBetween(facility.lastMealOn, asOf),
    }))
    .sort((a, b) => silence(b.days) - silence(a.days))
}

/** A facility whose counter devices hold meals not yet synced, and since when (the oldest one's device time). */
export interface UnsyncedFacility {
  id: string
  name: string
  since: string
  meals: number
}

/**
 * Facilities with meals waiting on a device: these recorded meals, the server just has not seen them.
 * "Not synced" must never read as "no meals recorded".
 */
export function unsyncedFacilities(status: SyncStatus): UnsyncedFacility[] {
  return status.items
    .flatMap((facility) => {
      const waiting = facility.devices.filter((device) => device.outboxSize > 0)
      if (waiting.length === 0) return []
      const since = waiting.map((device) => device.oldestUnsyncedAt ?? device.lastSeenAt).sort()[0]!
      return [{ id: facility.facilityId, name: facility.facilityName, since, meals: waiting.reduce((sum, device) => sum + device.outboxSize, 0) }]
    })
    .sort((a, b) => a.since.localeCompare(b.since))
}
