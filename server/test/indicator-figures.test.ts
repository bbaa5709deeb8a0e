import { distanceKm, type IndicatorKey } from '@eldercare/shared'
import { describe, expect, it } from 'vitest'
import { coverageFigures, coverageRows, coveredCommunities, uncoveredCommunities } from '../src/indicators/coverage-figures.js'
import { isStale, previousPeriod } from '../src/indicators/dashboard.service.js'
import { computeIndicators, indicatorValue } from '../src/indicators/indicator-figures.js'
import { meets, resolveDates, sameDateLastYear } from '../src/indicators/indicators.service.js'
import { careNeedsOn, concentratedCareGround, freeBedInstitutions, nearestWithFreeBeds } from '../src/indicators/concentrated-care.js'
import { targetFor } from '../src/indicators/indicators.service.js'
import { C1, C2, C3, C4, E1, E2, E3, E6, F1, F3, fixtureFacts, I1, I2, I3, T1, T2 } from './indicator-fixture.js'

/** Indicator → [numerator, denominator, value] on a day, from the fixture. */
function figures(day: string, townCode: string | null = null, cardUsers = 0) {
  const facts = fixtureFacts(townCode)
  return Object.fromEntries(computeIndicators(facts, day, cardUsers).map((parts) => [parts.key, [parts.numerator, parts.denominator, indicatorValue(parts)]])) as Record<
    IndicatorKey,
    [number, number | null, number | null]
  >
}

describe('the indicators, worked out by hand', () => {
  it('on 30 June 2024: the closing facility still serves, the rating expiring today still holds', () => {
    const f = figures('2024-06-30', null, 7)
    // F1 serves C1, F2 (closes 1 July) serves C2, F3 has moved to C3 on 1 June; C4 is no longer served.
    expect(f.meal_coverage_rate).toEqual([3, 4, 0.75])
    // F2 (1 March) and F3 (10 February); the central kitchen F4 is not a meal point.
    expect(f.new_meal_points).toEqual([2, null, 2])
    expect(f.happiness_hubs).toEqual([1, null, 1])
    // I1's March report (its June report is approved only on 10 July) and I2's May report; I3 opens in September.
    expect(f.nursing_bed_share).toEqual([80, 150, 80 / 150])
    // 15 dementia-care beds over 1,200 people 60+ (C3 has no figure): 125 per 10,000.
    expect(f.dementia_beds_per_10k).toEqual([15, 1200, 125])
    expect(f.public_institutions_rated_rate).toEqual([1, 1, 1])
    expect(f.three_star_plus_share).toEqual([2, 2, 1])
    // T1 through the institution I1, T2 through the central kitchen F4.
    expect(f.union_town_coverage_rate).toEqual([2, 2, 1])
    expect(f.certified_caregivers_per_10k_elders[0]).toBe(11)
    expect(f.certified_caregivers_per_10k_elders[2]).toBeCloseTo((11 / 1200) * 10_000, 10)
    expect(f.care_card_users).toEqual([7, null, 7])
  })

  it('on 1 July 2024: the closed facility and the expired rating no longer count', () => {
    const f = figures('2024-07-01')
    expect(f.meal_coverage_rate).toEqual([2, 4, 0.5])
    expect(f.public_institutions_rated_rate).toEqual([0, 1, 0])
    expect(f.three_star_plus_share).toEqual([1, 2, 0.5])
    // A closed point opened this year is still a point built this year.
    expect(f.new_meal_points[0]).toBe(2)
  })

  it('at the year end: every approved report in, a public-built institution counted as public', () => {
    const f = figures('2024-12-31')
    expect(f.nursing_bed_share).toEqual([120, 190, 120 / 190])
    expect(f.dementia_beds_per_10k[0]).toBe(17)
    expect(f.public_institutions_rated_rate).toEqual([0, 2, 0])
    expect(f.three_star_plus_share[0]).toBe(1)
    expect(f.three_star_plus_share[1]).toBe(3)
  })

  it('the service area moved on 1 June: C4 served on 31 May, C3 from 1 June', () => {
    const facts = fixtureFacts()
    expect([...coveredCommunities(facts, '2024-05-31')].sort()).toEqual([C1, C2, C4].sort())
    expect([...coveredCommunities(facts, '2024-06-01')].sort()).toEqual([C1, C2, C3].sort())
  })

  it('for one town: its communities, its facilities, and facilities of other towns serving it', () => {
    const f = figures('2024-06-30', T2)
    expect(f.meal_coverage_rate).toEqual([1, 2, 0.5])
    expect(f.new_meal_points[0]).toBe(1)
    expect(f.nursing_bed_share).toEqual([20, 50, 0.4])
    expect(f.dementia_beds_per_10k).toEqual([5, 500, 100])
    // No public institution in the town: nothing to divide by.
    expect(f.public_institutions_rated_rate).toEqual([0, 0, null])
    expect(f.union_town_coverage_rate).toEqual([1, 1, 1])
  })

  it('without population figures, the per-10,000 indicators have no value rather than a wrong one', () => {
    const f = figures('2023-12-31')
    expect(f.dementia_beds_per_10k[1]).toBe(0)
    expect(f.dementia_beds_per_10k[2]).toBeNull()
    expect(f.certified_caregivers_per_10k_elders[2]).toBeNull()
    // Before anything opened in 2024 nothing was built this year.
    expect(figures('2024-01-01').new_meal_points[0]).toBe(0)
  })

  it('the dementia denominator follows the setting', () => {
    const facts = { ...fixtureFacts(), settings: { ...fixtureFacts().settings, dementiaDenominator: 'population_total' as const } }
    const parts = computeIndicators(facts, '2024-06-30', 0).find((p) => p.key === 'dementia_beds_per_10k')!
    expect([parts.numerator, parts.denominator, indicatorValue(parts)]).toEqual([15, 6000, 25])
  })
})

