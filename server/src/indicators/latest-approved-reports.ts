import type { BedFigures } from '@eldercare/shared'
import { shanghaiDayStart } from '../http/dates.js'
import type { IndicatorFacts } from './indicator-facts.js'

// On its own so that both the indicators and the concentrated-care gap list (which names institutions
// with free beds) read it without importing each other.
/** Each institution's latest report approved by the end of `day`, for a month up to `day`'s month. */
export function latestApprovedReports(facts: Pick<IndicatorFacts, 'bedReports'>, institutionIds: ReadonlySet<string>, day: string): BedFigures[] {
  const dayEnd = shanghaiDayStart(day, 1)
  const month = day.slice(0, 7)
  const latest = new Map<string, IndicatorFacts['bedReports'][number]>()
  for (const report of facts.bedReports) {
    if (!institutionIds.has(report.facilityId) || report.period > month || report.approvedAt >= dayEnd) continue
    const held = latest.get(report.facilityId)
    if (!held || held.period < report.period) latest.set(report.facilityId, report)
  }
  return [...latest.values()]
}
