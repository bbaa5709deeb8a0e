import { uuidv7 } from '@eldercare/db'
import type { ExternalListResult, AuditEvent, CareCard, Reconciliation, ScanResult, Settlement, SubsidyFinding, SubsidyFindingDetail, SubsidyFindingPage } from '@eldercare/shared'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { as, createTestApp, signIn, type TestApp } from './helper.js'
import { makeIdNumber } from './id-numbers.js'
import { mealFixture, type MealFixture } from './meal-fixture.js'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

let t: TestApp
let f: MealFixture
let town: ReturnType<typeof as>
let admin: ReturnType<typeof as>
beforeAll(async () => {
  t = await createTestApp()
  f = await mealFixture(t)
  town = as(t.app, (await signIn(t.app, '330902', 'town_staff')).accessToken)
  admin = as(t.app, (await signIn(t.app, '330902', 'bureau_admin')).accessToken)
})
afterAll(() => t.close())

const daysBefore = (days: number) => {
  const date = new Date(`${f.today}T00:00:00Z`)
  date.setUTCDate(date.getUTCDate() - days)
  return date.toISOString().slice(0, 10)
}
const month = () => f.today.slice(0, 7)
const queue = async (query = '') => (await f.bureau({ method: 'GET', url: `/api/v1/subsidy-checks${query}` })).json<SubsidyFindingPage>()
const scan = async () => (await f.bureau({ method: 'POST', url: '/api/v1/subsidy-checks/scan' })).json<ScanResult>()
const statement = async (facilityId: string) => (await f.bureau({ method: 'GET', url: `/api/v1/settlements/statement?facilityId=${facilityId}&month=${month()}` })).json<Settlement>()
const serve = async (overrides: Record<string, unknown>) => {
  const response = await f.bureau({ method: 'POST', url: '/api/v1/meal-records', payload: f.meal(overrides) })
  if (response.statusCode !== 201 && response.statusCode !== 200) throw new Error(response.body)
  return response.json<{ id: string; subsidyFen: number }>()
}
const setStatus = async (elderId: string, body: Record<string, unknown>) => {
  const response = await f.bureau({ method: 'POST', url: `/api/v1/elders/${elderId}/status-history`, payload: body })
  expect(response.statusCode, response.body).toBeLessThan(300)
}

