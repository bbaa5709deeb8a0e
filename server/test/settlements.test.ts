import type { MealRecord, Settlement } from '@eldercare/shared'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { as, createTestApp, signIn, type TestApp } from './helper.js'
import { mealFixture, type MealFixture } from './meal-fixture.js'

let t: TestApp
let f: MealFixture
let admin: ReturnType<typeof as>
let month: string
let lastDay: string
let meals: MealRecord[]

beforeAll(async () => {
  t = await createTestApp()
  f = await mealFixture(t)
  admin = as(t.app, (await signIn(t.app, '330902', 'bureau_admin')).accessToken)
  // Last month's last day is at most 31 days back: widen the back-dating window to reach it.
  await admin({ method: 'PUT', url: '/api/v1/meal-settings', payload: { subsidisedMealsPerSlot: 1, backDatingDays: 40, kitchenOrderCutoff: '16:00' } })
  const firstOfMonth = new Date(`${f.today.slice(0, 7)}-01T00:00:00Z`)
  firstOfMonth.setUTCDate(0)
  lastDay = firstOfMonth.toISOString().slice(0, 10)
  month = lastDay.slice(0, 7)
  meals = []
  for (const overrides of [
    { elderId: f.zhang.id, mode: 'delivery' as const },
    { elderId: f.li.id },
    { elderId: f.li.id, slot: 'dinner' as const, paymentMethod: 'wechat' as const },
  ]) {
    const response = await f.operator({ method: 'POST', url: '/api/v1/meal-records', payload: f.meal({ servedOn: lastDay, ...overrides }) })
    meals.push(response.json<MealRecord>())
  }
})
afterAll(() => t.close())

const key = () => ({ facilityId: f.canteen.id, month })
const statement = async () => (await f.operator({ method: 'GET', url: `/api/v1/settlements/statement?facilityId=${f.canteen.id}&month=${month}` })).json<Settlement>()

describe('the monthly settlement', () => {
  it('sums the month live while it is a draft: by slot and mode and by payment method', async () => {
    const current = await statement()
    expect(current).toMatchObject({ id: null, status: 'draft', facilityName: '一号食堂' })
    expect(current.totals).toMatchObject({ meals: 3, priceFen: 3600, subsidyFen: 1000 + 300 + 300, selfPayFen: 200 + 900 + 900, cardPaidFen: 0 })
    expect(current.totals.byPaymentMethod).toEqual([
      { paymentMethod: 'cash', meals: 2, selfPayFen: 1100 },
      { paymentMethod: 'wechat', meals: 1, selfPayFen: 900 },
    ])
    expect(current.totals.bySlotAndMode).toHaveLength(3)
  })

  it('cannot be submitted before the month ends', async () => {
    const response = await f.operator({ method: 'POST', url: '/api/v1/settlements/submit', payload: { facilityId: f.canteen.id, month: f.today.slice(0, 7) } })
    expect(response.json()).toMatchObject({ statusCode: 409, code: 'SETTLEMENT_MONTH_OPEN' })
  })

  it('locks the month’s meals once submitted, and only the bureau decides', async () => {
    const submitted = await f.operator({ method: 'POST', url: '/api/v1/settlements/submit', payload: key() })
    expect(submitted.json()).toMatchObject({ status: 'submitted' })
    expect((await f.operator({ method: 'POST', url: '/api/v1/meal-records', payload: f.meal({ servedOn: lastDay, slot: 'dinner', elderId: f.zhang.id }) })).json()).toMatchObject({ code: 'MEAL_LOCKED' })
    expect((await f.operator({ method: 'POST', url: `/api/v1/meal-records/${meals[1]!.id}/void`, payload: { reason: 'x' } })).json()).toMatchObject({ code: 'MEAL_LOCKED' })
    expect((await f.operator({ method: 'POST', url: '/api/v1/settlements/approve', payload: key() })).statusCode).toBe(403)
  })

  it('returned with a comment, unlocks for a correction and can be submitted again', async () => {
    const returned = await f.bureau({ method: 'POST', url: '/api/v1/settlements/return', payload: { ...key(), comment: '请核对3日晚餐' } })
    expect(returned.json()).toMatchObject({ status: 'returned', comment: '请核对3日晚餐' })
    expect((await f.operator({ method: 'POST', url: `/api/v1/meal-records/${meals[2]!.id}/void`, payload: { reason: '重复登记' } })).statusCode).toBe(200)
    expect((await statement()).totals.meals).toBe(2)
    expect((await f.operator({ method: 'POST', url: '/api/v1/settlements/submit', payload: key() })).json()).toMatchObject({ status: 'submitted', comment: null })
  })

  it('approved, stays locked and cannot be approved twice', async () => {
    const approved = await f.bureau({ method: 'POST', url: '/api/v1/settlements/approve', payload: key() })
    expect(approved.json()).toMatchObject({ status: 'approved' })
    expect(approved.json().totals.meals).toBe(2)
    expect((await f.bureau({ method: 'POST', url: '/api/v1/settlements/approve', payload: key() })).json()).toMatchObject({ statusCode: 409, code: 'SETTLEMENT_STATE' })
    expect((await f.bureau({ method: 'POST', url: '/api/v1/settlements/return', payload: { ...key(), comment: 'x' } })).json()).toMatchObject({ code: 'SETTLEMENT_STATE' })
    expect((await f.operator({ method: 'POST', url: `/api/v1/meal-records/${meals[0]!.id}/void`, payload: { reason: 'x' } })).json()).toMatchObject({ code: 'MEAL_LOCKED' })
    const queue = (await f.bureau({ method: 'GET', url: `/api/v1/settlements?status=approved` })).json<{ items: Settlement[] }>()
    expect(queue.items.map((s) => [s.facilityName, s.month])).toEqual([['一号食堂', month]])
  })

  it('exports as .xlsx with Chinese headers, the figures and a signature block', async () => {
    const response = await f.operator({ method: 'GET', url: `/api/v1/settlements/export?facilityId=${f.canteen.id}&month=${month}` })
    expect(response.statusCode).toBe(200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer)
    const texts: string[] = []
    const rows: unknown[][] = []
    workbook.worksheets[0]!.eachRow((row) => {
      rows.push((row.values as unknown[]).slice(1))
      row.eachCell((cell) => texts.push(cell.text))
    })
    expect(texts).toEqual(expect.arrayContaining(['餐次', '就餐方式', '补贴金额（元）', '合计', '一号食堂', month, '助餐点负责人（签字）：', '区民政局审核（盖章）：', '已审核']))
    // 10 + 3 yuan of subsidy for the two meals left, in yuan, formatted as money.
    expect(rows.find((row) => row[0] === '应拨付补贴（元）')![1]).toBe(13)
  })

  it('is decided by someone other than its submitter', async () => {
    const other = { facilityId: f.otherCanteen.id, month }
    expect((await f.bureau({ method: 'POST', url: '/api/v1/settlements/submit', payload: other })).json()).toMatchObject({ status: 'submitted' })
    const own = await f.bureau({ method: 'POST', url: '/api/v1/settlements/approve', payload: other })
    expect(own.json()).toMatchObject({ statusCode: 409, code: 'SETTLEMENT_STATE' })
    expect((await admin({ method: 'POST', url: '/api/v1/settlements/approve', payload: other })).json()).toMatchObject({ status: 'approved' })
  })

  it('shows an operator nothing of facilities they do not run', async () => {
    const other = await f.operator({ method: 'GET', url: `/api/v1/settlements/statement?facilityId=${f.otherCanteen.id}&month=${month}` })
    expect(other.statusCode).toBe(404)
  })
})
