/**
 * The demo district seeded on a chosen day (the 4th of a month, as in the audit that found reports filed
 * on the 6th and approved on the 9th): the seed writes nothing dated after that day, and every figure
 * shown in two places says the same on it — indicator cards (/indicators), /institutions/figures, the
 * late list (/bed-reports/late), the dashboard and the indicator report .xlsx (/indicators/export); and
 * the dashboard's meals per day equal a recount of the meal records as of that day.
 */
import { periodDueOn, SUBSIDY_CHECK_KINDS, type Dashboard, type IndicatorReport, type InstitutionFigures, type LateFilers, type Settlement, type SubsidyFindingPage } from '@eldercare/shared'
import { sql } from 'drizzle-orm'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD, DEMO_TENANT } from '../src/demo/demo-accounts.js'
import { seedDemo } from '../src/demo/seed-demo.js'
import { addDays, shanghaiDayStart, shanghaiToday } from '../src/http/dates.js'
import { as, createTestApp, signIn, type TestApp } from './helper.js'

/** The latest 4th of a month strictly before today, so that the seeding "now" is always in the past. */
function chosenDay(today: string): string {
  const day = Number(today.slice(8, 10))
  if (day > 4) return `${today.slice(0, 7)}-04`
  const [year, month] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))]
  return month === 1 ? `${year - 1}-12-04` : `${year}-${String(month - 1).padStart(2, '0')}-04`
}

const DAY = chosenDay(shanghaiToday())
/** 10:00 in Asia/Shanghai on the chosen day. */
const SEEDED_AT = new Date(shanghaiDayStart(DAY).getTime() + 10 * 3_600_000)
/** Dates that lie ahead by nature: a rating's validity and a token's expiry. */
const ENDS_BY_NATURE = new Set(['star_ratings.valid_until', 'refresh_tokens.expires_at'])

let t: TestApp
let staff: ReturnType<typeof as>
let testStart: Date

beforeAll(async () => {
  t = await createTestApp()
  testStart = new Date()
  await seedDemo(t.app, SEEDED_AT)
  staff = as(t.app, (await signIn(t.app, DEMO_TENANT.code, 'bureau_staff', DEMO_PASSWORD)).accessToken)
}, 600_000)
afterAll(() => t?.close())

async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  const result = await t.app.db.execute(query)
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[]
}

const byKey = (report: IndicatorReport) => Object.fromEntries(report.indicators.map((indicator) => [indicator.key, indicator]))

