import { DEFAULT_INSTITUTION_SETTINGS } from '@eldercare/shared'
import { describe, expect, it } from 'vitest'
import { bedHistoryOption, CHART_FIELDS } from '../bed-history-option'
import { decimal, percent, starText } from '../data'
import { toProfileBody } from '../use-profile-form'
import { emptyRatingForm, ratingPreview, toRatingBody } from '../use-rating-form'
import { ratingQuery } from '../use-star-ratings'

describe('rating form', () => {
  const form = { ...emptyRatingForm(DEFAULT_INSTITUTION_SETTINGS, '2024-05-10'), facilityId: 'f', assessors: [' 王评审 ', ''] }

  it('previews the total, the grade and the cap of a first rating', () => {
    expect(ratingPreview({ ...form, scores: { environment: 100, facilities: 100, management: 100, service: 400 } }, DEFAULT_INSTITUTION_SETTINGS)).toEqual({
      total: 700,
      grade: 5,
      firstGrade: 3,
      validUntil: '2027-05-09',
    })
    expect(ratingPreview({ ...form, scores: { environment: 99 } }, DEFAULT_INSTITUTION_SETTINGS)).toMatchObject({ total: 99, grade: null, firstGrade: null })
  })

  it('sends trimmed assessors and leaves the default validity to the server', () => {
    expect(toRatingBody({ ...form, remarks: ' ' })).toEqual({
      facilityId: 'f',
      assessedOn: '2024-05-10',
      assessors: ['王评审'],
      scores: { environment: 0, facilities: 0, management: 0, service: 0 },
      remarks: null,
    })
    expect(toRatingBody({ ...form, validUntil: '2025-01-01' }).validUntil).toBe('2025-01-01')
  })

  it('asks the list for current or expiring ratings', () => {
    expect(ratingQuery('current', 1, 20)).toEqual({ page: 1, pageSize: 20, current: true })
    expect(ratingQuery('expiring', 2, 20)).toEqual({ page: 2, pageSize: 20, expiringWithinDays: 90 })
    expect(ratingQuery('all', 1, 50)).toEqual({ page: 1, pageSize: 50 })
  })
})

describe('institution display', () => {
  it('formats ratios and grades', () => {
    expect(percent({ numerator: 7, denominator: 12, value: 7 / 12 })).toBe('58.3%')
    expect(percent({ numerator: 0, denominator: 0, value: null })).toBe('—')
    expect(decimal({ numerator: 1, denominator: 4, value: 0.25 })).toBe('0.25')
    expect(starText(3)).toBe('★★★☆☆')
  })

  it('draws a line per figure over the months of the history', () => {
    const history = {
      facilityId: 'f',
      items: [
        { period: '2024-01', figures: { totalBeds: 100, nursingBeds: 60, occupiedBeds: 80, dementiaBeds: 10, caregivers: 25 } },
        { period: '2024-02', figures: { totalBeds: 120, nursingBeds: 70, occupiedBeds: 90, dementiaBeds: 10, caregivers: 27 } },
      ],
    } as Parameters<typeof bedHistoryOption>[0]
    const option = bedHistoryOption(history, (field) => field)
    expect(option.xAxis.data).toEqual(['2024-01', '2024-02'])
    expect(option.series.map((s) => s.name)).toEqual(CHART_FIELDS)
    expect(option.series[0]!.data).toEqual([100, 120])
  })

  it('sends a profile only with an ownership, blanks as null', () => {
    expect(toProfileBody({ ownership: '', licenceNo: '', licensedOn: '', licensedBeds: null, healthUnion: false })).toBeNull()
    expect(toProfileBody({ ownership: 'public', licenceNo: ' 浙123 ', licensedOn: '', licensedBeds: 80, healthUnion: true })).toEqual({
      ownership: 'public',
      licenceNo: '浙123',
      licensedOn: null,
      licensedBeds: 80,
      healthUnion: true,
    })
  })
})
