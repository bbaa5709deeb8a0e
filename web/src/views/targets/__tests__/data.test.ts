import { INDICATOR_KEYS } from '@eldercare/shared'
import { describe, expect, it } from 'vitest'
import { fillFromWorkPlan, targetRows, toDisplayValue, toStoredValue, toTargetPut, yearChoices } from '../data'

describe('targets', () => {
  it('shows ratio targets in percent and stores them as 0..1, without float noise', () => {
    expect(toDisplayValue('ratio', 0.58)).toBe(58)
    expect(toDisplayValue('ratio', 0.7)).toBe(70)
    expect(toStoredValue('ratio', 58)).toBe(0.58)
    expect(toStoredValue('ratio', 82.5)).toBe(0.825)
    expect(toDisplayValue('per_10k', 24.5)).toBe(24.5)
    expect(toStoredValue('count', 16)).toBe(16)
  })

  it('has a row per indicator in the work plan order, unset where nothing is stored', () => {
    const rows = targetRows([
      { year: 2025, townCode: null, targetScope: 'district', key: 'nursing_bed_share', comparator: 'at_least', value: 0.6 },
      { year: 2025, townCode: null, targetScope: 'district', key: 'care_card_users', comparator: 'above_last_year', value: null },
    ])

    expect(rows.map((row) => row.key)).toEqual([...INDICATOR_KEYS])
    expect(rows.find((row) => row.key === 'nursing_bed_share')).toMatchObject({ unit: 'ratio', value: 60, unset: false })
    expect(rows.find((row) => row.key === 'care_card_users')).toMatchObject({ comparator: 'above_last_year', value: null, unset: false })
    expect(rows.find((row) => row.key === 'meal_coverage_rate')).toMatchObject({ comparator: 'at_least', value: null, unset: true })
  })

  it('sends percent targets back as ratios and leaves unset rows out', () => {
    const rows = targetRows([{ year: 2025, townCode: null, targetScope: 'district', key: 'nursing_bed_share', comparator: 'at_least', value: 0.6 }])
    const coverage = rows.find((row) => row.key === 'meal_coverage_rate')!
    coverage.value = 85

    expect(toTargetPut(2025, rows)).toEqual({
      body: {
        year: 2025,
        targets: [
          { key: 'meal_coverage_rate', comparator: 'at_least', value: 0.85 },
          { key: 'nursing_bed_share', comparator: 'at_least', value: 0.6 },
        ],
      },
      missing: [],
    })
  })

  it('names a stored target whose value was cleared', () => {
    const rows = targetRows([{ year: 2025, townCode: null, targetScope: 'district', key: 'dementia_beds_per_10k', comparator: 'at_least', value: 17 }])
    rows.find((row) => row.key === 'dementia_beds_per_10k')!.value = null

    expect(toTargetPut(2025, rows)).toEqual({ body: null, missing: ['dementia_beds_per_10k'] })
  })

  it('fills unset targets from the work plan', () => {
    const rows = targetRows([{ year: 2025, townCode: null, targetScope: 'district', key: 'meal_coverage_rate', comparator: 'at_least', value: 0.9 }])
    fillFromWorkPlan(rows)

    expect(rows.find((row) => row.key === 'meal_coverage_rate')?.value).toBe(90)
    expect(rows.find((row) => row.key === 'nursing_bed_share')?.value).toBe(58)
    expect(rows.find((row) => row.key === 'three_star_plus_share')?.comparator).toBe('above_last_year')
    expect(toTargetPut(2025, rows).body?.targets).toHaveLength(INDICATOR_KEYS.length)
  })

  it('offers the next year and a few past ones', () => {
    expect(yearChoices(2024)).toEqual([2025, 2024, 2023, 2022, 2021, 2020, 2019])
  })
})
