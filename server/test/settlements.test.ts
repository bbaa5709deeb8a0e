import type { MealRecord, Settlement } from '@eldercare/shared'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { as, createTestApp, signIn, type TestApp } from './helper.js'
import { mealFixture, type MealFixture } from './meal-fixture.js'

let t: TestApp
let f: MealFixture
let admin: ReturnType<typeof as>
/** The town staff of the fixture's canteens' town (330902001): its settlements go through them. */
let town: ReturnType<typeof as>
let month: string
let lastDay: string
let meals: MealRecord[]

beforeAll(async () => {
  t = await createTestApp()
  f = await mealFixture(t)
  admin = as(t.app, (await signIn(t.app, '330902', 'bureau_admin')).accessToken)
  town = as(t.app, (await signIn(t.app, '330902', 'town_staff')).accessToken)
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
const statement = async (facilityId = f.canteen.id) => (await admin({ method: 'GET', url: `/api/v1/settlements/statement?facilityId=${facilityId}&month=${month}` })).json<Settlement>()
/** Facility and month of each statement waiting for the town's review or the bureau's approval. */
const queue = async (as: typeof admin, awaiting: 'town_review' | 'bureau_approval') =>
  (await as({ method: 'GET', url: `/api/v1/settlements?awaiting=${awaiting}` })).json<{ items: Settlement[] }>().items.map((s) => [s.facilityName, s.month])

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

  it('locks the month’s meals once submitted; it waits for its town, not the bureau', async () => {
    const submitted = await f.operator({ method: 'POST', url: '/api/v1/settlements/submit', payload: key() })
    expect(submitted.json()).toMatchObject({ status: 'submitted', townReview: true })
    expect((await f.operator({ method: 'POST', url: '/api/v1/meal-records', payload: f.meal({ servedOn: lastDay, slot: 'dinner', elderId: f.zhang.id }) })).json()).toMatchObject({ code: 'MEAL_LOCKED' })
    expect((await f.operator({ method: 'POST', url: `/api/v1/meal-records/${meals[1]!.id}/void`, payload: { reason: 'x' } })).json()).toMatchObject({ code: 'MEAL_LOCKED' })
    expect((await f.operator({ method: 'POST', url: '/api/v1/settlements/approve', payload: key() })).statusCode).toBe(403)
    expect((await f.operator({ method: 'POST', url: '/api/v1/settlements/town-approve', payload: key() })).statusCode).toBe(403)
    // The bureau neither approves nor returns what its town has not reviewed; nothing changes.
    expect((await f.bureau({ method: 'POST', url: '/api/v1/settlements/approve', payload: key() })).json()).toMatchObject({ statusCode: 409, code: 'SETTLEMENT_TOWN_REVIEW_PENDING' })
    expect((await f.bureau({ method: 'POST', url: '/api/v1/settlements/return', payload: { ...key(), comment: 'x' } })).json()).toMatchObject({ statusCode: 409, code: 'SETTLEMENT_TOWN_REVIEW_PENDING' })
    expect((await statement()).status).toBe('submitted')
    expect(await queue(town, 'town_review')).toEqual([['一号食堂', month]])
    expect(await queue(f.bureau, 'bureau_approval')).toEqual([])
  })

  it('returned by the town with a comment, unlocks for a correction and goes to the town again', async () => {
    const returned = await town({ method: 'POST', url: '/api/v1/settlements/return', payload: { ...key(), comment: '请核对3日晚餐' } })
    expect(returned.json()).toMatchObject({ status: 'returned', comment: '请核对3日晚餐' })
    expect((await f.operator({ method: 'POST', url: `/api/v1/meal-records/${meals[2]!.id}/void`, payload: { reason: '重复登记' } })).statusCode).toBe(200)
    expect((await statement()).totals.meals).toBe(2)
    expect((await f.operator({ method: 'POST', url: '/api/v1/settlements/submit', payload: key() })).json()).toMatchObject({ status: 'submitted', comment: null })
    expect(await queue(town, 'town_review')).toEqual([['一号食堂', month]])
  })

  it('passed by the town (镇街审核通过), stays locked and goes to the bureau', async () => {
    const reviewed = await town({ method: 'POST', url: '/api/v1/settlements/town-approve', payload: key() })
    expect(reviewed.json()).toMatchObject({ status: 'town_approved', townReview: true })
    expect(reviewed.json().signatures.townReviewed).toMatchObject({ name: 'town_staff' })
    expect((await town({ method: 'POST', url: '/api/v1/settlements/town-approve', payload: key() })).json()).toMatchObject({ statusCode: 409, code: 'SETTLEMENT_STATE' })
    // Past the town, the town no longer returns it; the bureau may.
    expect((await town({ method: 'POST', url: '/api/v1/settlements/return', payload: { ...key(), comment: 'x' } })).json()).toMatchObject({ code: 'SETTLEMENT_STATE' })
    expect((await f.operator({ method: 'POST', url: `/api/v1/meal-records/${meals[0]!.id}/void`, payload: { reason: 'x' } })).json()).toMatchObject({ code: 'MEAL_LOCKED' })
    expect(await queue(town, 'town_review')).toEqual([])
    expect(await queue(f.bureau, 'bureau_approval')).toEqual([['一号食堂', month]])
  })

  it('approved by the bureau (区民政局审批), stays locked, cannot be approved twice, and names each step’s person', async () => {
    const approved = await f.bureau({ method: 'POST', url: '/api/v1/settlements/approve', payload: key() })
    expect(approved.json()).toMatchObject({ status: 'approved' })
    expect(approved.json().totals.meals).toBe(2)
    const { signatures } = approved.json<Settlement>()
    expect([signatures.submitted?.name, signatures.townReviewed?.name, signatures.approved?.name]).toEqual(['canteen_operator', 'town_staff', 'bureau_staff'])
    for (const signature of Object.values(signatures)) expect(Date.parse(signature!.at)).toBeGreaterThan(0)
    expect((await f.bureau({ method: 'POST', url: '/api/v1/settlements/approve', payload: key() })).json()).toMatchObject({ statusCode: 409, code: 'SETTLEMENT_STATE' })
    expect((await f.bureau({ method: 'POST', url: '/api/v1/settlements/return', payload: { ...key(), comment: 'x' } })).json()).toMatchObject({ code: 'SETTLEMENT_STATE' })
    expect((await f.operator({ method: 'POST', url: `/api/v1/meal-records/${meals[0]!.id}/void`, payload: { reason: 'x' } })).json()).toMatchObject({ code: 'MEAL_LOCKED' })
    const listed = (await f.bureau({ method: 'GET', url: `/api/v1/settlements?status=approved` })).json<{ items: Settlement[] }>()
    expect(listed.items.map((s) => [s.facilityName, s.month])).toEqual([['一号食堂', month]])
    const events = (await admin({ method: 'GET', url: `/api/v1/audit-events?entityType=settlement&action=settlement.town_approve` })).json<{ items: { actorUsername: string }[] }>()
    expect(events.items.map((event) => event.actorUsername)).toEqual(['town_staff'])
  })

  it('exports as .xlsx with the figures and 经办人 / 审核人（镇街）/ 审批人（区民政局） with names, dates and a 盖章 box', async () => {
    const response = await f.operator({ method: 'GET', url: `/api/v1/settlements/export?facilityId=${f.canteen.id}&month=${month}` })
    expect(response.statusCode).toBe(200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer)
    const sheet = workbook.worksheets[0]!
    const texts: string[] = []
    const rows: unknown[][] = []
    sheet.eachRow((row) => {
      rows.push((row.values as unknown[]).slice(1))
      row.eachCell((cell) => texts.push(cell.text))
    })
    expect(texts).toEqual(expect.arrayContaining(['餐次', '就餐方式', '补贴金额（元）', '合计', '一号食堂', month, '经办人', '审核人（测试街道）', '审批人（区民政局）', '盖章', '区民政局审批通过']))
    expect(rows.find((row) => row[0] === '姓名')!.slice(1, 4)).toEqual(['canteen_operator', 'town_staff', 'bureau_staff'])
    const dates = rows.find((row) => row[0] === '日期')!.slice(1, 4)
    for (const date of dates) expect(date).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    // The seal box spans the signature rows.
    let sealRow = 0
    sheet.eachRow((row, number) => {
      if (row.getCell(5).text === '盖章' && sealRow === 0) sealRow = number
    })
    expect(sheet.model.merges).toContain(`E${sealRow}:E${sealRow + 3}`)
    // 10 + 3 yuan of subsidy for the two meals left, in yuan, formatted as money.
    expect(rows.find((row) => row[0] === '应拨付补贴（元）')![1]).toBe(13)
  })

  it('keeps four eyes at every step: the submitter reviews or approves nothing, the town reviewer does not also approve', async () => {
    const other = { facilityId: f.otherCanteen.id, month }
    expect((await f.bureau({ method: 'POST', url: '/api/v1/settlements/submit', payload: other })).json()).toMatchObject({ status: 'submitted' })
    expect((await town({ method: 'POST', url: '/api/v1/settlements/town-approve', payload: other })).json()).toMatchObject({ status: 'town_approved' })
    expect((await f.bureau({ method: 'POST', url: '/api/v1/settlements/approve', payload: other })).json()).toMatchObject({ statusCode: 409, code: 'SETTLEMENT_FOUR_EYES' })
    // The town's reviewer moves to the bureau: the statement they reviewed still needs someone else.
    expect((await admin({ method: 'PATCH', url: `/api/v1/users/${f.tenant.users.town_staff}`, payload: { role: 'bureau_staff' } })).statusCode).toBe(200)
    const moved = as(t.app, (await signIn(t.app, '330902', 'town_staff')).accessToken)
    expect((await moved({ method: 'POST', url: '/api/v1/settlements/approve', payload: other })).json()).toMatchObject({ statusCode: 409, code: 'SETTLEMENT_FOUR_EYES' })
    expect((await statement(other.facilityId)).status).toBe('town_approved')
    expect((await admin({ method: 'POST', url: '/api/v1/settlements/approve', payload: other })).json()).toMatchObject({ status: 'approved' })
    expect((await admin({ method: 'PATCH', url: `/api/v1/users/${f.tenant.users.town_staff}`, payload: { role: 'town_staff', townCodes: ['330902001'] } })).statusCode).toBe(200)
    town = as(t.app, (await signIn(t.app, '330902', 'town_staff')).accessToken)
  })

  it('lets a town see and review only its own towns’ statements', async () => {
    expect((await town({ method: 'GET', url: '/api/v1/settlements' })).json().total).toBe(2)
    expect((await admin({ method: 'PATCH', url: `/api/v1/users/${f.tenant.users.town_staff}`, payload: { townCodes: ['330902100'] } })).statusCode).toBe(200)
    const elsewhere = as(t.app, (await signIn(t.app, '330902', 'town_staff')).accessToken)
    expect((await elsewhere({ method: 'GET', url: `/api/v1/settlements/statement?facilityId=${f.canteen.id}&month=${month}` })).statusCode).toBe(404)
    expect((await elsewhere({ method: 'POST', url: '/api/v1/settlements/town-approve', payload: key() })).statusCode).toBe(404)
    expect((await elsewhere({ method: 'GET', url: '/api/v1/settlements' })).json()).toMatchObject({ items: [], total: 0 })
    expect((await admin({ method: 'PATCH', url: `/api/v1/users/${f.tenant.users.town_staff}`, payload: { townCodes: ['330902001'] } })).statusCode).toBe(200)
    town = as(t.app, (await signIn(t.app, '330902', 'town_staff')).accessToken)
  })

  it('shows an operator nothing of facilities they do not run', async () => {
    const other = await f.operator({ method: 'GET', url: `/api/v1/settlements/statement?facilityId=${f.otherCanteen.id}&month=${month}` })
    expect(other.statusCode).toBe(404)
  })
})

