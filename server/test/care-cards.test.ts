import ExcelJS from 'exceljs'
import type { AllowanceGrantResult, CardTotals, CareCard, LedgerEntry, MealRecord, Reconciliation } from '@eldercare/shared'
import { uuidv7 } from '@eldercare/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { shanghaiToday } from '../src/http/dates.js'
import { as, createTestApp, signIn, type TestApp } from './helper.js'
import { mealFixture, type MealFixture } from './meal-fixture.js'

let t: TestApp
let f: MealFixture
let admin: ReturnType<typeof as>
let card: CareCard

beforeAll(async () => {
  t = await createTestApp()
  f = await mealFixture(t)
  admin = as(t.app, (await signIn(t.app, '330902', 'bureau_admin')).accessToken)
  card = (await f.bureau({ method: 'POST', url: '/api/v1/care-cards', payload: { elderId: f.zhang.id, cardNo: '330902000001' } })).json<CareCard>()
})
afterAll(() => t.close())

const post = (id: string, payload: object) => f.bureau({ method: 'POST', url: `/api/v1/care-cards/${id}/transactions`, payload })
const getCard = async (id = card.id) => (await f.bureau({ method: 'GET', url: `/api/v1/care-cards/${id}` })).json<CareCard>()
const reconcile = async () => (await f.bureau({ method: 'GET', url: '/api/v1/care-cards/reconciliation' })).json<Reconciliation>()