describe('subsidy checks through the API', () => {
  let card: CareCard
  let deathMeals: { id: string; subsidyFen: number }[]

  it('raises after_death for a meal on the day of death and after, and for the allowance credited since, once', async () => {
    card = (await f.bureau({ method: 'POST', url: '/api/v1/care-cards', payload: { elderId: f.zhang.id } })).json<CareCard>()
    await admin({ method: 'POST', url: '/api/v1/allowance-rules', payload: { name: '特困老人月补贴', category: 'destitute', amountFen: 10000, purse: 'general', validFrom: '2024-01-01' } })
    expect((await f.bureau({ method: 'POST', url: '/api/v1/allowance-grants', payload: { month: month(), dryRun: false } })).json()).toMatchObject({ credits: 1 })
    const before = await serve({ elderId: f.zhang.id, servedOn: daysBefore(2) })
    deathMeals = [await serve({ elderId: f.zhang.id, servedOn: daysBefore(1) }), await serve({ elderId: f.zhang.id, servedOn: f.today })]
    // The death is recorded late, dated back: the checks run with the change.
    await setStatus(f.zhang.id, { status: 'deceased', effectiveFrom: daysBefore(1) })

    const { items, countsByKind } = await queue('?status=open&kind=after_death')
    expect(countsByKind).toEqual([{ kind: 'after_death', count: 2 }])
    const meals = items.find((item) => item.mealRecordIds.length > 0)!
    expect(meals).toMatchObject({ elderId: f.zhang.id, facilityId: f.canteen.id, status: 'open', amountFen: deathMeals[0]!.subsidyFen + deathMeals[1]!.subsidyFen, evidence: { deceasedOn: daysBefore(1) } })
    expect([...meals.mealRecordIds].sort()).toEqual(deathMeals.map((meal) => meal.id).sort())
    expect(meals.mealRecordIds).not.toContain(before.id)
    const allowance = items.find((item) => item.ledgerEntryIds.length > 0)!
    expect(allowance).toMatchObject({ amountFen: 10000, facilityId: null, ledgerEntryIds: [expect.any(String)] })

    expect(await scan()).toEqual({ raised: 0, byKind: [] })
    expect(await scan()).toEqual({ raised: 0, byKind: [] })
    expect((await queue('?kind=after_death')).total).toBe(2)
  })

  it('confirming recovers exactly the subsidy in the next settlement and reverses exactly the allowance; the card reconciles', async () => {
    const before = await statement(f.canteen.id)
    const { items } = await queue('?kind=after_death')
    for (const finding of items) {
      const response = await f.bureau({ method: 'POST', url: `/api/v1/subsidy-checks/${finding.id}/confirm`, payload: { reason: '殡仪馆记录核实' } })
      expect(response.statusCode, response.body).toBe(200)
    }
    const meals = items.find((item) => item.mealRecordIds.length > 0)!
    const after = await statement(f.canteen.id)
    const recovered = deathMeals.reduce((total, meal) => total + meal.subsidyFen, 0)
    expect(after.totals.recoveries).toEqual([{ findingId: meals.id, kind: 'after_death', mealRecordIds: [...meals.mealRecordIds].sort(), amountFen: recovered }])
    expect(after.totals.recoveryFen).toBe(recovered)
    // The meals stay as stored: the month's subsidy is the same, what is payable is less.
    expect(after.totals.subsidyFen).toBe(before.totals.subsidyFen)
    expect(after.totals.payableSubsidyFen).toBe(before.totals.subsidyFen - recovered)

    const cardAfter = (await f.bureau({ method: 'GET', url: `/api/v1/care-cards/${card.id}` })).json<CareCard>()
    expect(cardAfter.balanceFen).toBe(0)
    expect((await f.bureau({ method: 'GET', url: '/api/v1/care-cards/reconciliation' })).json<Reconciliation>()).toMatchObject({ mismatches: [] })

    const allowance = items.find((item) => item.ledgerEntryIds.length > 0)!
    const detail = (await f.bureau({ method: 'GET', url: `/api/v1/subsidy-checks/${allowance.id}` })).json<SubsidyFindingDetail>()
    expect(detail.finding).toMatchObject({ status: 'confirmed', reason: '殡仪馆记录核实', recovery: { month: month(), mealsFen: 0, allowanceFen: 10000, unrecoverableFen: 0 } })
    expect(detail.ledgerLines.map((line) => [line.kind, line.amountFen])).toEqual([['allowance', 10000], ['recovery', -10000]])
    expect(detail.statusHistory).toEqual([expect.objectContaining({ status: 'deceased', effectiveFrom: daysBefore(1) })])

    const again = await f.bureau({ method: 'POST', url: `/api/v1/subsidy-checks/${meals.id}/confirm`, payload: { reason: '再次' } })
    expect(again.json()).toMatchObject({ code: 'SUBSIDY_FINDING_DECIDED' })
    expect((await statement(f.canteen.id)).totals.recoveryFen).toBe(recovered)

    const audit = (await admin({ method: 'GET', url: `/api/v1/audit-events?entityId=${meals.id}` })).json<{ items: AuditEvent[] }>()
    expect(audit.items.map((event) => event.action).sort()).toEqual(['subsidy_check.confirm', 'subsidy_check.raise'])
  })

  it('after_move: a meal after a move away, none after the move back; dismissing changes nothing', async () => {
    const away = await serve({ facilityId: f.otherCanteen.id, servedOn: daysBefore(2) })
    await setStatus(f.li.id, { status: 'moved_away', effectiveFrom: daysBefore(2) })
    await setStatus(f.li.id, { status: 'active', effectiveFrom: daysBefore(1) })
    await serve({ facilityId: f.otherCanteen.id, servedOn: daysBefore(1) })
    await scan()
    const { items } = await queue('?kind=after_move')
    expect(items).toEqual([expect.objectContaining({ kind: 'after_move', elderId: f.li.id, facilityId: f.otherCanteen.id, mealRecordIds: [away.id], amountFen: away.subsidyFen })])

    const before = await statement(f.otherCanteen.id)
    const dismissed = await f.bureau({ method: 'POST', url: `/api/v1/subsidy-checks/${items[0]!.id}/dismiss`, payload: { reason: '老人临时返乡探亲，实际在本地就餐' } })
    expect(dismissed.json<SubsidyFinding>()).toMatchObject({ status: 'dismissed', recovery: null })
    expect(await statement(f.otherCanteen.id)).toEqual(before)
    expect((await queue('?status=open&kind=after_move')).total).toBe(0)
    expect((await f.bureau({ method: 'POST', url: `/api/v1/subsidy-checks/${items[0]!.id}/dismiss`, payload: { reason: 'x' } })).statusCode).toBe(409)
  })

  it('two_places: the same day at canteens 31 km apart, not 29', async () => {
    const kmToLatitude = (km: number) => (km / 6371.0088) * (180 / Math.PI)
    const place = (id: string, latitude: number) => f.bureau({ method: 'PATCH', url: `/api/v1/facilities/${id}`, payload: { latitude, longitude: 122.1 } })
    expect((await place(f.canteen.id, 30)).statusCode).toBe(200)
    expect((await place(f.otherCanteen.id, 30 + kmToLatitude(29))).statusCode).toBe(200)
    await serve({ facilityId: f.canteen.id, servedOn: f.today })
    const second = await serve({ facilityId: f.otherCanteen.id, servedOn: f.today, slot: 'dinner' })
    await scan()
    expect((await queue('?kind=two_places')).total).toBe(0)
    await place(f.otherCanteen.id, 30 + kmToLatitude(31))
    // Scans at once (on PostgreSQL truly concurrent): the finding is raised by exactly one of them.
    const runs = await Promise.all([scan(), scan(), scan(), scan()])
    expect(runs.reduce((total, run) => total + run.raised, 0)).toBe(1)
    expect((await queue('?kind=two_places')).items).toEqual([
      expect.objectContaining({ elderId: f.li.id, facilityId: f.otherCanteen.id, mealRecordIds: [second.id], evidence: expect.objectContaining({ distanceKm: 31, firstFacilityId: f.canteen.id }) }),
    ])
  })

  it('external_list: matches a death list by 身份证号, sets the date of death and raises the finding; unknown and malformed numbers are reported', async () => {
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('死亡名单')
    sheet.addRow(['定海区殡葬管理所火化人员名单'])
    sheet.addRow(['序号', '姓名', '身份证号', '死亡日期'])
    sheet.addRow([1, '李四', makeIdNumber('1955-05-05', '122'), new Date(`${f.today}T00:00:00Z`)])
    sheet.addRow([2, '王五', makeIdNumber('1940-01-01', '555'), daysBefore(3)])
    sheet.addRow([3, '赵六', '33090219400101555X', daysBefore(3)])
    sheet.addRow([4, '钱七', 330902194001015550, daysBefore(3)])
    const file = Buffer.from(await workbook.xlsx.writeBuffer())
    const post = (dryRun: boolean) => f.bureau({ method: 'POST', url: `/api/v1/subsidy-checks/external-lists?dryRun=${dryRun}&fileName=${encodeURIComponent('殡葬所12月名单.xlsx')}`, payload: file, headers: { 'content-type': XLSX } })

    const preview = (await post(true)).json<ExternalListResult>()
    expect(preview).toMatchObject({ dryRun: true, matched: 1, unknown: 1, invalid: 2, raised: 0 })
    expect(preview.rows.map((row) => [row.line, row.outcome])).toEqual([[3, 'matched'], [4, 'unknown'], [5, 'invalid'], [6, 'invalid']])
    expect((await queue('?kind=external_list')).total).toBe(0)

    const result = (await post(false)).json<ExternalListResult>()
    expect(result).toMatchObject({ dryRun: false, matched: 1, unknown: 1, invalid: 2 })
    expect(result.raised).toBeGreaterThanOrEqual(1)
    const [finding] = (await queue('?kind=external_list')).items
    expect(finding).toMatchObject({ elderId: f.li.id, period: f.today, evidence: { deceasedOn: f.today, fileName: '殡葬所12月名单.xlsx' } })
    expect(finding!.mealRecordIds.length).toBeGreaterThan(0)
    const history = (await f.bureau({ method: 'GET', url: `/api/v1/elders/${f.li.id}/status-history` })).json<{ entries: { status: string; effectiveFrom: string; source: string; recordedBy: string }[] }>()
    expect(history.entries.at(-1)).toMatchObject({ status: 'deceased', effectiveFrom: f.today, source: 'import' })
    // Imported again: nothing new.
    expect((await post(false)).json<ExternalListResult>()).toMatchObject({ matched: 0, raised: 0 })
  })

  it('validates the query and the decision, and keeps canteen operators out', async () => {
    expect((await f.bureau({ method: 'GET', url: '/api/v1/subsidy-checks?pageSize=1000' })).statusCode).toBe(400)
    expect((await f.bureau({ method: 'GET', url: '/api/v1/subsidy-checks?kind=ghost' })).statusCode).toBe(400)
    const { items } = await queue('?status=open')
    expect((await f.bureau({ method: 'POST', url: `/api/v1/subsidy-checks/${items[0]!.id}/dismiss`, payload: { reason: '' } })).statusCode).toBe(400)
    expect((await queue('?status=open')).total).toBe(items.length)
    expect((await f.operator({ method: 'GET', url: '/api/v1/subsidy-checks' })).statusCode).toBe(403)
  })

  it('town staff see their towns, may dismiss, and may not confirm', async () => {
    const open = (await town({ method: 'GET', url: '/api/v1/subsidy-checks?status=open' })).json<SubsidyFindingPage>()
    expect(open.total).toBeGreaterThan(0)
    expect(open.items.every((item) => item.townCode === f.tenant.townCode)).toBe(true)
    expect((await town({ method: 'GET', url: '/api/v1/subsidy-checks?townCode=330902002' })).json<SubsidyFindingPage>().total).toBe(0)
    expect((await town({ method: 'POST', url: `/api/v1/subsidy-checks/${open.items[0]!.id}/confirm`, payload: { reason: '核实' } })).statusCode).toBe(403)
    expect((await town({ method: 'POST', url: `/api/v1/subsidy-checks/${uuidv7()}/dismiss`, payload: { reason: '核实' } })).statusCode).toBe(404)
  })
})