describe('coverage', () => {
  const facts = fixtureFacts()
  const elderly = new Map([...fixtureFacts().population.get(2024)!].map(([code, p]) => [code, p.population60Plus]))

  it('weights by the elderly population where a figure exists', () => {
    const covered = coveredCommunities(facts, '2024-06-30')
    expect(coverageFigures(facts.communities, covered, elderly)).toEqual({ covered: 3, total: 4, rate: 0.75, coveredElderly: 700, elderly: 1200, weightedRate: 700 / 1200 })
    const rows = coverageRows(facts, facts.communities, covered, elderly, 'kind')
    expect(rows.map((row) => [row.key, row.covered, row.total])).toEqual([
      ['rural', 2, 2],
      ['urban', 1, 2],
    ])
    expect(coverageRows(facts, facts.communities, covered, elderly, 'island').map((row) => [row.name, row.covered, row.total])).toEqual([
      ['本岛', 2, 2],
      ['测试岛', 1, 2],
    ])
    expect(coverageRows(facts, facts.communities, covered, elderly, 'town').map((row) => [row.key, row.covered, row.total])).toEqual([
      [T1, 2, 2],
      [T2, 1, 2],
    ])
  })

  it('lists the uncovered communities largest first, with the nearest facility open that day', () => {
    const covered = coveredCommunities(facts, '2024-07-01')
    const uncovered = uncoveredCommunities(facts, facts.communities, covered, elderly, '2024-07-01')
    expect(uncovered.map((row) => [row.communityCode, row.elderly])).toEqual([
      [C4, 500],
      [C2, 300],
    ])
    expect(uncovered[0]!.nearestFacility).toEqual({ id: F3, name: '海岛照料中心', distanceKm: 4.81 })
    // F2 stands in C2 but closed on 1 July: the nearest open one is F1, 9.63 km away.
    expect(uncovered[1]!.nearestFacility).toEqual({ id: F1, name: '一号幸福食堂', distanceKm: 9.63 })
  })

  it('measures great-circle distances', () => {
    expect(distanceKm({ latitude: 30.1, longitude: 122 }, { latitude: 30.1, longitude: 122.05 })).toBeCloseTo(4.81, 2)
    expect(distanceKm({ latitude: 30, longitude: 122 }, { latitude: 30, longitude: 122 })).toBe(0)
  })
})

