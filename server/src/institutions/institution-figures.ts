import type { BedFigures, BedIndicators, CurrentRating, RatingDistribution, Ratio } from '@eldercare/shared'

/**
 * The institution figures the bureau answers for, as pure functions of reports and ratings, so the
 * district indicators compute exactly the same numbers from the same rows.
 *
 * Filed, as of a moment. A report's history (`bed_report_events`) holds its submissions, returns and
 * its approval, each with its time; the report row keeps only the latest of each. As of a moment, a
 * report stands as its last step by then left it:
 * - filed when that step was a submission or the approval: submitted on X, it is filed from X on;
 * - not filed when it was a return: the bureau sent it back, the institution has to correct it and
 *   submit again, and the late list says so (as the bed-report list does for a returned report today);
 *   nor before its first submission (a draft);
 * - a resubmission on Y files it again from Y on and changes nothing before Y: as of a day between the
 *   return and Y the report was returned, as of a day between X and the return it was filed on X.
 * Bed figures count a report only from its approval (approved reports are final, `latestApprovedReports`),
 * so no submission, return or resubmission moves them on any day.
 */

export function ratio(numerator: number, denominator: number): Ratio {
  return { numerator, denominator, value: denominator === 0 ? null : numerator / denominator }
}

const sum = (reports: readonly BedFigures[], pick: (figures: BedFigures) => number) => reports.reduce((total, figures) => total + pick(figures), 0)

/**
 * Bed figures added up over institutions, one latest approved report each: nursing-type bed share
 * (nursing ÷ all beds), dementia-care beds, occupancy (occupied ÷ beds open to admissions) and caregivers per bed.
 */
export function bedIndicators(reports: readonly BedFigures[]): BedIndicators {
  const totalBeds = sum(reports, (f) => f.totalBeds)
  const openBeds = sum(reports, (f) => f.totalBeds - f.closedBeds)
  return {
    reports: reports.length,
    totalBeds,
    dementiaBeds: sum(reports, (f) => f.dementiaBeds),
    certifiedCaregivers: sum(reports, (f) => f.certifiedCaregivers),
    nursingBedShare: ratio(sum(reports, (f) => f.nursingBeds), totalBeds),
    occupancy: ratio(sum(reports, (f) => f.occupiedBeds), openBeds),
    caregiversPerBed: ratio(sum(reports, (f) => f.caregivers), totalBeds),
  }
}

export interface RatingFacts {
  id: string
  facilityId: string
  grade: number | null
  assessedOn: string
  validUntil: string
}

/** A rating counts from its assessment day up to and including `validUntil`. */
export function isRatingValid(rating: Pick<RatingFacts, 'assessedOn' | 'validUntil'>, day: string): boolean {
  return rating.assessedOn <= day && day <= rating.validUntil
}

/**
 * The rating an institution holds on a day: its latest assessment up to that day, if still valid and
 * graded. A newer assessment replaces an older one even when it gives fewer stars.
 */
export function currentRating(ratings: readonly RatingFacts[], day: string): CurrentRating | null {
  const latest = ratings.filter((rating) => rating.assessedOn <= day).sort((a, b) => (a.assessedOn < b.assessedOn ? 1 : a.assessedOn > b.assessedOn ? -1 : a.id < b.id ? 1 : -1))[0]
  if (!latest || latest.grade === null || !isRatingValid(latest, day)) return null
  return { ratingId: latest.id, grade: latest.grade, assessedOn: latest.assessedOn, validUntil: latest.validUntil }
}

/** How many of the institutions hold a valid rating of each grade on a day, and the share with three stars or more. */
export function ratingDistribution(facilityIds: readonly string[], ratings: readonly RatingFacts[], day: string): RatingDistribution {
  const byFacility = new Map<string, RatingFacts[]>()
  for (const rating of ratings) byFacility.set(rating.facilityId, [...(byFacility.get(rating.facilityId) ?? []), rating])
  const byGrade: RatingDistribution['byGrade'] = [0, 0, 0, 0, 0]
  let unrated = 0
  for (const facilityId of new Set(facilityIds)) {
    const current = currentRating(byFacility.get(facilityId) ?? [], day)
    if (current) byGrade[current.grade - 1]! += 1
    else unrated += 1
  }
  const rated3Plus = byGrade[2] + byGrade[3] + byGrade[4]
  return { byGrade, unrated, threeStarsOrMore: ratio(rated3Plus, byGrade.reduce((a, b) => a + b, 0) + unrated) }
}

/** Whether an institution is expected to report for a period: open on some day of that month. */
export function openInPeriod(facility: { openedOn: string; closedOn: string | null }, period: string): boolean {
  const first = `${period}-01`
  const last = `${period}-31`
  return facility.openedOn <= last && (facility.closedOn === null || facility.closedOn > first)
}

/** The steps after which a report stands filed (the rule at the top of this file). */
export const FILING_STEPS = ['submitted', 'approved'] as const

/**
 * Institutions that have not filed a period: expected to report (open in the period) and without a
 * submitted or approved report for it. Drafts and returned reports are not filed (the rule at the top of this file, today).
 */
export function lateFilers<F extends { id: string; openedOn: string; closedOn: string | null }>(
  facilities: readonly F[],
  reports: readonly { facilityId: string; period: string; status: string }[],
  period: string,
): { expected: F[]; late: F[] } {
  const filed = new Set(reports.filter((r) => r.period === period && (FILING_STEPS as readonly string[]).includes(r.status)).map((r) => r.facilityId))
  const expected = facilities.filter((facility) => openInPeriod(facility, period))
  return { expected, late: expected.filter((facility) => !filed.has(facility.id)) }
}
