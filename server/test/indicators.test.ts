import { schema, uuidv7 } from '@eldercare/db'
import { BED_FIGURE_FIELDS, INDICATOR_KEYS, WORK_PLAN_TARGETS, type BedFigures, type ConcentratedCareGaps, type Coverage, type Elder, type ElderStatusHistory, type Facility, type Dashboard, type IndicatorReport, type IndicatorTarget, type LateFilers, type BedReportDetail, type PopulationImportResult, type PopulationStat } from '@eldercare/shared'
import { and, eq } from 'drizzle-orm'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { as, createTestApp, seedTenant, signIn, type SeededTenant, type TestApp } from './helper.js'
import { C1, C2, C3, C4, CODE, E2, F1, F3, I1, I2, I3, insertIndicatorFixture, RESUBMITTED_REPORT, T1, T2 } from './indicator-fixture.js'
import { addDays } from '../src/http/dates.js'
import { makeIdNumber } from './id-numbers.js'
import { PLATFORM_TENANT } from '../src/platform/bootstrap-platform-admin.js'

let t: TestApp
let tenant: SeededTenant
let staff: ReturnType<typeof as>
let admin: ReturnType<typeof as>
let town: ReturnType<typeof as>

beforeAll(async () => {
  t = await createTestApp()
  tenant = await seedTenant(t.app, CODE)
  await insertIndicatorFixture(t.app, tenant.tenantId, tenant.users.bureau_admin!)
  staff = as(t.app, (await signIn(t.app, CODE, 'bureau_staff')).accessToken)
  admin = as(t.app, (await signIn(t.app, CODE, 'bureau_admin')).accessToken)
  town = as(t.app, (await signIn(t.app, CODE, 'town_staff')).accessToken)
})
afterAll(() => t.close())

const byKey = (report: IndicatorReport) => Object.fromEntries(report.indicators.map((indicator) => [indicator.key, indicator]))

async function xlsxBody(body: Buffer) {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(body as unknown as Parameters<typeof workbook.xlsx.load>[0])
  return workbook
}

