import {
  awardedGrade,
  checkBedFigures,
  DEFAULT_INSTITUTION_SETTINGS,
  figuresChangedBeyond,
  gradeForScore,
  periodDueOn,
  ratingValidUntil,
  reportingWindow,
  type BedFigures,
} from '@eldercare/shared'
import { describe, expect, it } from 'vitest'
import { figureChangedAt } from '../src/institutions/bed-reports.service.js'
import { bedIndicators, currentRating, isRatingValid, lateFilers, ratingDistribution } from '../src/institutions/institution-figures.js'
import { firstPeriodOf, settingsProblems } from '../src/institutions/institutions.service.js'

const figures: BedFigures = {
  totalBeds: 100,
  nursingBeds: 60,
  dementiaBeds: 10,
  closedBeds: 5,
  occupiedBeds: 80,
  occupiedNursingBeds: 50,
  occupiedDementiaBeds: 8,
  residentsSelfCare: 30,
  residentsPartlyDependent: 30,
  residentsDependent: 20,
  certifiedCaregivers: 20,
  caregivers: 25,
}

describe('bed figure checks', () => {
  it('accept consistent figures, including all zeros and parts equal to their whole', () => {
    expect(checkBedFigures(figures)).toEqual([])
    expect(checkBedFigures(Object.fromEntries(Object.keys(figures).map((k) => [k, 0])) as BedFigures)).toEqual([])
    expect(checkBedFigures({ ...figures, closedBeds: 20, certifiedCaregivers: 25, residentsSelfCare: 30 })).toEqual([])
  })

  it('name each refused figure once, with the limit it broke', () => {
    expect(checkBedFigures({ ...figures, totalBeds: -1 })[0]).toEqual({ field: 'totalBeds', rule: 'negative' })
    expect(checkBedFigures({ ...figures, closedBeds: 21 })).toEqual([{ field: 'occupiedBeds', rule: 'exceeds', limitOf: 'openBeds', limit: 79 }])
    expect(checkBedFigures({ ...figures, occupiedNursingBeds: 61 })).toEqual([{ field: 'occupiedNursingBeds', rule: 'exceeds', limitOf: 'nursingBeds', limit: 60 }])
    expect(checkBedFigures({ ...figures, occupiedBeds: 49, residentsSelfCare: 0, residentsPartlyDependent: 0, residentsDependent: 0, occupiedDementiaBeds: 8 })).toEqual([
      { field: 'occupiedNursingBeds', rule: 'exceeds', limitOf: 'occupiedBeds', limit: 49 },
    ])
    expect(checkBedFigures({ ...figures, residentsDependent: 21 }).map((p) => p.field)).toEqual(['residentsSelfCare', 'residentsPartlyDependent', 'residentsDependent'])
    expect(checkBedFigures({ ...figures, certifiedCaregivers: 26 })).toEqual([{ field: 'certifiedCaregivers', rule: 'exceeds', limitOf: 'caregivers', limit: 25 }])
  })

  it('want an explanation for a move of more than the threshold, or from zero', () => {
    expect(figuresChangedBeyond(null, figures, 20)).toEqual([])
    expect(figuresChangedBeyond(figures, { ...figures, totalBeds: 120, caregivers: 20 }, 20)).toEqual([])
    expect(figuresChangedBeyond(figures, { ...figures, totalBeds: 121, caregivers: 19 }, 20)).toEqual(['totalBeds', 'caregivers'])
    expect(figuresChangedBeyond({ ...figures, closedBeds: 0 }, { ...figures, closedBeds: 1 }, 20)).toEqual(['closedBeds'])
    expect(figuresChangedBeyond(figures, { ...figures, totalBeds: 121 }, 25)).toEqual([])
  })

  it('keep when each figure last changed across reports', () => {
    const then = '2024-01-05T02:00:00.000Z'
    const now = new Date('2024-03-03T02:00:00.000Z')
    const previous = { figures, changedAt: Object.fromEntries(Object.keys(figures).map((k) => [k, then])) }
    const next = figureChangedAt({ ...figures, caregivers: 26 }, previous, null, now)
    expect(next.totalBeds).toBe(then)
    expect(next.caregivers).toBe(now.toISOString())
    const edited = figureChangedAt({ ...figures, caregivers: 26 }, previous, { figures: { ...figures, caregivers: 26 }, changedAt: next }, new Date('2024-03-04T00:00:00Z'))
    expect(edited.caregivers).toBe(now.toISOString())
  })
})

describe('star grades', () => {
  const thresholds = DEFAULT_INSTITUTION_SETTINGS.gradeThresholds

  it('come from the thresholds at each boundary', () => {
    expect([0, 99, 100, 249, 250, 399, 400, 549, 550, 699, 700, 1000].map((score) => gradeForScore(score, thresholds))).toEqual([null, null, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5])
    expect(gradeForScore(60, [10, 20, 30, 40, 60])).toBe(5)
  })

  it('are capped for a first rating only, and only when a cap is set', () => {
    expect(awardedGrade(5, true, 3)).toBe(3)
    expect(awardedGrade(2, true, 3)).toBe(2)
    expect(awardedGrade(5, false, 3)).toBe(5)
    expect(awardedGrade(5, true, null)).toBe(5)
    expect(awardedGrade(null, true, 3)).toBeNull()
  })

  it('hold for the validity period, the last day included', () => {
    expect(ratingValidUntil('2024-03-15', 3)).toBe('2027-03-14')
    expect(ratingValidUntil('2024-02-29', 1)).toBe('2025-02-28')
    expect(ratingValidUntil('2024-01-01', 3)).toBe('2026-12-31')
    expect(isRatingValid({ assessedOn: '2024-01-01', validUntil: '2026-12-31' }, '2026-12-31')).toBe(true)
    expect(isRatingValid({ assessedOn: '2024-01-01', validUntil: '2026-12-31' }, '2027-01-01')).toBe(false)
  })
})