describe('care cards', () => {
  it('are issued one per elder with a unique number', async () => {
    expect(card).toMatchObject({ cardNo: '330902000001', elderName: '张三', status: 'active', balanceFen: 0, purses: [{ purse: 'general', balanceFen: 0 }] })
    const again = await f.bureau({ method: 'POST', url: '/api/v1/care-cards', payload: { elderId: f.zhang.id } })
    expect(again.json()).toMatchObject({ statusCode: 409, code: 'CARD_ALREADY_ISSUED' })
    const taken = await f.bureau({ method: 'POST', url: '/api/v1/care-cards', payload: { elderId: f.li.id, cardNo: '330902000001' } })
    expect(taken.json()).toMatchObject({ statusCode: 409, code: 'CARD_NO_TAKEN' })
  })

  it('take a top-up exactly once by its id', async () => {
    const id = uuidv7()
    const first = await post(card.id, { id, kind: 'top_up', amountFen: 5000, note: '家属充值' })
    expect(first.statusCode).toBe(201)
    expect(first.json<LedgerEntry>()).toMatchObject({ kind: 'top_up', amountFen: 5000, balanceAfterFen: 5000 })
    const retry = await post(card.id, { id, kind: 'top_up', amountFen: 5000, note: '家属充值' })
    expect(retry.statusCode).toBe(200)
    expect(retry.json()).toEqual(first.json())
    expect((await post(card.id, { id, kind: 'top_up', amountFen: 6000 })).json()).toMatchObject({ statusCode: 409, code: 'CARD_ID_CONFLICT' })
    expect((await getCard()).balanceFen).toBe(5000)
  })

  it('refuse a payment larger than the balance and change nothing', async () => {
    const provider = f.canteen.id
    const tooMuch = await post(card.id, { id: uuidv7(), kind: 'service_payment', amountFen: 5001, facilityId: provider, serviceType: '助浴' })
    expect(tooMuch.json()).toMatchObject({ statusCode: 409, code: 'CARD_INSUFFICIENT_BALANCE' })
    expect((await getCard()).balanceFen).toBe(5000)
    const unknownService = await post(card.id, { id: uuidv7(), kind: 'service_payment', amountFen: 100, facilityId: provider, serviceType: '理发' })
    expect(unknownService.json()).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' })
    const paid = await post(card.id, { id: uuidv7(), kind: 'service_payment', amountFen: 1500, facilityId: provider, serviceType: '助浴' })
    expect(paid.json()).toMatchObject({ amountFen: -1500, balanceAfterFen: 3500 })
    expect((await post(card.id, { id: uuidv7(), kind: 'top_up', amountFen: 0 })).json()).toMatchObject({ code: 'VALIDATION_FAILED' })
  })

  it('when frozen, refuse payments, including meals, and record nothing', async () => {
    expect((await f.bureau({ method: 'POST', url: `/api/v1/care-cards/${card.id}/freeze` })).json()).toMatchObject({ status: 'frozen' })
    expect((await post(card.id, { id: uuidv7(), kind: 'service_payment', amountFen: 100, facilityId: f.canteen.id, serviceType: '助浴' })).json()).toMatchObject({ code: 'CARD_FROZEN' })
    const meal = f.meal({ elderId: f.zhang.id, paymentMethod: 'care_card' })
    expect((await f.operator({ method: 'POST', url: '/api/v1/meal-records', payload: meal })).json()).toMatchObject({ statusCode: 409, code: 'CARD_FROZEN' })
    expect((await f.bureau({ method: 'GET', url: `/api/v1/meal-records?elderId=${f.zhang.id}` })).json().total).toBe(0)
    await f.bureau({ method: 'POST', url: `/api/v1/care-cards/${card.id}/unfreeze` })
  })

  it('pay a meal’s self-pay in the same transaction, and give it back when the meal is voided', async () => {
    const meal = (await f.operator({ method: 'POST', url: '/api/v1/meal-records', payload: f.meal({ elderId: f.zhang.id, paymentMethod: 'care_card', mode: 'delivery' }) })).json<MealRecord>()
    expect(meal).toMatchObject({ selfPayFen: 200, paymentMethod: 'care_card' })
    expect((await getCard()).balanceFen).toBe(3300)
    await f.operator({ method: 'POST', url: `/api/v1/meal-records/${meal.id}/void`, payload: { reason: '录错' } })
    expect((await getCard()).balanceFen).toBe(3500)
    const ledger = (await f.bureau({ method: 'GET', url: `/api/v1/care-cards/${card.id}/ledger` })).json<{ items: LedgerEntry[] }>()
    expect(ledger.items.slice(0, 2).map((e) => [e.kind, e.amountFen, e.balanceAfterFen, e.note])).toEqual([
      ['refund', 200, 3500, '作废就餐退款'],
      ['meal_payment', -200, 3300, `${f.today} 午餐 送餐`],
    ])
  })

  it('refuse a card meal the balance cannot pay, recording nothing', async () => {
    const liCard = (await f.bureau({ method: 'POST', url: '/api/v1/care-cards', payload: { elderId: f.li.id } })).json<CareCard>()
    const response = await f.operator({ method: 'POST', url: '/api/v1/meal-records', payload: f.meal({ paymentMethod: 'care_card' }) })
    expect(response.json()).toMatchObject({ statusCode: 409, code: 'CARD_INSUFFICIENT_BALANCE' })
    expect((await f.bureau({ method: 'GET', url: `/api/v1/meal-records?elderId=${f.li.id}` })).json().total).toBe(0)
    expect((await getCard(liCard.id)).balanceFen).toBe(0)
  })

  it('are found by scanned number, name and the last 4 of the 身份证号', async () => {
    const find = async (q: string) => (await f.operator({ method: 'POST', url: '/api/v1/care-cards/search', payload: { q } })).json<{ items: CareCard[] }>().items.map((c) => c.elderName)
    expect(await find('330902000001')).toEqual(['张三'])
    expect(await find('张三')).toEqual(['张三'])
    expect(await find(f.zhang.idNumberMasked.slice(-4))).toEqual(['张三'])
  })

  it('reissued, move the whole balance to the new card and cancel the old one', async () => {
    const response = await f.bureau({ method: 'POST', url: `/api/v1/care-cards/${card.id}/reissue`, payload: { reason: '遗失', cardNo: '330902000009' } })
    expect(response.statusCode).toBe(201)
    const fresh = response.json<CareCard>()
    expect(fresh).toMatchObject({ cardNo: '330902000009', status: 'active', balanceFen: 3500 })
    expect(await getCard()).toMatchObject({ status: 'cancelled', balanceFen: 0, replacedByCardId: fresh.id })
    expect(await reconcile()).toMatchObject({ mismatches: [] })
    card = fresh
  })

  it('cancelled, settle the balance by the district’s rule and record it', async () => {
    const cancelled = (await f.bureau({ method: 'POST', url: `/api/v1/care-cards/${card.id}/cancel`, payload: { reason: '老人去世' } })).json<CareCard>()
    expect(cancelled).toMatchObject({ status: 'cancelled', balanceFen: 0, cancelReason: '老人去世' })
    const [last] = (await f.bureau({ method: 'GET', url: `/api/v1/care-cards/${card.id}/ledger` })).json<{ items: LedgerEntry[] }>().items
    expect(last).toMatchObject({ kind: 'cancellation', amountFen: -3500, balanceAfterFen: 0 })
    expect(last!.note).toContain('退回民政局')
    expect((await post(card.id, { id: uuidv7(), kind: 'top_up', amountFen: 100 })).json()).toMatchObject({ code: 'CARD_CANCELLED' })
  })
})