describe(`GET /indicators (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('gives the hand-computed figures with the work plan targets and last year', async () => {
    const response = await staff({ method: 'GET', url: '/api/v1/indicators?asOf=2024-06-30' })
    expect(response.statusCode).toBe(200)
    const report = response.json<IndicatorReport>()
    expect(report).toMatchObject({ year: 2024, asOf: '2024-06-30', townCode: null })
    const f = byKey(report)
    expect(f.meal_coverage_rate).toMatchObject({ unit: 'ratio', numerator: 3, denominator: 4, value: 0.75, target: { comparator: 'at_least', value: 0.8 }, met: false, sameDateLastYear: 0.25 })
    expect(f.new_meal_points).toMatchObject({ numerator: 2, denominator: null, value: 2, target: { value: 16 }, met: false })
    expect(f.nursing_bed_share).toMatchObject({ numerator: 80, denominator: 150, met: false })
    expect(f.dementia_beds_per_10k).toMatchObject({ numerator: 15, denominator: 1200, value: 125, met: true })
    expect(f.public_institutions_rated_rate).toMatchObject({ numerator: 1, denominator: 1, met: true })
    // Higher than last year: at the end of 2023 I1 held 3 stars and I2 none yet, 1 of 2.
    expect(f.three_star_plus_share).toMatchObject({ numerator: 2, denominator: 2, value: 1, target: { comparator: 'above_last_year', value: 0.5 }, met: true })
    expect(f.union_town_coverage_rate).toMatchObject({ numerator: 2, denominator: 2, met: true })
    expect(f.certified_caregivers_per_10k_elders).toMatchObject({ numerator: 11, denominator: 1200, met: true })
    // C3 has no 2024 figure: the per-population figures say so instead of counting it as 0 people.
    const missingPopulation = { year: 2024, basis: 'registered', communities: [{ code: C3, name: '海岛村委会', townName: '海岛镇' }] }
    expect(f.dementia_beds_per_10k).toMatchObject({ partial: true, missingPopulation })
    expect(f.certified_caregivers_per_10k_elders).toMatchObject({ partial: true, missingPopulation })
    expect(f.meal_coverage_rate!.partial).toBeUndefined()
    // No card issued yet, this year or last: unknown rather than 0 users, and nothing to compare with.
    expect(f.care_card_users).toMatchObject({ numerator: 0, value: null, target: { comparator: 'above_last_year', value: null }, met: null, sameDateLastYear: null })
    // E1 (moves in on 15 July), E2 and E3 (in I2 since 2023) need concentrated care; E6 has died.
    expect(f.concentrated_care_coverage_rate).toMatchObject({ unit: 'ratio', numerator: 1, denominator: 3, target: { comparator: 'at_least', value: 0.9 }, targetScope: 'district', met: false })
  })

  it('gives a town its own figures; town staff see only their towns', async () => {
    const island = byKey((await staff({ method: 'GET', url: `/api/v1/indicators?asOf=2024-06-30&townCode=${T2}` })).json<IndicatorReport>())
    expect(island.meal_coverage_rate).toMatchObject({ numerator: 1, denominator: 2 })
    expect(island.public_institutions_rated_rate).toMatchObject({ numerator: 0, denominator: 0, value: null, met: null })

    expect(island.dementia_beds_per_10k).toMatchObject({ partial: true, missingPopulation: { communities: [{ code: C3 }] } })

    const own = (await town({ method: 'GET', url: '/api/v1/indicators?asOf=2024-06-30' })).json<IndicatorReport>()
    expect(own.townCode).toBe(T1)
    // Every community of 测试街道 has its figure: nothing partial.
    expect(byKey(own).dementia_beds_per_10k!.partial).toBeUndefined()
    expect(byKey(own).dementia_beds_per_10k!.missingPopulation).toBeUndefined()
    expect(byKey(own).meal_coverage_rate).toMatchObject({ numerator: 2, denominator: 2 })
    expect((await town({ method: 'GET', url: `/api/v1/indicators?townCode=${T2}` })).statusCode).toBe(403)
    expect((await staff({ method: 'GET', url: '/api/v1/indicators?townCode=330911999' })).json()).toMatchObject({ code: 'NOT_FOUND' })
  })

  it('refuses a day outside the year or in the future, clearly', async () => {
    for (const url of ['/api/v1/indicators?year=2024&asOf=2025-01-01', '/api/v1/indicators?asOf=2999-01-01']) {
      const response = await staff({ method: 'GET', url })
      expect(response.statusCode).toBe(400)
      expect(response.json()).toMatchObject({ code: 'INDICATOR_QUERY_INVALID' })
    }
    expect((await staff({ method: 'GET', url: '/api/v1/indicators?asOf=2024-13-01' })).json()).toMatchObject({ code: 'VALIDATION_FAILED' })
  })

  it('counts card users from the summary exactly as from the ledger', async () => {
    const elder = await admin({ method: 'POST', url: '/api/v1/elders', payload: { idNumber: makeIdNumber('1940-01-01', '131'), name: '王五', communityCode: C1 } })
    expect(elder.statusCode).toBe(201)
    const cardId = '00000000-0000-4000-8000-0000000000c1'
    const { careCards, cardLedgerEntries } = schema
    await t.app.db.insert(careCards).values({ tenantId: tenant.tenantId, id: cardId, cardNo: 'T0001', elderId: elder.json().id, issuedOn: '2024-01-01', issuedBy: tenant.users.bureau_admin! })
    // Two payments in March (one at 23:30 Shanghai time, still 10 March there), one in August, and a top-up that is no payment.
    const entries = [
      ['meal_payment', '2024-03-10T23:30:00+08:00'],
      ['service_payment', '2024-03-12T09:00:00+08:00'],
      ['meal_payment', '2024-08-01T12:00:00+08:00'],
      ['top_up', '2024-02-01T12:00:00+08:00'],
    ] as const
    for (const [index, [kind, at]] of entries.entries()) {
      await t.app.db.insert(cardLedgerEntries).values({
        tenantId: tenant.tenantId,
        id: `00000000-0000-4000-8000-0000000000d${index}`,
        cardId,
        purse: 'meal',
        kind,
        amountFen: kind === 'top_up' ? 10_000 : -500,
        balanceAfterFen: 5_000,
        contentHash: 'x',
        createdBy: tenant.users.bureau_admin!,
        createdAt: new Date(at),
      })
    }
    const actor = { tenantId: tenant.tenantId, userId: tenant.users.bureau_staff!, role: 'bureau_staff' as const, username: 'bureau_staff', townCodes: [], facilityIds: [], ip: null }
    for (const [asOf, users] of [
      ['2024-03-09', 0],
      ['2024-03-10', 1],
      ['2024-12-31', 1],
      ['2025-06-30', 0],
    ] as const) {
      const summary = byKey(await t.app.indicatorsService.report(actor, { asOf }, 'summary'))
      const raw = byKey(await t.app.indicatorsService.report(actor, { asOf }, 'raw'))
      expect([asOf, summary.care_card_users!.numerator]).toEqual([asOf, users])
      expect(summary.care_card_users).toEqual(raw.care_card_users)
    }
    // 2025 compares with 2024's one user.
    await admin({ method: 'PUT', url: '/api/v1/targets', payload: { year: 2025, targets: [{ key: 'care_card_users', comparator: 'above_last_year', value: null }] } })
    expect(byKey(await t.app.indicatorsService.report(actor, { asOf: '2025-06-30' })).care_card_users!.target).toEqual({ comparator: 'above_last_year', value: 1 })
    const dashboard = (await staff({ method: 'GET', url: '/api/v1/dashboard?asOf=2024-08-31' })).json<Dashboard>()
    expect(dashboard.cardUsersPerMonth.map((month) => month.users)).toEqual([0, 0, 1, 0, 0, 0, 0, 1])
  })
})

describe('GET /coverage', () => {
  it('lists uncovered communities, largest first, with the nearest open facility', async () => {
    const coverage = (await staff({ method: 'GET', url: '/api/v1/coverage?asOf=2024-07-01&groupBy=island' })).json<Coverage>()
    expect(coverage.overall).toMatchObject({ covered: 2, total: 4, rate: 0.5 })
    expect(coverage.rows.map((row) => [row.name, row.covered, row.total])).toEqual([
      ['本岛', 1, 2],
      ['测试岛', 1, 2],
    ])
    expect(coverage.uncovered.map((row) => [row.communityCode, row.elderly, row.nearestFacility?.id, row.nearestFacility?.distanceKm])).toEqual([
      [C4, 500, F3, 4.81],
      [C2, 300, F1, 9.63],
    ])
  })

  it('weights by the elderly population and groups by town for the drill-down', async () => {
    const coverage = (await staff({ method: 'GET', url: `/api/v1/coverage?asOf=2024-06-30&townCode=${T2}&groupBy=community` })).json<Coverage>()
    expect(coverage.overall).toMatchObject({ covered: 1, total: 2, coveredElderly: 0, elderly: 500, weightedRate: 0 })
    expect(coverage.rows.map((row) => [row.key, row.covered])).toEqual([
      [C4, 0],
      [C3, 1],
    ])
  })
})

describe('GET /dashboard', () => {
  it('flags missing data and late reports as such', async () => {
    const dashboard = (await staff({ method: 'GET', url: '/api/v1/dashboard?asOf=2024-06-30' })).json<Dashboard>()
    expect(dashboard.beds).toMatchObject({ reports: 2, totalBeds: 150, dementiaBeds: 15 })
    expect(dashboard.ratings).toMatchObject({ byGrade: [0, 0, 1, 1, 0], unrated: 0 })
    expect(dashboard.mealsPerDay).toHaveLength(30)
    expect(dashboard.mealFacilities.map((row) => [row.name, row.lastMealOn, row.stale])).toHaveLength(3)
    expect(dashboard.mealFacilities.every((row) => row.stale && row.lastMealOn === null)).toBe(true)
    // May's reports: I2 filed on 3 June, I1 did not.
    expect(dashboard.lateInstitutions).toEqual({ period: '2024-05', expected: 2, late: [{ id: I1, name: '公办敬老院' }] })
  })

  it('counts a report returned only after the as-of day as filed on that day', async () => {
    const { bedReports } = schema
    const id = uuidv7()
    await t.app.db.insert(bedReports).values({
      tenantId: tenant.tenantId,
      id,
      facilityId: I1,
      period: '2024-05',
      status: 'returned',
      ...(Object.fromEntries(BED_FIGURE_FIELDS.map((field) => [field, 0])) as BedFigures),
      submittedAt: new Date('2024-06-05T10:00:00+08:00'),
      submittedBy: tenant.users.institution_reporter!,
      decidedAt: new Date('2024-07-02T10:00:00+08:00'),
      decidedBy: tenant.users.bureau_staff!,
    })
    const lateOn = async (asOf: string) => (await staff({ method: 'GET', url: `/api/v1/dashboard?asOf=${asOf}` })).json<Dashboard>().lateInstitutions.late.map((row) => row.id)
    expect(await lateOn('2024-06-04')).toEqual([I1])
    expect(await lateOn('2024-06-30')).toEqual([])
    await t.app.db.delete(bedReports).where(and(eq(bedReports.tenantId, tenant.tenantId), eq(bedReports.id, id)))
  })
})

describe(`as of a day: meals stored or voided later, a report resubmitted later (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  const dashboardOn = async (asOf: string, townCode?: string) =>
    (await staff({ method: 'GET', url: `/api/v1/dashboard?asOf=${asOf}${townCode ? `&townCode=${townCode}` : ''}` })).json<Dashboard>()
  const lunchOn = (dashboard: Dashboard, day: string) => dashboard.mealsPerDay.find((row) => row.day === day)!.lunch
  const sorted = <T extends { day: string; slot: string; mode: string }>(rows: T[]) => [...rows].sort((a, b) => `${a.day}${a.slot}${a.mode}`.localeCompare(`${b.day}${b.slot}${b.mode}`))

  it('counts a meal from the day it reached the server, and until the day it was voided', async () => {
    // 1 November at F1: M2 stored that day, M1 recorded offline that day but synced on the 4th, M2 voided on the 5th.
    for (const [asOf, meals] of [
      ['2024-11-01', 1],
      ['2024-11-02', 1],
      ['2024-11-03', 1],
      ['2024-11-04', 2],
      ['2024-11-05', 1],
      ['2024-11-06', 1],
    ] as const) {
      expect([asOf, lunchOn(await dashboardOn(asOf), '2024-11-01')]).toEqual([asOf, meals])
    }
    // F3's lunch of 31 October (M4) arrived on 3 November; I3's of 2 November (M5) was voided on the 6th.
    expect([lunchOn(await dashboardOn('2024-11-02'), '2024-10-31'), lunchOn(await dashboardOn('2024-11-03'), '2024-10-31')]).toEqual([0, 1])
    expect([lunchOn(await dashboardOn('2024-11-05'), '2024-11-02'), lunchOn(await dashboardOn('2024-11-06'), '2024-11-02')]).toEqual([1, 0])
    // A town's chart counts its own facilities only: 测试街道 has F1.
    expect(lunchOn(await dashboardOn('2024-11-04', T1), '2024-11-01')).toBe(2)
    expect(lunchOn(await dashboardOn('2024-11-04', T2), '2024-11-01')).toBe(0)

    // The summaries equal a recount of the meal records as of each day.
    const place = { tenantId: tenant.tenantId, townCode: null }
    for (let day = '2024-10-27'; day <= '2024-11-08'; day = addDays(day, 1)) {
      const summary = sorted(await t.app.indicatorsRepository.mealTotals(place, '2024-10-01', day))
      expect([day, summary]).toEqual([day, sorted(await t.app.indicatorsRepository.mealTotalsFromRecords(place, '2024-10-01', day))])
    }
  })

  it("keeps each canteen's last meal day as it was known on a past day", async () => {
    const lastMeals = async (asOf: string, townCode: string) => Object.fromEntries((await dashboardOn(asOf, townCode)).mealFacilities.map((row) => [row.id, [row.lastMealOn, row.stale]]))
    expect(await lastMeals('2024-10-31', T1)).toMatchObject({ [F1]: [null, true] })
    expect(await lastMeals('2024-11-01', T1)).toMatchObject({ [F1]: ['2024-11-01', false] })
    // Nothing served at F1 in the 7 days up to 8 November (stale): found further back, M1 (synced on the 4th) after M2's void.
    expect(await lastMeals('2024-11-08', T1)).toMatchObject({ [F1]: ['2024-11-01', true] })
    // M4 (31 October) was not yet known on 2 November.
    expect(await lastMeals('2024-11-02', T2)).toMatchObject({ [F3]: ['2024-10-28', false], [I3]: ['2024-11-02', false] })
    expect(await lastMeals('2024-11-03', T2)).toMatchObject({ [F3]: ['2024-10-31', false], [I3]: ['2024-11-02', false] })
    // M5, I3's only meal, was voided on 6 November: until then it had served.
    expect(await lastMeals('2024-11-05', T2)).toMatchObject({ [I3]: ['2024-11-02', false] })
    expect(await lastMeals('2024-11-06', T2)).toMatchObject({ [F3]: ['2024-10-31', false], [I3]: [null, true] })
    expect(await lastMeals('2024-11-09', T2)).toMatchObject({ [F3]: ['2024-10-31', true] })
  })

  it('shows a report resubmitted later as it stood on each day before, and moves no figure', async () => {
    const report = RESUBMITTED_REPORT
    // Submitted on 3 August: filed. Returned on 6 August: not filed until resubmitted on the 12th.
    for (const [asOf, late] of [
      ['2024-08-02', [I1, I2]],
      ['2024-08-03', [I2]],
      ['2024-08-05', [I2]],
      ['2024-08-06', [I1, I2]],
      ['2024-08-11', [I1, I2]],
      ['2024-08-12', [I2]],
      ['2024-08-31', [I2]],
    ] as const) {
      const dashboard = await dashboardOn(asOf)
      expect([asOf, dashboard.lateInstitutions.period, dashboard.lateInstitutions.expected, dashboard.lateInstitutions.late.map((row) => row.id)]).toEqual([asOf, '2024-07', 2, late])
      // Beds count approved reports only: I1's June and I2's May report on every one of these days.
      expect(dashboard.beds).toMatchObject({ reports: 2, totalBeds: 150, dementiaBeds: 17, certifiedCaregivers: 12 })
      const f = byKey((await staff({ method: 'GET', url: `/api/v1/indicators?asOf=${asOf}` })).json<IndicatorReport>())
      expect([asOf, f.nursing_bed_share!.numerator, f.nursing_bed_share!.denominator, f.certified_caregivers_per_10k_elders!.numerator]).toEqual([asOf, 90, 150, 12])
    }
    // Today it waits for review: the bed-report list agrees that I1 has filed July.
    const today = (await staff({ method: 'GET', url: '/api/v1/bed-reports/late?period=2024-07' })).json<LateFilers>()
    expect(today.items.map((item) => [item.facilityId, item.status])).toEqual([[I2, null]])
    const detail = (await staff({ method: 'GET', url: `/api/v1/bed-reports/${report.id}` })).json<BedReportDetail>()
    expect(detail.report).toMatchObject({ status: 'submitted', submittedAt: report.resubmittedAt.toISOString(), decidedAt: report.returnedAt.toISOString() })
    // The row keeps the last submission only; the history keeps each step.
    const { bedReportEvents } = schema
    const history = await t.app.db
      .select({ event: bedReportEvents.event, at: bedReportEvents.at })
      .from(bedReportEvents)
      .where(and(eq(bedReportEvents.tenantId, tenant.tenantId), eq(bedReportEvents.reportId, report.id)))
      .orderBy(bedReportEvents.at)
    expect(history).toEqual([
      { event: 'submitted', at: report.submittedAt },
      { event: 'returned', at: report.returnedAt },
      { event: 'submitted', at: report.resubmittedAt },
    ])
  })
})