describe('dates, targets and freshness', () => {
  it('resolve the day asked for', () => {
    expect(resolveDates({}, '2026-11-29')).toEqual({ year: 2026, asOf: '2026-11-29' })
    expect(resolveDates({ year: 2024 }, '2026-11-29')).toEqual({ year: 2024, asOf: '2024-12-31' })
    expect(resolveDates({ asOf: '2025-03-01' }, '2026-11-29')).toEqual({ year: 2025, asOf: '2025-03-01' })
    expect(() => resolveDates({ year: 2024, asOf: '2025-03-01' }, '2026-11-29')).toThrow(/year/)
    expect(() => resolveDates({ asOf: '2026-11-30' }, '2026-11-29')).toThrow(/after today/)
    expect(sameDateLastYear('2024-02-29')).toBe('2023-02-28')
    expect(sameDateLastYear('2025-06-30')).toBe('2024-06-30')
  })

  it('compare with the target, exactly at the boundary', () => {
    expect(meets(136 / 170, 'at_least', 0.8)).toBe(true)
    expect(meets(135 / 170, 'at_least', 0.8)).toBe(false)
    expect(meets((29 / 50) * 1, 'at_least', 0.58)).toBe(true)
    expect(meets(5, 'above_last_year', 5)).toBe(false)
    expect(meets(6, 'above_last_year', 5)).toBe(true)
    expect(meets(null, 'at_least', 0.8)).toBeNull()
    expect(indicatorValue({ unit: 'ratio', numerator: 0, denominator: 0 })).toBeNull()
  })

  it('flag a facility after the set number of days without a meal', () => {
    expect(isStale('2024-06-23', '2024-01-01', '2024-06-30', 7)).toBe(true)
    expect(isStale('2024-06-24', '2024-01-01', '2024-06-30', 7)).toBe(false)
    // A new facility gets the same grace from its opening day.
    expect(isStale(null, '2024-06-28', '2024-06-30', 7)).toBe(false)
    expect(isStale(null, '2024-06-20', '2024-06-30', 7)).toBe(true)
    expect(previousPeriod('2024-01-15')).toBe('2023-12')
    expect(previousPeriod('2024-07-01')).toBe('2024-06')
  })
})

