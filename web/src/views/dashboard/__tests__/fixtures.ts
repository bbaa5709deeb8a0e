import type { Coverage, CurrentUser, Dashboard, IndicatorReport, IndicatorValue } from '@eldercare/shared'

export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

export function user(overrides: Partial<CurrentUser> = {}): CurrentUser {
  return {
    id: '0190a0b0-0000-7000-8000-000000000003',
    tenantId: '0190a0b0-0000-7000-8000-000000000002',
    tenantCode: '330902',
    tenantName: '定海区',
    username: 'bureau_staff',
    displayName: '民政局工作人员',
    role: 'bureau_staff',
    townCodes: [],
    facilityIds: [],
    mustChangePassword: false,
    ...overrides,
  }
}

export function indicator(overrides: Partial<IndicatorValue> = {}): IndicatorValue {
  return {
    key: 'meal_coverage_rate',
    unit: 'ratio',
    value: 132 / 169,
    numerator: 132,
    denominator: 169,
    target: { comparator: 'at_least', value: 0.8 },
    targetScope: 'district',
    met: false,
    sameDateLastYear: 0.75,
    ...overrides,
  }
}

export const report: IndicatorReport = {
  year: 2024,
  asOf: '2024-06-30',
  townCode: null,
  indicators: [
    indicator(),
    indicator({ key: 'new_meal_points', unit: 'count', value: 9, numerator: 9, denominator: null, target: { comparator: 'at_least', value: 16 }, met: false, sameDateLastYear: 5 }),
    indicator({ key: 'dementia_beds_per_10k', unit: 'per_10k', value: 17.345, numerator: 80, denominator: 46123, target: { comparator: 'at_least', value: 17 }, met: true, sameDateLastYear: null }),
  ],
}

const figures = { covered: 132, total: 169, rate: 132 / 169, coveredElderly: 40000, elderly: 48000, weightedRate: 40000 / 48000 }

export function coverage(overrides: Partial<Coverage> = {}): Coverage {
  return {
    asOf: '2024-06-30',
    townCode: null,
    groupBy: 'town',
    overall: figures,
    urban: { ...figures, covered: 60, total: 62, rate: 60 / 62 },
    rural: { ...figures, covered: 72, total: 107, rate: 72 / 107 },
    rows: [
      { key: '330902001', name: '解放街道', ...figures, covered: 12, total: 12, rate: 1 },
      { key: '330902101', name: '白泉镇', ...figures, covered: 8, total: 15, rate: 8 / 15 },
    ],
    uncovered: [
      {
        communityCode: '330902101201',
        name: '皋泄村',
        townCode: '330902101',
        townName: '白泉镇',
        island: null,
        urbanRural: 'rural',
        elderly: 812,
        nearestFacility: { id: '0190a0b0-0000-7000-8000-0000000f0001', name: '白泉镇中心食堂', distanceKm: 2.46 },
      },
      { communityCode: '330902105201', name: '册子村', townCode: '330902105', townName: '册子乡', island: '册子岛', urbanRural: 'rural', elderly: null, nearestFacility: null },
    ],
    ...overrides,
  }
}

export const dashboard: Dashboard = {
  asOf: '2024-06-30',
  townCode: null,
  mealsPerDay: [
    { day: '2024-06-29', breakfast: 10, lunch: 120, dinner: 30, dineIn: 100, delivery: 50, pickup: 10 },
    { day: '2024-06-30', breakfast: 12, lunch: 118, dinner: 28, dineIn: 98, delivery: 52, pickup: 8 },
  ],
  cardUsersPerMonth: [
    { month: '2024-05', users: 300 },
    { month: '2024-06', users: 320 },
  ],
  beds: {
    reports: 12,
    totalBeds: 1000,
    dementiaBeds: 80,
    certifiedCaregivers: 110,
    nursingBedShare: { numerator: 600, denominator: 1000, value: 0.6 },
    occupancy: { numerator: 700, denominator: 900, value: 7 / 9 },
    caregiversPerBed: { numerator: 150, denominator: 1000, value: 0.15 },
  },
  ratings: { byGrade: [1, 2, 4, 3, 1], unrated: 5, threeStarsOrMore: { numerator: 8, denominator: 16, value: 0.5 } },
  activeMealFacilities: 2,
  mealFacilities: [
    { id: '0190a0b0-0000-7000-8000-0000000f0001', name: '白泉镇中心食堂', type: 'canteen', communityCode: '330902101001', communityName: '白泉社区', lastMealOn: '2024-06-30', stale: false },
    { id: '0190a0b0-0000-7000-8000-0000000f0002', name: '马岙助餐点', type: 'meal_point', communityCode: '330902102001', communityName: '马岙社区', lastMealOn: '2024-06-18', stale: true },
    { id: '0190a0b0-0000-7000-8000-0000000f0003', name: '新建助餐点', type: 'meal_point', communityCode: '330902103001', communityName: '城东社区', lastMealOn: null, stale: true },
  ],
  staleMealDays: 7,
  lateInstitutions: { period: '2024-05', expected: 12, late: [{ id: '0190a0b0-0000-7000-8000-0000000a0001', name: '定海区社会福利中心' }] },
}