describe('population statistics', () => {
  it('are set per community and refused when inconsistent or unknown', async () => {
    const put = await staff({ method: 'PUT', url: '/api/v1/population-stats', payload: { year: 2025, basis: 'resident', entries: [{ communityCode: C3, population60Plus: 200, population80Plus: 30, populationTotal: 900 }] } })
    expect(put.statusCode).toBe(200)
    expect(put.json<PopulationStat[]>()).toMatchObject([{ communityCode: C3, communityName: '海岛村委会', townCode: T2, population60Plus: 200 }])
    const bad = await staff({ method: 'PUT', url: '/api/v1/population-stats', payload: { year: 2025, basis: 'resident', entries: [{ communityCode: C3, population60Plus: 200, population80Plus: 300, populationTotal: 900 }] } })
    expect(bad.statusCode).toBe(400)
    const unknown = await staff({ method: 'PUT', url: '/api/v1/population-stats', payload: { year: 2025, basis: 'resident', entries: [{ communityCode: '330911555555', population60Plus: 1, population80Plus: 0, populationTotal: 1 }] } })
    expect(unknown.json()).toMatchObject({ code: 'POPULATION_COMMUNITY_UNKNOWN' })
    const list = (await staff({ method: 'GET', url: '/api/v1/population-stats?year=2025' })).json<PopulationStat[]>()
    expect(list.map((row) => [row.communityCode, row.population80Plus])).toEqual([[C3, 30]])
  })

  async function sheet(rows: (string | number | null)[][]): Promise<Buffer> {
    const workbook = new ExcelJS.Workbook()
    const ws = workbook.addWorksheet('人口')
    ws.addRow(['2026年各村（社区）老年人口统计表'])
    ws.mergeCells(1, 1, 1, 5)
    ws.addRow(['村社代码', '村（社区）', '人口数', null, null])
    ws.addRow([null, null, '60岁以上', '80岁以上', '总人口'])
    ws.mergeCells(2, 1, 3, 1)
    ws.mergeCells(2, 2, 3, 2)
    ws.mergeCells(2, 3, 2, 5)
    for (const row of rows) ws.addRow(row)
    return Buffer.from(await workbook.xlsx.writeBuffer())
  }
  const importUrl = (dryRun: boolean) => `/api/v1/population-stats/import?year=2026&basis=registered&dryRun=${dryRun}`
  const xlsx = { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }

  it('import from a messy sheet all or nothing', async () => {
    const broken = await sheet([
      [Number(C1), '一号社区居委会', 410, 52, 2010],
      [null, '不存在村', 10, 1, 20],
      [null, '二号村委会', 300, 400, 1000],
      [null, '海岛村委会', '1,234', 'x', 5000],
    ])
    const refused = await staff({ method: 'POST', url: importUrl(false), headers: xlsx, payload: broken })
    expect(refused.statusCode).toBe(400)
    expect(refused.json()).toMatchObject({ code: 'POPULATION_IMPORT_INVALID' })
    expect(refused.json().details.map((d: { line: number }) => d.line)).toEqual([5, 6, 7])
    expect((await staff({ method: 'GET', url: '/api/v1/population-stats?year=2026' })).json()).toEqual([])

    const fixed = await sheet([
      [Number(C1), '一号社区居委会', 410, 52, 2010],
      [null, '二号村委会', 300, 40, 1000],
      [null, '海岛村委会', '1,234', '100', 5000],
      [null, '合计', 1944, 192, 8010],
    ])
    const check = await staff({ method: 'POST', url: importUrl(true), headers: xlsx, payload: fixed })
    expect(check.json<PopulationImportResult>()).toMatchObject({ rows: 3, imported: 0, dryRun: true, errors: [] })
    expect((await staff({ method: 'GET', url: '/api/v1/population-stats?year=2026' })).json()).toEqual([])
    const imported = await staff({ method: 'POST', url: importUrl(false), headers: xlsx, payload: fixed })
    expect(imported.json<PopulationImportResult>()).toMatchObject({ rows: 3, imported: 3 })
    const list = (await staff({ method: 'GET', url: '/api/v1/population-stats?year=2026&basis=registered' })).json<PopulationStat[]>()
    expect(list.map((row) => [row.communityCode, row.population60Plus, row.population80Plus, row.populationTotal])).toEqual([
      [C1, 410, 52, 2010],
      [C2, 300, 40, 1000],
      [C3, 1234, 100, 5000],
    ])
    expect((await staff({ method: 'POST', url: importUrl(false), headers: xlsx, payload: Buffer.from('not a spreadsheet') })).statusCode).toBe(400)
  })
})