describe('dated tags, institutions serving meals, concentrated care, town targets', () => {
  it('count a tag from its first day only: a past day keeps the tags as they were', () => {
    // F1 became a 幸福汇 on 1 October 2024.
    expect(figures('2024-09-30').happiness_hubs[0]).toBe(1)
    expect(figures('2024-10-01').happiness_hubs[0]).toBe(2)
    const facts = fixtureFacts()
    const untagged = { ...facts, tagPeriods: facts.tagPeriods.map((period) => (period.facilityId === I1 ? { ...period, validTo: '2024-06-01' } : period)) }
    // Without I1's union from 1 June, T1 has none on 30 June, and still had one on 31 May.
    const union = (day: string) => computeIndicators(untagged, day, 0).find((parts) => parts.key === 'union_town_coverage_rate')!
    expect([union('2024-05-31').numerator, union('2024-06-30').numerator]).toEqual([2, 1])
  })

  it('count an institution with meal slots for coverage through its service area, one without for nothing', () => {
    // I3 serves C4 from 1 October; before that C4 is uncovered since F3 moved on 1 June.
    expect(coveredCommunities(fixtureFacts(), '2024-09-30').has(C4)).toBe(false)
    expect([...coveredCommunities(fixtureFacts(), '2024-10-01')].sort()).toEqual([C1, C3, C4].sort())
    expect(figures('2024-12-31').meal_coverage_rate).toEqual([3, 4, 0.75])
    // I2 has no meal slots: even a service area given to it counts for nothing.
    const facts = fixtureFacts()
    const withArea = { ...facts, serviceAreas: [...facts.serviceAreas, { facilityId: I2, communityCode: C2, validFrom: '2024-01-01', validTo: null }] }
    expect(coveredCommunities(withArea, '2024-07-01').has(C2)).toBe(false)
  })

  it('find the eligible by each route: 特困, or 低保/低边 with 重度失能', () => {
    const entry = (category: 'destitute' | 'minimum_livelihood' | 'marginal_low_income' | 'disabled' | 'living_alone', level: 'mild' | 'moderate' | 'severe' | null = null, endOn: string | null = null) => ({
      category,
      level,
      startOn: '2024-01-01',
      endOn,
    })
    expect(concentratedCareGround({ categories: [entry('destitute')] }, '2024-06-30')).toBe('destitute')
    expect(concentratedCareGround({ categories: [entry('minimum_livelihood'), entry('disabled', 'severe')] }, '2024-06-30')).toBe('low_income_severely_disabled')
    expect(concentratedCareGround({ categories: [entry('marginal_low_income'), entry('disabled', 'severe')] }, '2024-06-30')).toBe('low_income_severely_disabled')
    expect(concentratedCareGround({ categories: [entry('minimum_livelihood'), entry('disabled', 'moderate')] }, '2024-06-30')).toBeNull()
    expect(concentratedCareGround({ categories: [entry('living_alone'), entry('disabled', 'severe')] }, '2024-06-30')).toBeNull()
    // A category holds up to and including its last day, and not before its first.
    expect(concentratedCareGround({ categories: [entry('destitute', null, '2024-06-30')] }, '2024-06-30')).toBe('destitute')
    expect(concentratedCareGround({ categories: [entry('destitute', null, '2024-06-30')] }, '2024-07-01')).toBeNull()
    expect(concentratedCareGround({ categories: [entry('destitute')] }, '2023-12-31')).toBeNull()
  })

  it('covers those living in an institution on the day: E1 moves in on 15 July, E6 dies on 10 May', () => {
    // 30 April: E1, E2, E3 and E6 need it, E3 (in I2 since 2023) is placed; E4's 中度失能 does not qualify.
    expect(figures('2024-04-30').concentrated_care_coverage_rate).toEqual([1, 4, 0.25])
    // 30 June: E6 has died.
    expect(figures('2024-06-30').concentrated_care_coverage_rate).toEqual([1, 3, 1 / 3])
    expect(figures('2024-07-14').concentrated_care_coverage_rate[0]).toBe(1)
    expect(figures('2024-07-15').concentrated_care_coverage_rate).toEqual([2, 3, 2 / 3])
    // E2's need is recorded from 1 March; nothing before 2023-06 (E3's) counts.
    expect(figures('2024-02-29').concentrated_care_coverage_rate).toEqual([1, 3, 1 / 3])
    expect(figures('2023-05-31').concentrated_care_coverage_rate).toEqual([0, 0, null])
    expect(figures('2024-12-31', T1).concentrated_care_coverage_rate).toEqual([1, 2, 0.5])
    expect(figures('2024-12-31', T2).concentrated_care_coverage_rate).toEqual([1, 1, 1])
    expect(careNeedsOn(fixtureFacts(), '2024-12-31').filter((need) => !need.placed).map((need) => need.elder.elderId)).toEqual([E2])
    expect(careNeedsOn(fixtureFacts(), '2024-05-09').map((need) => need.elder.elderId).sort()).toEqual([E1, E2, E3, E6].sort())
  })

  it('suggests institutions with free beds: by distance where located, then the same town, then the most beds', () => {
    const facts = fixtureFacts()
    const c2 = facts.communities.find((community) => community.code === C2)!
    const beds = freeBedInstitutions(facts, '2024-12-31')
    // Latest approved reports: I1 June (100 beds), I2 May (50), I3 September (40); nobody occupies a bed in the fixture.
    expect(beds.map((entry) => [entry.institution.id, entry.freeBeds, entry.period]).sort()).toEqual(
      [
        [I1, 100, '2024-06'],
        [I2, 50, '2024-05'],
        [I3, 40, '2024-09'],
      ].sort(),
    )
    const nearest = nearestWithFreeBeds(c2, beds, 3)
    expect(nearest.map((entry) => [entry.id, entry.sameTown])).toEqual([
      [I3, false],
      [I1, true],
      [I2, false],
    ])
    expect(nearest[0]!.distanceKm).toBeCloseTo(distanceKm({ latitude: 30.0, longitude: 122.1 }, { latitude: 30.1, longitude: 122.0 }), 2)
    expect(nearest[1]!.distanceKm).toBeNull()
    // On 30 June I3 had not opened.
    expect(freeBedInstitutions(facts, '2024-06-30').map((entry) => entry.institution.id).sort()).toEqual([I1, I2].sort())
  })

  it("measures a town against its own target, else the district's", () => {
    const rows = [
      { key: 'meal_coverage_rate', townCode: null, value: 0.8 },
      { key: 'meal_coverage_rate', townCode: T2, value: 0.5 },
      { key: 'new_meal_points', townCode: null, value: 16 },
    ]
    expect(targetFor(rows, 'meal_coverage_rate', T2)?.value).toBe(0.5)
    expect(targetFor(rows, 'meal_coverage_rate', T1)?.value).toBe(0.8)
    expect(targetFor(rows, 'meal_coverage_rate', null)?.value).toBe(0.8)
    expect(targetFor(rows, 'new_meal_points', T2)).toMatchObject({ townCode: null, value: 16 })
    expect(targetFor(rows, 'happiness_hubs', T2)).toBeUndefined()
  })
})