describe('allowances', () => {
  it('preview, then credit each eligible card once; a second run changes nothing', async () => {
    const zhangCard = (await f.bureau({ method: 'POST', url: '/api/v1/care-cards', payload: { elderId: f.zhang.id } })).json<CareCard>()
    await admin({ method: 'POST', url: '/api/v1/allowance-rules', payload: { name: '特困老人月补贴', category: 'destitute', amountFen: 10000, purse: 'general', validFrom: '2024-01-01' } })
    const preview = (await f.bureau({ method: 'POST', url: '/api/v1/allowance-grants', payload: { month: '2025-01', dryRun: true } })).json<AllowanceGrantResult>()
    expect(preview).toMatchObject({ dryRun: true, credits: 1, totalFen: 10000, items: [expect.objectContaining({ elderName: '张三', amountFen: 10000 })] })
    expect((await getCard(zhangCard.id)).balanceFen).toBe(0)
    const run = (await f.bureau({ method: 'POST', url: '/api/v1/allowance-grants', payload: { month: '2025-01', dryRun: false } })).json<AllowanceGrantResult>()
    expect(run).toMatchObject({ dryRun: false, credits: 1, totalFen: 10000 })
    const again = (await f.bureau({ method: 'POST', url: '/api/v1/allowance-grants', payload: { month: '2025-01', dryRun: false } })).json<AllowanceGrantResult>()
    expect(again).toMatchObject({ credits: 0, alreadyCredited: 1 })
    expect((await getCard(zhangCard.id)).balanceFen).toBe(10000)
    expect(await reconcile()).toMatchObject({ mismatches: [] })
  })

  it('previews a future month but refuses to grant it before the month begins (409, nothing credited)', async () => {
    const [year, month] = shanghaiToday().split('-').map(Number) as [number, number]
    const next = month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`
    const before = await reconcile()
    const preview = await f.bureau({ method: 'POST', url: '/api/v1/allowance-grants', payload: { month: next, dryRun: true } })
    expect(preview.statusCode).toBe(200)
    expect(preview.json<AllowanceGrantResult>()).toMatchObject({ month: next, dryRun: true, credits: 1, totalFen: 10000 })
    const run = await f.bureau({ method: 'POST', url: '/api/v1/allowance-grants', payload: { month: next, dryRun: false } })
    expect(run.statusCode).toBe(409)
    expect(run.json()).toMatchObject({ statusCode: 409, code: 'ALLOWANCE_MONTH_IN_FUTURE' })
    expect(await reconcile()).toEqual(before)
    // The current month is granted as usual.
    const current = await f.bureau({ method: 'POST', url: '/api/v1/allowance-grants', payload: { month: shanghaiToday().slice(0, 7), dryRun: false } })
    expect(current.json<AllowanceGrantResult>()).toMatchObject({ dryRun: false, credits: 1 })
  })

  it('expire at year end only where the district says so', async () => {
    const refused = await f.bureau({ method: 'POST', url: '/api/v1/allowance-expiries', payload: { year: 2025, dryRun: true } })
    expect(refused.json()).toMatchObject({ statusCode: 400, code: 'ALLOWANCE_RULE_INVALID' })
    const settings = (await admin({ method: 'GET', url: '/api/v1/card-settings' })).json()
    await admin({ method: 'PUT', url: '/api/v1/card-settings', payload: { ...settings, allowanceExpiry: 'year_end' } })
    const preview = (await f.bureau({ method: 'POST', url: '/api/v1/allowance-expiries', payload: { year: 2025, dryRun: true } })).json()
    expect(preview).toMatchObject({ cards: 1, totalFen: 10000 })
    await f.bureau({ method: 'POST', url: '/api/v1/allowance-expiries', payload: { year: 2025, dryRun: false } })
    expect((await f.bureau({ method: 'POST', url: '/api/v1/allowance-expiries', payload: { year: 2025, dryRun: true } })).json()).toMatchObject({ totalFen: 0 })
    expect(await reconcile()).toMatchObject({ mismatches: [] })
  })
})

describe('statements', () => {
  it('export a card’s history with running balance, and the district’s month by kind', async () => {
    const cards = (await f.bureau({ method: 'POST', url: '/api/v1/care-cards/search', payload: { q: '张三' } })).json<{ items: CareCard[] }>().items
    const live = cards.find((c) => c.status === 'active')!
    const response = await f.bureau({ method: 'GET', url: `/api/v1/care-cards/${live.id}/statement/export` })
    expect(response.statusCode).toBe(200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer)
    const texts: string[] = []
    workbook.worksheets[0]!.eachRow((row) => row.eachCell((cell) => texts.push(cell.text)))
    expect(texts).toEqual(expect.arrayContaining(['时间', '类型', '余额（元）', '发放补贴', '到期清零']))

    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7)
    const totals = (await f.bureau({ method: 'GET', url: `/api/v1/care-cards/totals?month=${month}` })).json<CardTotals>()
    expect(totals.cards).toBeGreaterThanOrEqual(3)
    expect(totals.byKind.find((k) => k.kind === 'top_up')).toMatchObject({ amountFen: 5000 })
    const file = await f.bureau({ method: 'GET', url: `/api/v1/care-cards/totals/export?month=${month}` })
    expect(file.headers['content-type']).toContain('spreadsheetml')
  })
})

describe('an allowance after a reissue', () => {
  it('is not paid again to the new card for the same month', async () => {
    const zhangCard = (await f.bureau({ method: 'GET', url: `/api/v1/care-cards?elderId=${f.zhang.id}&status=active` })).json<{ items: CareCard[] }>().items[0]!
    await f.bureau({ method: 'POST', url: `/api/v1/care-cards/${zhangCard.id}/reissue`, payload: { reason: '遗失' } })
    const preview = (await f.bureau({ method: 'POST', url: '/api/v1/allowance-grants', payload: { month: '2025-01', dryRun: true } })).json<AllowanceGrantResult>()
    expect(preview).toMatchObject({ credits: 0, alreadyCredited: 1 })
  })

  it('refunds are the bureau’s to give', async () => {
    const town = as(t.app, (await signIn(t.app, '330902', 'town_staff')).accessToken)
    const liCard = (await f.bureau({ method: 'GET', url: `/api/v1/care-cards?elderId=${f.li.id}` })).json<{ items: CareCard[] }>().items[0]!
    const response = await town({ method: 'POST', url: `/api/v1/care-cards/${liCard.id}/transactions`, payload: { id: uuidv7(), kind: 'refund', amountFen: 100 } })
    expect(response.json()).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' })
  })
})