describe('targets and settings', () => {
  it('are the work plan for 2024, editable by the bureau admin only', async () => {
    const targets = (await staff({ method: 'GET', url: '/api/v1/targets?year=2024' })).json<IndicatorTarget[]>()
    expect(targets).toHaveLength(INDICATOR_KEYS.length)
    expect(targets.find((target) => target.key === 'meal_coverage_rate')).toEqual({ year: 2024, key: 'meal_coverage_rate', townCode: null, targetScope: 'district', comparator: 'at_least', value: 0.8 })
    expect(targets.find((target) => target.key === 'concentrated_care_coverage_rate')).toMatchObject({ comparator: 'at_least', value: 0.9 })
    const payload = { year: 2024, targets: [{ key: 'meal_coverage_rate', comparator: 'at_least', value: 0.7 }] }
    expect((await staff({ method: 'PUT', url: '/api/v1/targets', payload })).statusCode).toBe(403)
    expect((await admin({ method: 'PUT', url: '/api/v1/targets', payload: { year: 2024, targets: [{ key: 'new_meal_points', comparator: 'at_least', value: null }] } })).statusCode).toBe(400)
    expect((await admin({ method: 'PUT', url: '/api/v1/targets', payload })).statusCode).toBe(200)
    const report = byKey((await staff({ method: 'GET', url: '/api/v1/indicators?asOf=2024-06-30' })).json<IndicatorReport>())
    expect(report.meal_coverage_rate).toMatchObject({ target: { value: 0.7 }, met: true })
    await admin({ method: 'PUT', url: '/api/v1/targets', payload: { year: 2024, targets: [{ key: 'meal_coverage_rate', comparator: 'at_least', value: 0.8 }] } })
  })

  it('are given at start-up to districts that have none, never over an edit, never to the platform', async () => {
    const bare = uuidv7()
    await t.app.tenantsRepository.insert({ id: bare, code: '330999', name: '无目标区' })
    const platform = await t.app.tenantsRepository.insert({ id: uuidv7(), ...PLATFORM_TENANT })
    await admin({ method: 'PUT', url: '/api/v1/targets', payload: { year: 2024, targets: [{ key: 'new_meal_points', comparator: 'at_least', value: 20 }] } })
    expect(await t.app.targetsRepository.list(bare, [2024])).toEqual([])

    await t.app.targetsRepository.seedWorkPlanForAll()
    expect((await t.app.targetsRepository.list(bare, [2024])).map((row) => [row.key, row.comparator, row.value]).sort()).toEqual(
      WORK_PLAN_TARGETS.map((target) => [target.key, target.comparator, target.value]).sort(),
    )
    expect(await t.app.targetsRepository.list(platform.id, [2024])).toEqual([])
    const edited = (await staff({ method: 'GET', url: '/api/v1/targets?year=2024' })).json<IndicatorTarget[]>()
    expect(edited.find((target) => target.key === 'new_meal_points')).toMatchObject({ value: 20 })
    await admin({ method: 'PUT', url: '/api/v1/targets', payload: { year: 2024, targets: [{ key: 'new_meal_points', comparator: 'at_least', value: 16 }] } })
  })

  it('choose the dementia denominator and the population basis', async () => {
    const put = await admin({ method: 'PUT', url: '/api/v1/indicator-settings', payload: { populationBasis: 'registered', dementiaDenominator: 'population_total', staleMealDays: 5 } })
    expect(put.statusCode).toBe(200)
    const report = byKey((await staff({ method: 'GET', url: '/api/v1/indicators?asOf=2024-06-30' })).json<IndicatorReport>())
    expect(report.dementia_beds_per_10k).toMatchObject({ numerator: 15, denominator: 6000, value: 25 })
    await admin({ method: 'PUT', url: '/api/v1/indicator-settings', payload: { populationBasis: 'resident', dementiaDenominator: 'population_60_plus', staleMealDays: 7 } })
    // No resident figures for 2024: no value rather than a wrong one.
    const resident = byKey((await staff({ method: 'GET', url: '/api/v1/indicators?asOf=2024-06-30' })).json<IndicatorReport>()).dementia_beds_per_10k!
    expect(resident).toMatchObject({ denominator: 0, value: null, partial: true, missingPopulation: { year: 2024, basis: 'resident' } })
    expect(resident.missingPopulation!.communities.map((community) => community.code).sort()).toEqual([C1, C2, C3, C4].sort())
    await admin({ method: 'PUT', url: '/api/v1/indicator-settings', payload: { populationBasis: 'registered', dementiaDenominator: 'population_60_plus', staleMealDays: 7 } })
    expect((await admin({ method: 'PUT', url: '/api/v1/indicator-settings', payload: { populationBasis: 'registered', dementiaDenominator: 'population_60_plus', staleMealDays: 0 } })).statusCode).toBe(400)
  })
})