describe(`the demo seeded on ${DAY} (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('writes nothing dated after that day', async () => {
    const columns = await rows<{ table_name: string; column_name: string; data_type: string }>(sql`
      select table_name, column_name, data_type from information_schema.columns
      where table_schema = 'public' and data_type in ('date', 'timestamp with time zone')`)
    expect(columns.length).toBeGreaterThan(20)
    const future: string[] = []
    const checkedAt = new Date()
    for (const column of columns) {
      const name = `${column.table_name}.${column.column_name}`
      if (ENDS_BY_NATURE.has(name)) continue
      // A date the seed chose after the day; or an instant after the seeding moment that is not the database's own stamp made while the test ran.
      const value = sql.identifier(column.column_name)
      const after =
        column.data_type === 'date'
          ? sql`${value} > ${DAY}::date`
          : sql`${value} > ${SEEDED_AT.toISOString()}::timestamptz and not (${value} between ${testStart.toISOString()}::timestamptz and ${checkedAt.toISOString()}::timestamptz)`
      const [row] = await rows<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(column.table_name)} where ${after}`)
      if (Number(row!.n) > 0) future.push(`${name}: ${row!.n}`)
    }
    expect(future).toEqual([])
  })

  it('gives every figure shown in two places the same value on that day', async () => {
    const report = (await staff({ method: 'GET', url: `/api/v1/indicators?asOf=${DAY}` })).json<IndicatorReport>()
    const dashboard = (await staff({ method: 'GET', url: `/api/v1/dashboard?asOf=${DAY}` })).json<Dashboard>()
    const institutions = (await staff({ method: 'GET', url: '/api/v1/institutions/figures' })).json<InstitutionFigures>()
    const period = periodDueOn(DAY)
    const late = (await staff({ method: 'GET', url: `/api/v1/bed-reports/late?period=${period}` })).json<LateFilers>()
    const f = byKey(report)

    // Bed figures: the indicator cards, the institutions page and the dashboard.
    expect(dashboard.beds).toEqual(institutions.beds)
    expect(f.certified_caregivers_per_10k_elders!.numerator).toBe(institutions.beds.certifiedCaregivers)
    expect(f.dementia_beds_per_10k!.numerator).toBe(institutions.beds.dementiaBeds)
    expect([f.nursing_bed_share!.numerator, f.nursing_bed_share!.denominator]).toEqual([institutions.beds.nursingBedShare.numerator, institutions.beds.totalBeds])
    expect(institutions.beds.reports).toBeGreaterThan(5)
    // Ratings.
    expect(dashboard.ratings).toEqual(institutions.ratings)
    expect(f.three_star_plus_share!.value).toBe(institutions.ratings.threeStarsOrMore.value)

    // Meals per day: the dashboard's chart and a recount of the meal records stored and not voided by then.
    const place = { tenantId: (await t.app.tenantsRepository.findByCode(DEMO_TENANT.code))!.id, townCode: null }
    const recount = await t.app.indicatorsRepository.mealTotalsFromRecords(place, dashboard.mealsPerDay[0]!.day, DAY)
    const mealsOf = (day: string) => recount.filter((row) => row.day === day).reduce((total, row) => total + row.meals, 0)
    expect(dashboard.mealsPerDay.map((row) => [row.day, row.breakfast + row.lunch + row.dinner])).toEqual(dashboard.mealsPerDay.map((row) => [row.day, mealsOf(row.day)]))
    expect(dashboard.mealsPerDay.at(-2)!.lunch).toBeGreaterThan(0)

    // Late filers: the dashboard and the bed-report list.
    expect(dashboard.lateInstitutions.period).toBe(period)
    expect(dashboard.lateInstitutions.expected).toBe(late.expected)
    expect(dashboard.lateInstitutions.late.map((row) => row.id).sort()).toEqual(late.items.map((row) => row.facilityId).sort())
    expect(late.items.length).toBeGreaterThan(0)
    expect(late.items.length).toBeLessThan(late.expected)

    // The report .xlsx: each indicator's parts as the cards have them; beds, ratings and late filers as the dashboard.
    const exported = await staff({ method: 'GET', url: `/api/v1/indicators/export?asOf=${DAY}` })
    expect(exported.statusCode).toBe(200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(exported.rawPayload as unknown as Parameters<typeof workbook.xlsx.load>[0])
    const sheet = workbook.getWorksheet('年度指标')!
    report.indicators.forEach((indicator, index) => {
      const row = sheet.getRow(3 + index)
      expect([indicator.key, row.getCell(4).value, row.getCell(6).value]).toEqual([indicator.key, indicator.numerator, indicator.denominator ?? '—'])
    })
    const beds = Object.fromEntries(
      workbook
        .getWorksheet('床位与星级')!
        .getSheetValues()
        .slice(3)
        .map((values) => [(values as unknown[])[1], (values as unknown[])[2]]),
    )
    expect([beds['计入的机构报表'], beds['床位总数'], beds['护理型床位'], beds['认知障碍照护床位'], beds['持证养老护理员']]).toEqual([
      institutions.beds.reports,
      institutions.beds.totalBeds,
      institutions.beds.nursingBedShare.numerator,
      institutions.beds.dementiaBeds,
      institutions.beds.certifiedCaregivers,
    ])
    expect(beds['无有效星级的机构']).toBe(institutions.ratings.unrated)
    const lateRows = workbook
      .getWorksheet('数据时效')!
      .getSheetValues()
      .filter((values) => (values as unknown[])?.[1] === '养老机构')
    expect(lateRows.map((values) => (values as unknown[])[2]).sort()).toEqual(late.items.map((row) => row.facilityName).sort())
  })

  it('counts card users the same from the summaries as from the ledger, in the year and in its months', async () => {
    const place = { tenantId: (await t.app.tenantsRepository.findByCode(DEMO_TENANT.code))!.id, townCode: null }
    const users = await t.app.indicatorsRepository.cardUsers(place, DAY)
    expect(users).toBeGreaterThan(0)
    expect(users).toBe(await t.app.indicatorsRepository.cardUsersFromLedger(place, DAY))
    const report = (await staff({ method: 'GET', url: `/api/v1/indicators?asOf=${DAY}` })).json<IndicatorReport>()
    expect(byKey(report).care_card_users!.numerator).toBe(users)
    // The month of the day counts only its first days: no payment after the 4th.
    const months = (await staff({ method: 'GET', url: `/api/v1/dashboard?asOf=${DAY}` })).json<Dashboard>().cardUsersPerMonth
    const [thisMonth] = await rows<{ n: number }>(sql`
      select count(distinct c.elder_id)::int as n from card_ledger_entries l join care_cards c on c.tenant_id = l.tenant_id and c.id = l.card_id
      where l.tenant_id = ${place.tenantId} and l.kind in ('meal_payment', 'service_payment')
        and l.created_at >= ${shanghaiDayStart(`${DAY.slice(0, 7)}-01`).toISOString()}::timestamptz and l.created_at < ${shanghaiDayStart(DAY, 1).toISOString()}::timestamptz`)
    expect(months.at(-1)).toEqual({ month: DAY.slice(0, 7), users: Number(thisMonth!.n) })
  })

  it('raises a few findings of every kind from what it seeded, some confirmed and recovered in last month’s settlement', async () => {
    const page = (await staff({ method: 'GET', url: '/api/v1/subsidy-checks?pageSize=100&status=confirmed' })).json<SubsidyFindingPage>()
    const open = (await staff({ method: 'GET', url: '/api/v1/subsidy-checks?pageSize=100&status=open' })).json<SubsidyFindingPage>()
    const counts = (list: SubsidyFindingPage) => Object.fromEntries(list.countsByKind.map((row) => [row.kind, row.count]))
    for (const kind of SUBSIDY_CHECK_KINDS) expect((counts(open)[kind] ?? 0) + (counts(page)[kind] ?? 0), kind).toBeGreaterThan(0)
    for (const kind of SUBSIDY_CHECK_KINDS) expect(counts(open)[kind] ?? 0, `${kind} open`).toBeLessThan(40)
    const lastMonth = addDays(`${DAY.slice(0, 7)}-01`, -1).slice(0, 7)
    const recoveredLastMonth = page.items.filter((item) => item.recovery?.month === lastMonth && item.recovery.mealsFen > 0)
    expect(recoveredLastMonth.map((item) => item.kind).sort()).toEqual(expect.arrayContaining(['after_death', 'two_places']))
    for (const finding of recoveredLastMonth) {
      const statement = (await staff({ method: 'GET', url: `/api/v1/settlements/statement?facilityId=${finding.facilityId}&month=${lastMonth}` })).json<Settlement>()
      expect(statement.totals.recoveries).toContainEqual(expect.objectContaining({ findingId: finding.id, amountFen: finding.recovery!.mealsFen }))
    }
    const island = [...open.items, ...page.items].find((item) => item.kind === 'two_places')!
    expect(island.evidence).toMatchObject({ islands: expect.arrayContaining([null, '金塘岛']), crossingMinutes: 90 })
  })

})
