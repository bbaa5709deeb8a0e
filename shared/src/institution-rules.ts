import { BED_FIGURE_FIELDS } from './constants/institutions.js'
import type { BedFigureField, BedFigures, InstitutionSettings } from './schemas/institutions.js'

/** The defaults of a tenant that has not changed its settings; GB/T 37276-2018 sections and points. */
export const DEFAULT_INSTITUTION_SETTINGS: InstitutionSettings = {
  reportWindowStartDay: 1,
  reportWindowEndDay: 10,
  changeThresholdPercent: 20,
  ratingSections: [
    { key: 'environment', name: '环境', maxPoints: 120 },
    { key: 'facilities', name: '设施设备', maxPoints: 130 },
    { key: 'management', name: '运营管理', maxPoints: 150 },
    { key: 'service', name: '服务', maxPoints: 600 },
  ],
  gradeThresholds: [100, 250, 400, 550, 700],
  ratingValidityYears: 3,
  firstRatingMaxGrade: 3,
}

/**
 * One refused figure: `field` is at most `limit`, the value of `limitOf` (a figure, or the open beds
 * `totalBeds − closedBeds`, or the residents' sum), or must not be negative.
 */
export type BedFigureProblem =
  | { field: BedFigureField; rule: 'negative' }
  | { field: BedFigureField; rule: 'exceeds'; limitOf: BedFigureField | 'openBeds'; limit: number }
  | { field: BedFigureField; rule: 'residentsExceedOccupied'; limit: number }

/** Parts that may not be larger than a whole, in the order the form shows them. */
const PARTS: [BedFigureField, BedFigureField][] = [
  ['nursingBeds', 'totalBeds'],
  ['dementiaBeds', 'totalBeds'],
  ['closedBeds', 'totalBeds'],
  ['occupiedNursingBeds', 'nursingBeds'],
  ['occupiedNursingBeds', 'occupiedBeds'],
  ['occupiedDementiaBeds', 'dementiaBeds'],
  ['occupiedDementiaBeds', 'occupiedBeds'],
  ['certifiedCaregivers', 'caregivers'],
]

const RESIDENTS: BedFigureField[] = ['residentsSelfCare', 'residentsPartlyDependent', 'residentsDependent']

/**
 * Every problem of a report's figures, at most one per field (the first found): counts ≥ 0, each part ≤ its
 * whole, occupied beds ≤ the beds open to admissions, residents by care level ≤ occupied beds.
 * The server refuses a report with any; the form shows the same ones inline.
 */
export function checkBedFigures(figures: BedFigures): BedFigureProblem[] {
  const problems: BedFigureProblem[] = []
  const flagged = new Set<BedFigureField>()
  const add = (problem: BedFigureProblem) => {
    if (flagged.has(problem.field)) return
    flagged.add(problem.field)
    problems.push(problem)
  }
  for (const field of BED_FIGURE_FIELDS) if (figures[field] < 0) add({ field, rule: 'negative' })
  for (const [field, whole] of PARTS) {
    if (figures[field] > figures[whole] && figures[whole] >= 0) add({ field, rule: 'exceeds', limitOf: whole, limit: figures[whole] })
  }
  const openBeds = figures.totalBeds - figures.closedBeds
  if (figures.occupiedBeds > openBeds && openBeds >= 0) add({ field: 'occupiedBeds', rule: 'exceeds', limitOf: 'openBeds', limit: openBeds })
  const residents = RESIDENTS.reduce((sum, field) => sum + figures[field], 0)
  if (residents > figures.occupiedBeds) {
    for (const field of RESIDENTS) if (figures[field] > 0) add({ field, rule: 'residentsExceedOccupied', limit: figures.occupiedBeds })
  }
  return BED_FIGURE_FIELDS.flatMap((field) => problems.filter((problem) => problem.field === field))
}

/**
 * Figures that moved by more than `thresholdPercent` against the previous approved report; such a report
 * needs an explanation. A figure appearing from zero counts as a change, one staying at zero does not.
 */
export function figuresChangedBeyond(previous: BedFigures | null, next: BedFigures, thresholdPercent: number): BedFigureField[] {
  if (!previous) return []
  return BED_FIGURE_FIELDS.filter((field) => {
    const before = previous[field]
    const after = next[field]
    if (before === after) return false
    if (before === 0) return true
    return Math.abs(after - before) * 100 > thresholdPercent * before
  })
}

/** The grade the thresholds give a total score: the highest whose threshold it reaches, or null below one star. */
export function gradeForScore(totalScore: number, thresholds: readonly number[]): number | null {
  let grade: number | null = null
  thresholds.forEach((threshold, index) => {
    if (totalScore >= threshold) grade = index + 1
  })
  return grade
}

/** A first assessment may be capped at a lower grade than its score gives. */
export function awardedGrade(scoredGrade: number | null, firstRating: boolean, firstRatingMaxGrade: number | null): number | null {
  if (scoredGrade === null || !firstRating || firstRatingMaxGrade === null) return scoredGrade
  return Math.min(scoredGrade, firstRatingMaxGrade)
}

/** `YYYY-MM-DD` plus whole years, less one day: a rating of 2024-03-15 for 3 years is valid until 2027-03-14. */
export function ratingValidUntil(assessedOn: string, years: number): string {
  const date = new Date(`${assessedOn}T00:00:00Z`)
  date.setUTCFullYear(date.getUTCFullYear() + years)
  date.setUTCDate(date.getUTCDate() - 1)
  return date.toISOString().slice(0, 10)
}

/** The month after `YYYY-MM`. */
export function nextMonth(period: string): string {
  const [year, month] = period.split('-').map(Number) as [number, number]
  return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`
}

/** The month before `YYYY-MM`. */
export function previousMonth(period: string): string {
  const [year, month] = period.split('-').map(Number) as [number, number]
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`
}

/** The days of the month after `period` in which its report is due, both inclusive. */
export function reportingWindow(period: string, settings: Pick<InstitutionSettings, 'reportWindowStartDay' | 'reportWindowEndDay'>) {
  const month = nextMonth(period)
  const day = (value: number) => `${month}-${String(value).padStart(2, '0')}`
  return { period, opensOn: day(settings.reportWindowStartDay), closesOn: day(settings.reportWindowEndDay) }
}

/** The period due on a day: always last month, whose window is open or has closed this month. */
export function periodDueOn(today: string): string {
  return previousMonth(today.slice(0, 7))
}