describe('GET /indicators/export', () => {
  it('writes the report with the formulas’ parts, matching the API', async () => {
    const response = await staff({ method: 'GET', url: '/api/v1/indicators/export?asOf=2024-06-30' })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-disposition']).toContain('indicators-2024-06-30.xlsx')
    const workbook = await xlsxBody(response.rawPayload)
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['年度指标', '助餐覆盖（镇街）', '未覆盖村社', '床位与星级', '数据时效'])
    const indicators = workbook.getWorksheet('年度指标')!
    const coverageRow = indicators.getRow(3)
    expect([coverageRow.getCell(2).value, coverageRow.getCell(4).value, coverageRow.getCell(6).value, coverageRow.getCell(7).value, coverageRow.getCell(10).value]).toEqual([
      '老年助餐服务覆盖率',
      3,
      4,
      75,
      '未达标',
    ])
    // Shown as the cards show it, with the change from the shown values (75.0% against 25.0%: +50 points).
    expect([coverageRow.getCell(11).value, coverageRow.getCell(12).value]).toEqual([25, 50])
    const cardUsersRow = indicators.getRow(12)
    expect([cardUsersRow.getCell(2).value, cardUsersRow.getCell(7).value, cardUsersRow.getCell(12).value]).toEqual(['养老服务爱心卡使用人数', 1, '去年同期无数据'])
    const dementiaRow = indicators.getRow(7)
    expect([dementiaRow.getCell(2).value, dementiaRow.getCell(13).value]).toEqual(['每万名老人认知障碍照护床位', '人口数不全：缺 2024 年 1 个村（社区）的户籍人口（海岛镇海岛村委会），分母只含已录入的村社'])
    expect(coverageRow.getCell(13).value).toBe('')
    const uncovered = workbook.getWorksheet('未覆盖村社')!
    expect(uncovered.getRow(3).getCell(2).value).toBe(C4)
    expect(T1).toBe('330911001')
  })
})

