import { uuidv7, type Executor } from '@eldercare/db'
import type { FacilityTag } from '@eldercare/shared'
import type { FacilitiesRepository } from './facilities.repository.js'

/**
 * Sets the tags a facility holds from `day` on, as a service area is replaced: periods before that day
 * stay, so a figure as of a past day keeps the tags as they were then. Used by the facility form and by
 * the institution profile (康养联合体).
 */
export async function replaceTagsFrom(facilities: FacilitiesRepository, tenantId: string, facilityId: string, tags: readonly FacilityTag[], day: string, exec: Executor) {
  const wanted = new Set(tags)
  const continuing = new Set<string>()
  for (const row of await facilities.tagPeriodsFrom(tenantId, facilityId, day, exec)) {
    if (row.validFrom >= day) await facilities.deleteTagPeriod(tenantId, row.id, exec)
    else if (wanted.has(row.tag) && row.validTo === null) continuing.add(row.tag)
    else await facilities.closeTagPeriod(tenantId, row.id, day, exec)
  }
  await facilities.insertTagPeriods(
    [...wanted].filter((tag) => !continuing.has(tag)).map((tag) => ({ tenantId, id: uuidv7(), facilityId, tag, validFrom: day })),
    exec,
  )
}