describe('institution figures', () => {
  const rating = (id: string, facilityId: string, grade: number | null, assessedOn: string, validUntil: string) => ({ id, facilityId, grade, assessedOn, validUntil })

  it('take the latest assessment; an expired or newer lower rating replaces an older one', () => {
    const ratings = [rating('a', 'f', 5, '2020-01-01', '2022-12-31'), rating('b', 'f', 2, '2022-06-01', '2025-05-31')]
    expect(currentRating(ratings, '2022-05-31')).toMatchObject({ ratingId: 'a', grade: 5 })
    expect(currentRating(ratings, '2022-06-01')).toMatchObject({ ratingId: 'b', grade: 2 })
    expect(currentRating(ratings, '2025-06-01')).toBeNull()
    expect(currentRating([rating('c', 'f', null, '2024-01-01', '2026-12-31')], '2024-06-01')).toBeNull()
  })

  it('count the rating distribution over institutions, unrated and expired included in the denominator', () => {
    const ratings = [
      rating('1', 'a', 3, '2023-01-01', '2025-12-31'),
      rating('2', 'b', 5, '2023-01-01', '2025-12-31'),
      rating('3', 'c', 4, '2019-01-01', '2021-12-31'),
      rating('4', 'd', 1, '2024-01-01', '2026-12-31'),
    ]
    expect(ratingDistribution(['a', 'b', 'c', 'd', 'e'], ratings, '2024-06-30')).toEqual({
      byGrade: [1, 0, 1, 0, 1],
      unrated: 2,
      threeStarsOrMore: { numerator: 2, denominator: 5, value: 0.4 },
    })
    expect(ratingDistribution([], ratings, '2024-06-30').threeStarsOrMore.value).toBeNull()
  })

  it('add bed figures over institutions', () => {
    const other = { ...figures, totalBeds: 50, nursingBeds: 20, dementiaBeds: 0, closedBeds: 0, occupiedBeds: 45, caregivers: 10 }
    expect(bedIndicators([figures, other])).toEqual({
      reports: 2,
      totalBeds: 150,
      dementiaBeds: 10,
      certifiedCaregivers: 40,
      nursingBedShare: { numerator: 80, denominator: 150, value: 80 / 150 },
      occupancy: { numerator: 125, denominator: 145, value: 125 / 145 },
      caregiversPerBed: { numerator: 35, denominator: 150, value: 35 / 150 },
    })
    expect(bedIndicators([]).nursingBedShare).toEqual({ numerator: 0, denominator: 0, value: null })
  })
})

describe('reporting window and late filers', () => {
  it('open in the month after the period, as the settings say', () => {
    expect(reportingWindow('2024-12', { reportWindowStartDay: 1, reportWindowEndDay: 10 })).toEqual({ period: '2024-12', opensOn: '2025-01-01', closesOn: '2025-01-10' })
    expect(reportingWindow('2024-01', { reportWindowStartDay: 5, reportWindowEndDay: 25 })).toEqual({ period: '2024-01', opensOn: '2024-02-05', closesOn: '2024-02-25' })
    expect(periodDueOn('2025-01-01')).toBe('2024-12')
    expect(periodDueOn('2024-03-31')).toBe('2024-02')
  })

  it('list institutions open in the period without a submitted or approved report for it', () => {
    const facilities = [
      { id: 'a', openedOn: '2020-01-01', closedOn: null },
      { id: 'b', openedOn: '2024-02-29', closedOn: null },
      { id: 'c', openedOn: '2020-01-01', closedOn: '2024-02-01' },
      { id: 'd', openedOn: '2024-03-01', closedOn: null },
    ]
    const reports = [
      { facilityId: 'a', period: '2024-01', status: 'approved' },
      { facilityId: 'a', period: '2024-02', status: 'draft' },
      { facilityId: 'b', period: '2024-02', status: 'submitted' },
    ]
    const january = lateFilers(facilities, reports, '2024-01')
    expect(january.expected.map((f) => f.id)).toEqual(['a', 'c'])
    expect(january.late.map((f) => f.id)).toEqual(['c'])
    const february = lateFilers(facilities, reports, '2024-02')
    expect(february.expected.map((f) => f.id)).toEqual(['a', 'b'])
    expect(february.late.map((f) => f.id)).toEqual(['a'])
  })
})

describe('institution settings', () => {
  it('refuse thresholds that do not rise or need more points than there are', () => {
    expect(settingsProblems(DEFAULT_INSTITUTION_SETTINGS)).toEqual([])
    expect(settingsProblems({ ...DEFAULT_INSTITUTION_SETTINGS, gradeThresholds: [100, 100, 400, 550, 700] })[0]!.path).toBe('/body/gradeThresholds')
    expect(settingsProblems({ ...DEFAULT_INSTITUTION_SETTINGS, gradeThresholds: [100, 250, 400, 550, 1001] })[0]!.message).toContain('1000')
  })

  it('start a history of n months n − 1 months back', () => {
    expect(firstPeriodOf('2024-03-15', 12)).toBe('2023-04')
    expect(firstPeriodOf('2024-01-01', 1)).toBe('2024-01')
    expect(firstPeriodOf('2024-12-01', 12)).toBe('2024-01')
  })
})