describe(`dated tags, meal-serving institutions, concentrated care, town targets (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  const indicatorsOn = async (query: string) => byKey((await staff({ method: 'GET', url: `/api/v1/indicators?${query}` })).json<IndicatorReport>())

  it("a tag added today moves today's figure only; one dated back moves the days from its date", async () => {
    expect((await indicatorsOn('asOf=2024-12-31')).happiness_hubs!.numerator).toBe(2)
    const todayBefore = (await indicatorsOn('')).happiness_hubs!.numerator
    const tagged = await staff({ method: 'PATCH', url: `/api/v1/facilities/${I1}`, payload: { tags: ['health_union', 'happiness_hub'] } })
    expect(tagged.statusCode).toBe(200)
    expect(tagged.json<Facility>().tags.sort()).toEqual(['happiness_hub', 'health_union'])
    expect((await indicatorsOn('asOf=2024-12-31')).happiness_hubs!.numerator).toBe(2)
    expect((await indicatorsOn('')).happiness_hubs!.numerator).toBe(todayBefore + 1)

    const datedBack = await staff({ method: 'PATCH', url: `/api/v1/facilities/${I1}`, payload: { tags: ['health_union', 'happiness_hub'], tagsFrom: '2024-11-01' } })
    expect(datedBack.json<Facility>().tagHistory.filter((period) => period.tag === 'happiness_hub')).toEqual([{ tag: 'happiness_hub', validFrom: '2024-11-01', validTo: null }])
    expect((await indicatorsOn('asOf=2024-12-31')).happiness_hubs!.numerator).toBe(3)
    expect((await indicatorsOn('asOf=2024-10-31')).happiness_hubs!.numerator).toBe(2)
    expect((await staff({ method: 'PATCH', url: `/api/v1/facilities/${I1}`, payload: { tags: ['health_union'], tagsFrom: '2019-01-01' } })).json()).toMatchObject({ code: 'FACILITY_INVALID' })

    // Undone from the same day: the period is gone, the union (since 2020) untouched.
    const undone = await staff({ method: 'PATCH', url: `/api/v1/facilities/${I1}`, payload: { tags: ['health_union'], tagsFrom: '2024-11-01' } })
    expect(undone.json<Facility>().tagHistory).toEqual([{ tag: 'health_union', validFrom: '2020-01-01', validTo: null }])
    expect((await indicatorsOn('asOf=2024-12-31')).happiness_hubs!.numerator).toBe(2)
    expect((await indicatorsOn('asOf=2024-06-30')).union_town_coverage_rate).toMatchObject({ numerator: 2, denominator: 2 })
  })

  it('an institution with meal slots counts through its service area; one without is refused an area', async () => {
    expect((await indicatorsOn('asOf=2024-09-30')).meal_coverage_rate).toMatchObject({ numerator: 2, denominator: 4 })
    expect((await indicatorsOn('asOf=2024-12-31')).meal_coverage_rate).toMatchObject({ numerator: 3, denominator: 4 })
    const refused = await staff({ method: 'PUT', url: `/api/v1/facilities/${I2}/service-area`, payload: { communityCodes: [C2], effectiveFrom: '2024-07-01' } })
    expect(refused.statusCode).toBe(409)
    expect(refused.json()).toMatchObject({ code: 'FACILITY_SERVES_NO_MEALS', details: [{ path: '/body/communityCodes' }] })
    expect((await staff({ method: 'GET', url: `/api/v1/facilities/${I2}/service-area` })).json().history).toEqual([])
    expect((await indicatorsOn('asOf=2024-12-31')).meal_coverage_rate).toMatchObject({ numerator: 3 })
    // I3 may not drop its meal slots while it has an area.
    const dropped = await staff({ method: 'PATCH', url: `/api/v1/facilities/${I3}`, payload: { mealSlots: [], mealModes: [] } })
    expect(dropped.json()).toMatchObject({ code: 'FACILITY_SERVES_NO_MEALS' })
    const created = await staff({
      method: 'POST',
      url: '/api/v1/facilities',
      payload: { name: '无餐敬老院', type: 'institution', communityCode: C2, address: '二号村', openedOn: '2024-01-01', closedOn: null, serviceArea: [C2] },
    })
    expect(created.json()).toMatchObject({ code: 'FACILITY_SERVES_NO_MEALS' })
  })

  it('concentrated care: the gap list with the nearest institutions with free beds, by town', async () => {
    const response = await staff({ method: 'GET', url: '/api/v1/indicators/concentrated-care?asOf=2024-12-31' })
    expect(response.statusCode).toBe(200)
    const gaps = response.json<ConcentratedCareGaps>()
    expect(gaps).toMatchObject({ asOf: '2024-12-31', townCode: null, eligible: 3, placed: 2 })
    expect(gaps.towns).toEqual([
      { townCode: T1, townName: '测试街道', eligible: 2, placed: 1 },
      { townCode: T2, townName: '海岛镇', eligible: 1, placed: 1 },
    ])
    expect(gaps.items.map((item) => [item.elderId, item.townCode, item.ground, item.needSince, item.status])).toEqual([[E2, T1, 'low_income_severely_disabled', '2024-03-01', 'active']])
    expect(gaps.items[0]!.idNumberMasked).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/)
    expect(gaps.items[0]!.nearestInstitutions.map((entry) => [entry.id, entry.freeBeds, entry.sameTown])).toEqual([
      [I3, 40, false],
      [I1, 100, true],
      [I2, 50, false],
    ])
    expect((await indicatorsOn('asOf=2024-12-31')).concentrated_care_coverage_rate).toMatchObject({ numerator: 2, denominator: 3 })
    const own = (await town({ method: 'GET', url: '/api/v1/indicators/concentrated-care?asOf=2024-12-31&nearest=1' })).json<ConcentratedCareGaps>()
    expect(own).toMatchObject({ townCode: T1, eligible: 2, placed: 1 })
    expect(own.items[0]!.nearestInstitutions).toHaveLength(1)
    expect((await town({ method: 'GET', url: `/api/v1/indicators/concentrated-care?townCode=${T2}` })).statusCode).toBe(403)
    for (const query of ['nearest=11', 'nearest=0', 'asOf=2999-01-01', 'townCode=33091100']) {
      expect((await staff({ method: 'GET', url: `/api/v1/indicators/concentrated-care?${query}` })).statusCode).toBe(400)
    }
  })

  it('concentrated care: an elder recorded with a need and moved into an institution mid-year', async () => {
    const payload = {
      idNumber: makeIdNumber('1938-04-02', '171'),
      name: '郑七',
      communityCode: C4,
      categories: [{ category: 'destitute', startOn: '2020-01-01' }],
      concentratedCareNeedSince: '2024-02-01',
    }
    const created = await staff({ method: 'POST', url: '/api/v1/elders', payload })
    expect(created.statusCode).toBe(201)
    const elder = created.json<Elder>()
    expect(elder).toMatchObject({ status: 'active', concentratedCareNeedSince: '2024-02-01', institutionId: null })
    expect((await indicatorsOn(`asOf=2024-06-30&townCode=${T2}`)).concentrated_care_coverage_rate).toMatchObject({ numerator: 1, denominator: 2 })

    const url = `/api/v1/elders/${elder.id}/status-history`
    for (const [body, path] of [
      [{ status: 'in_institution', effectiveFrom: '2024-06-01' }, '/body/institutionId'],
      [{ status: 'in_institution', effectiveFrom: '2024-06-01', institutionId: F1 }, '/body/institutionId'],
      [{ status: 'moved_away', effectiveFrom: '2024-06-01', institutionId: I2 }, '/body/institutionId'],
      [{ status: 'in_institution', effectiveFrom: '2999-01-01', institutionId: I2 }, '/body/effectiveFrom'],
    ] as const) {
      const refused = await staff({ method: 'POST', url, payload: body })
      expect(refused.statusCode).toBe(400)
      expect(refused.json()).toMatchObject({ code: 'ELDER_STATUS_INVALID', details: [{ path }] })
    }
    const moved = await staff({ method: 'POST', url, payload: { status: 'in_institution', effectiveFrom: '2024-06-01', institutionId: I2 } })
    expect(moved.statusCode).toBe(200)
    expect(moved.json<ElderStatusHistory>().entries).toMatchObject([{ status: 'in_institution', effectiveFrom: '2024-06-01', institutionId: I2, institutionName: '民办养老院', source: 'form' }])
    // Sent again (a retry), it adds nothing.
    expect((await staff({ method: 'POST', url, payload: { status: 'in_institution', effectiveFrom: '2024-06-01', institutionId: I2 } })).json<ElderStatusHistory>().entries).toHaveLength(1)
    expect((await staff({ method: 'GET', url: `/api/v1/elders/${elder.id}` })).json<Elder>()).toMatchObject({ status: 'in_institution', statusSince: '2024-06-01', institutionId: I2, institutionName: '民办养老院' })
    expect((await indicatorsOn(`asOf=2024-05-31&townCode=${T2}`)).concentrated_care_coverage_rate).toMatchObject({ numerator: 1, denominator: 2 })
    expect((await indicatorsOn(`asOf=2024-06-30&townCode=${T2}`)).concentrated_care_coverage_rate).toMatchObject({ numerator: 2, denominator: 2 })

    // The form: the need ended today leaves the past alone; a death from its date.
    const ended = await staff({ method: 'PATCH', url: `/api/v1/elders/${elder.id}`, payload: { concentratedCareNeedSince: null } })
    expect(ended.json<Elder>().concentratedCareNeedSince).toBeNull()
    expect((await indicatorsOn(`asOf=2024-06-30&townCode=${T2}`)).concentrated_care_coverage_rate).toMatchObject({ numerator: 2, denominator: 2 })
    const died = await staff({ method: 'PATCH', url: `/api/v1/elders/${elder.id}`, payload: { status: 'deceased', deceasedOn: '2024-08-20' } })
    expect(died.json<Elder>()).toMatchObject({ status: 'deceased', deceasedOn: '2024-08-20', statusSince: '2024-08-20', institutionId: null })
    // A date of death found to be earlier corrects the death, rather than adding one it would not outrank.
    const corrected = await staff({ method: 'PATCH', url: `/api/v1/elders/${elder.id}`, payload: { status: 'deceased', deceasedOn: '2024-08-10' } })
    expect(corrected.json<Elder>()).toMatchObject({ status: 'deceased', deceasedOn: '2024-08-10', statusSince: '2024-08-10' })
    const history = (await staff({ method: 'GET', url })).json<ElderStatusHistory>()
    expect(history.entries.map((entry) => [entry.status, entry.effectiveFrom])).toEqual([
      ['in_institution', '2024-06-01'],
      ['deceased', '2024-08-10'],
    ])
    expect((await indicatorsOn(`asOf=2024-06-30&townCode=${T2}`)).concentrated_care_coverage_rate).toMatchObject({ numerator: 2, denominator: 2 })
  })

  it("a town is measured against its own target where set, else the district's, said so", async () => {
    const put = await admin({ method: 'PUT', url: '/api/v1/targets', payload: { year: 2024, townCode: T2, targets: [{ key: 'meal_coverage_rate', comparator: 'at_least', value: 0.5 }] } })
    expect(put.statusCode).toBe(200)
    const townTargets = put.json<IndicatorTarget[]>()
    expect(townTargets.find((target) => target.key === 'meal_coverage_rate')).toEqual({ year: 2024, key: 'meal_coverage_rate', townCode: T2, targetScope: 'town', comparator: 'at_least', value: 0.5 })
    expect(townTargets.find((target) => target.key === 'new_meal_points')).toMatchObject({ townCode: null, targetScope: 'district', value: 16 })

    const island = await indicatorsOn(`asOf=2024-06-30&townCode=${T2}`)
    expect(island.meal_coverage_rate).toMatchObject({ numerator: 1, denominator: 2, target: { value: 0.5 }, targetScope: 'town', met: true })
    expect(island.new_meal_points).toMatchObject({ target: { value: 16 }, targetScope: 'district' })
    expect((await indicatorsOn(`asOf=2024-06-30&townCode=${T1}`)).meal_coverage_rate).toMatchObject({ target: { value: 0.8 }, targetScope: 'district' })
    expect((await indicatorsOn('asOf=2024-06-30')).meal_coverage_rate).toMatchObject({ target: { value: 0.8 }, targetScope: 'district' })

    expect((await town({ method: 'GET', url: `/api/v1/targets?year=2024&townCode=${T2}` })).statusCode).toBe(403)
    expect((await staff({ method: 'GET', url: '/api/v1/targets?year=2024&townCode=330911999' })).statusCode).toBe(404)
    expect((await admin({ method: 'PUT', url: '/api/v1/targets', payload: { year: 2024, townCode: '330911999', targets: [{ key: 'meal_coverage_rate', comparator: 'at_least', value: 0.5 }] } })).statusCode).toBe(404)
    expect((await admin({ method: 'PUT', url: '/api/v1/targets', payload: { year: 2024, removeKeys: ['meal_coverage_rate'], targets: [] } })).statusCode).toBe(400)

    const removed = await admin({ method: 'PUT', url: '/api/v1/targets', payload: { year: 2024, townCode: T2, removeKeys: ['meal_coverage_rate'], targets: [] } })
    expect(removed.json<IndicatorTarget[]>().find((target) => target.key === 'meal_coverage_rate')).toMatchObject({ townCode: null, targetScope: 'district', value: 0.8 })
    expect((await indicatorsOn(`asOf=2024-06-30&townCode=${T2}`)).meal_coverage_rate).toMatchObject({ target: { value: 0.8 }, targetScope: 'district', met: false })
  })
})
