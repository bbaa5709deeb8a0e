/**
 * Care-card users (card-users.ts) through the API, on the hand-computed indicator fixture: a payment after
 * the as-of day never counts, a voided card-paid meal and a bureau refund take the user back, and the
 * dashboard's months and `/indicators` say the same.
 */
import { schema, uuidv7 } from '@eldercare/db'
import type { CareCard, Dashboard, IndicatorReport, MealRecord } from '@eldercare/shared'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays, shanghaiToday } from '../src/http/dates.js'
import { as, createTestApp, seedTenant, signIn, type SeededTenant, type TestApp } from './helper.js'
import { makeIdNumber } from './id-numbers.js'
import { C1, C4, CODE, F1, insertIndicatorFixture, T1 } from './indicator-fixture.js'

let t: TestApp
let tenant: SeededTenant
let staff: ReturnType<typeof as>
let admin: ReturnType<typeof as>

beforeAll(async () => {
  t = await createTestApp()
  tenant = await seedTenant(t.app, CODE)
  await insertIndicatorFixture(t.app, tenant.tenantId, tenant.users.bureau_admin!)
  staff = as(t.app, (await signIn(t.app, CODE, 'bureau_staff')).accessToken)
  admin = as(t.app, (await signIn(t.app, CODE, 'bureau_admin')).accessToken)
})
afterAll(() => t.close())

const today = shanghaiToday()
let sequence = 200

async function elderWithCard(name: string, communityCode: string): Promise<{ elderId: string; card: CareCard }> {
  const elder = await admin({ method: 'POST', url: '/api/v1/elders', payload: { idNumber: makeIdNumber('1941-02-03', String(sequence++)), name, communityCode } })
  expect(elder.statusCode).toBe(201)
  const card = await staff({ method: 'POST', url: '/api/v1/care-cards', payload: { elderId: elder.json().id } })
  expect(card.statusCode).toBe(201)
  // Issued long ago, so that the past payments below come after it.
  await t.app.db.update(schema.careCards).set({ issuedOn: '2024-01-01' }).where(and(eq(schema.careCards.tenantId, tenant.tenantId), eq(schema.careCards.id, card.json<CareCard>().id)))
  return { elderId: elder.json().id, card: card.json<CareCard>() }
}

/** A payment (or a refund) posted on a past day, as the ledger would hold it (the API posts only now). */
async function pastPayment(cardId: string, at: string, kind: 'meal_payment' | 'service_payment' | 'refund' = 'meal_payment', referenceId: string | null = null) {
  await t.app.db.insert(schema.cardLedgerEntries).values({
    tenantId: tenant.tenantId,
    id: uuidv7(),
    cardId,
    purse: 'general',
    kind,
    amountFen: kind === 'refund' ? 500 : -500,
    referenceId,
    balanceAfterFen: 0,
    contentHash: 'x',
    createdBy: tenant.users.bureau_admin!,
    createdAt: new Date(at),
  })
}

const cardUsersOn = async (asOf: string, townCode?: string) => {
  const report = (await staff({ method: 'GET', url: `/api/v1/indicators?asOf=${asOf}${townCode ? `&townCode=${townCode}` : ''}` })).json<IndicatorReport>()
  return report.indicators.find((indicator) => indicator.key === 'care_card_users')!.numerator
}
const monthsOn = async (asOf: string, townCode?: string) =>
  (await staff({ method: 'GET', url: `/api/v1/dashboard?asOf=${asOf}${townCode ? `&townCode=${townCode}` : ''}` })).json<Dashboard>().cardUsersPerMonth.map((month) => month.users)

/** The summary tables and the ledger itself agree (the service's two sources). */
async function expectSummaryEqualsLedger(asOf: string, townCode: string | null = null) {
  const place = { tenantId: tenant.tenantId, townCode }
  expect([asOf, await t.app.indicatorsRepository.cardUsers(place, asOf)]).toEqual([asOf, await t.app.indicatorsRepository.cardUsersFromLedger(place, asOf)])
}