describe('a town without a reviewer', () => {
  const earlier = () => {
    const [year, m] = month.split('-').map(Number) as [number, number]
    return m === 1 ? `${year - 1}-12` : `${year}-${String(m - 1).padStart(2, '0')}`
  }
  const earlierKey = () => ({ facilityId: f.canteen.id, month: earlier() })

  it('is approved by the bureau directly, with the town’s place on the statement marked as such', async () => {
    expect((await admin({ method: 'POST', url: `/api/v1/users/${f.tenant.users.town_staff}/disable` })).statusCode).toBe(200)
    const submitted = await f.operator({ method: 'POST', url: '/api/v1/settlements/submit', payload: earlierKey() })
    expect(submitted.json()).toMatchObject({ status: 'submitted', townReview: false })
    expect(await queue(f.bureau, 'bureau_approval')).toEqual([['一号食堂', earlier()]])
    const approved = await f.bureau({ method: 'POST', url: '/api/v1/settlements/approve', payload: earlierKey() })
    expect(approved.json()).toMatchObject({ status: 'approved', townReview: false, signatures: { townReviewed: null, approved: { name: 'bureau_staff' } } })
  })

  it('waits for a reviewer when the meal settings do not let the bureau approve without one', async () => {
    const other = { facilityId: f.otherCanteen.id, month: earlier() }
    const settings = (await admin({ method: 'GET', url: '/api/v1/meal-settings' })).json<Record<string, unknown>>()
    expect(settings.bureauApprovesWithoutTownReviewer).toBe(true)
    expect((await admin({ method: 'PUT', url: '/api/v1/meal-settings', payload: { ...settings, bureauApprovesWithoutTownReviewer: false } })).statusCode).toBe(200)
    try {
      expect((await f.operator({ method: 'POST', url: '/api/v1/settlements/submit', payload: { ...other, facilityId: f.canteen.id } })).json()).toMatchObject({ code: 'SETTLEMENT_STATE' })
      expect((await f.bureau({ method: 'POST', url: '/api/v1/settlements/submit', payload: other })).json()).toMatchObject({ status: 'submitted', townReview: true })
      expect((await admin({ method: 'POST', url: '/api/v1/settlements/approve', payload: other })).json()).toMatchObject({ statusCode: 409, code: 'SETTLEMENT_TOWN_REVIEW_PENDING' })
      expect(await queue(f.bureau, 'bureau_approval')).toEqual([])
    } finally {
      await admin({ method: 'PUT', url: '/api/v1/meal-settings', payload: settings })
      await admin({ method: 'POST', url: `/api/v1/users/${f.tenant.users.town_staff}/enable` })
    }
  })
})