describe(`care-card users (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('counts no payment made after the as-of day, in the year nor in its month', async () => {
    const early = await elderWithCard('早付款', C1)
    const late = await elderWithCard('晚付款', C4)
    await pastPayment(early.card.id, '2024-10-01T09:00:00+08:00')
    await pastPayment(early.card.id, '2024-11-01T12:00:00+08:00')
    await pastPayment(late.card.id, '2024-11-02T23:59:00+08:00', 'service_payment')
    // Paid on 3 November: after the day asked about.
    await pastPayment(late.card.id, '2024-11-03T00:01:00+08:00')
    await pastPayment(early.card.id, '2024-11-20T12:00:00+08:00')

    expect(await cardUsersOn('2024-11-01')).toBe(1)
    expect(await cardUsersOn('2024-11-02')).toBe(2)
    expect((await monthsOn('2024-11-01')).slice(9)).toEqual([1, 1])
    expect((await monthsOn('2024-11-02')).slice(9)).toEqual([1, 2])
    // One elder paid in October; in November by the 2nd both had, however many paid later in the month.
    expect(await monthsOn('2024-11-30')).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2])
    expect(await monthsOn('2024-11-02', T1)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1])
    for (const asOf of ['2024-10-31', '2024-11-01', '2024-11-02', '2024-11-03', '2024-12-31']) await expectSummaryEqualsLedger(asOf)
    await expectSummaryEqualsLedger('2024-11-02', T1)
  })

  it('takes back a meal voided in the next month from its own month, from the day of the void on', async () => {
    const { card } = await elderWithCard('跨月作废', C4)
    const mealId = uuidv7()
    await pastPayment(card.id, '2024-05-31T12:00:00+08:00', 'meal_payment', mealId)
    await pastPayment(card.id, '2024-06-02T09:00:00+08:00', 'refund', mealId)
    expect((await monthsOn('2024-06-01')).slice(4)).toEqual([1, 0])
    expect(await cardUsersOn('2024-06-01')).toBe(1)
    expect((await monthsOn('2024-06-02')).slice(4)).toEqual([0, 0])
    expect(await cardUsersOn('2024-06-02')).toBe(0)
    for (const asOf of ['2024-05-31', '2024-06-01', '2024-06-02']) await expectSummaryEqualsLedger(asOf)
  })

  it('as of a past day, a refunded payment takes back only what was paid by then, not a payment later in its month', async () => {
    const { card } = await elderWithCard('月中退款', C1)
    const first = uuidv7()
    await pastPayment(card.id, '2024-03-04T12:00:00+08:00', 'meal_payment', first)
    await pastPayment(card.id, '2024-03-05T09:00:00+08:00', 'refund', first)
    await pastPayment(card.id, '2024-03-20T12:00:00+08:00', 'meal_payment', uuidv7())
    // An unnamed refund in April, when the elder paid nothing: it takes back nothing of March.
    await pastPayment(card.id, '2024-04-02T09:00:00+08:00', 'refund')
    expect((await monthsOn('2024-03-04')).at(2)).toBe(1)
    expect((await monthsOn('2024-03-10')).at(2)).toBe(0)
    expect(await cardUsersOn('2024-03-10')).toBe(0)
    expect((await monthsOn('2024-03-20')).at(2)).toBe(1)
    expect(await cardUsersOn('2024-03-20')).toBe(1)
    // The April refund leaves March standing but takes the year's standing to nothing.
    expect((await monthsOn('2024-04-30')).slice(2, 4)).toEqual([1, 0])
    expect(await cardUsersOn('2024-04-30')).toBe(0)
    for (const asOf of ['2024-03-04', '2024-03-05', '2024-03-10', '2024-03-20', '2024-04-01', '2024-04-02', '2024-12-31']) await expectSummaryEqualsLedger(asOf)
  })

  it('takes back a voided card-paid meal', async () => {
    const { elderId, card } = await elderWithCard('作废餐', C1)
    expect((await staff({ method: 'POST', url: `/api/v1/care-cards/${card.id}/transactions`, payload: { id: uuidv7(), kind: 'top_up', amountFen: 5000 } })).statusCode).toBe(201)
    const before = await cardUsersOn(today)
    const monthBefore = (await monthsOn(today)).at(-1)!
    const meal = await staff({
      method: 'POST',
      url: '/api/v1/meal-records',
      payload: { id: uuidv7(), elderId, facilityId: F1, servedOn: today, slot: 'lunch', mode: 'dine_in', priceFen: 1200, paymentMethod: 'care_card' },
    })
    expect(meal.statusCode).toBe(201)
    expect(meal.json<MealRecord>().selfPayFen).toBeGreaterThan(0)
    expect(await cardUsersOn(today)).toBe(before + 1)
    expect((await monthsOn(today)).at(-1)).toBe(monthBefore + 1)

    expect((await staff({ method: 'POST', url: `/api/v1/meal-records/${meal.json<MealRecord>().id}/void`, payload: { reason: '录错老人' } })).statusCode).toBe(200)
    expect(await cardUsersOn(today)).toBe(before)
    expect((await monthsOn(today)).at(-1)).toBe(monthBefore)
    await expectSummaryEqualsLedger(today)
    await expectSummaryEqualsLedger(today, T1)
  })

  it('takes back a payment the bureau refunded in full, not one refunded in part', async () => {
    const whole = await elderWithCard('全额退款', C1)
    const part = await elderWithCard('部分退款', C1)
    const before = await cardUsersOn(today)
    const monthBefore = (await monthsOn(today)).at(-1)!
    for (const { card } of [whole, part]) {
      await staff({ method: 'POST', url: `/api/v1/care-cards/${card.id}/transactions`, payload: { id: uuidv7(), kind: 'top_up', amountFen: 5000 } })
      const paid = await staff({ method: 'POST', url: `/api/v1/care-cards/${card.id}/transactions`, payload: { id: uuidv7(), kind: 'service_payment', amountFen: 800, facilityId: F1, serviceType: '助洁' } })
      expect(paid.statusCode).toBe(201)
    }
    expect(await cardUsersOn(today)).toBe(before + 2)
    await staff({ method: 'POST', url: `/api/v1/care-cards/${whole.card.id}/transactions`, payload: { id: uuidv7(), kind: 'refund', amountFen: 800, note: '服务未提供' } })
    await staff({ method: 'POST', url: `/api/v1/care-cards/${part.card.id}/transactions`, payload: { id: uuidv7(), kind: 'refund', amountFen: 300, note: '部分退还' } })
    expect(await cardUsersOn(today)).toBe(before + 1)
    expect((await monthsOn(today)).at(-1)).toBe(monthBefore + 1)
    if (addDays(today, -1).slice(0, 4) === today.slice(0, 4)) await expectSummaryEqualsLedger(addDays(today, -1))
    await expectSummaryEqualsLedger(today)
  })

  it('are unknown, not zero, before any card was issued; the dashboard and /indicators agree on January', async () => {
    const before = (await staff({ method: 'GET', url: '/api/v1/indicators?asOf=2023-12-31' })).json<IndicatorReport>()
    expect(before.indicators.find((indicator) => indicator.key === 'care_card_users')).toMatchObject({ numerator: 0, value: null })
    expect(await monthsOn('2024-01-31')).toEqual([await cardUsersOn('2024-01-31')])
    const { card } = await elderWithCard('一月付款', C1)
    await pastPayment(card.id, '2024-01-15T10:00:00+08:00')
    expect(await cardUsersOn('2024-01-31')).toBe(1)
    expect(await monthsOn('2024-01-31')).toEqual([1])
  })
})
