import { KITCHEN_ORDER_DAYS_AHEAD, type Facility, type KitchenOrder, type KitchenProduction } from '@eldercare/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays, shanghaiToday } from '../src/http/dates.js'
import { orderDeadline } from '../src/kitchen-orders/kitchen-orders.service.js'
import { as, createTestApp, seedTenant, signIn, type TestApp } from './helper.js'

let t: TestApp
let bureau: ReturnType<typeof as>
let operator: ReturnType<typeof as>
let kitchen: Facility
let pointA: Facility
let pointB: Facility
let unsupplied: Facility

/** A day far enough ahead that its cut-off has not passed. */
const day = (() => {
  const date = new Date(Date.now() + 3 * 86_400_000)
  return new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
})()

beforeAll(async () => {
  t = await createTestApp()
  const tenant = await seedTenant(t.app, '330902')
  bureau = as(t.app, (await signIn(t.app, '330902', 'bureau_admin')).accessToken)
  const create = async (payload: Record<string, unknown>) => (await bureau({ method: 'POST', url: '/api/v1/facilities', payload })).json<Facility>()
  kitchen = await create({ name: '中央厨房', type: 'central_kitchen', communityCode: '330902001001', address: '厨房路1号', openedOn: '2023-01-01' })
  const point = { type: 'meal_point', openedOn: '2023-01-01', mealSlots: ['lunch', 'dinner'], supplierKitchenId: kitchen.id }
  pointA = await create({ ...point, name: '甲助餐点', communityCode: '330902001001', address: '甲路' })
  pointB = await create({ ...point, name: '乙助餐点', communityCode: '330902001200', address: '乙路' })
  unsupplied = await create({ ...point, name: '自办助餐点', communityCode: '330902001200', address: '丙路', supplierKitchenId: null })
  await bureau({ method: 'PATCH', url: `/api/v1/users/${tenant.users.canteen_operator}`, payload: { facilityIds: [pointA.id] } })
  operator = as(t.app, (await signIn(t.app, '330902', 'canteen_operator')).accessToken)
})
afterAll(() => t.close())

const order = (body: Record<string, unknown>, who = operator) => who({ method: 'PUT', url: '/api/v1/kitchen-orders', payload: body })

describe('central kitchen orders', () => {
  it('closes at the cut-off time the day before, Asia/Shanghai', () => {
    expect(orderDeadline('2024-05-10', '16:00').toISOString()).toBe('2024-05-09T08:00:00.000Z')
  })

  it('are placed by a meal point and replaced when ordered again', async () => {
    expect((await order({ mealPointId: pointA.id, servedOn: day, slot: 'lunch', quantity: 30 })).json()).toMatchObject({ quantity: 30, kitchenId: kitchen.id })
    const again = await order({ mealPointId: pointA.id, servedOn: day, slot: 'lunch', quantity: 35, note: '两份软食' })
    expect(again.json<KitchenOrder>()).toMatchObject({ quantity: 35, note: '两份软食', mealPointName: '甲助餐点' })
    await order({ mealPointId: pointA.id, servedOn: day, slot: 'dinner', quantity: 12 })
    await order({ mealPointId: pointB.id, servedOn: day, slot: 'lunch', quantity: 20 }, bureau)
  })

  it('are refused after the cut-off, without a kitchen, for an unserved slot, or for another point', async () => {
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
    expect((await order({ mealPointId: pointA.id, servedOn: today, slot: 'lunch', quantity: 5 })).json()).toMatchObject({ statusCode: 409, code: 'KITCHEN_ORDER_CLOSED' })
    expect((await order({ mealPointId: unsupplied.id, servedOn: day, slot: 'lunch', quantity: 5 }, bureau)).json()).toMatchObject({ code: 'KITCHEN_ORDER_NO_KITCHEN' })
    expect((await order({ mealPointId: pointA.id, servedOn: day, slot: 'breakfast', quantity: 5 })).json()).toMatchObject({ code: 'MEAL_SLOT_NOT_SERVED' })
    expect((await order({ mealPointId: pointB.id, servedOn: day, slot: 'lunch', quantity: 5 })).statusCode).toBe(404)
    expect((await order({ mealPointId: pointA.id, servedOn: day, slot: 'lunch', quantity: -1 })).json()).toMatchObject({ code: 'VALIDATION_FAILED' })
  })

  it('add up for the kitchen: production per slot and a delivery list per point', async () => {
    const production = (await bureau({ method: 'GET', url: `/api/v1/kitchen-orders/production?kitchenId=${kitchen.id}&servedOn=${day}` })).json<KitchenProduction>()
    expect(production.totals).toEqual([
      { slot: 'lunch', quantity: 55 },
      { slot: 'dinner', quantity: 12 },
    ])
    expect(production.deliveries.map((d) => [d.mealPointName, d.slot, d.quantity, d.address])).toEqual([
      ['乙助餐点', 'lunch', 20, '乙路'],
      ['甲助餐点', 'lunch', 35, '甲路'],
      ['甲助餐点', 'dinner', 12, '甲路'],
    ])
  })

  it('are listed to a meal point only for itself', async () => {
    const list = (await operator({ method: 'GET', url: `/api/v1/kitchen-orders?from=${day}&to=${day}` })).json<{ items: KitchenOrder[] }>()
    expect(new Set(list.items.map((o) => o.mealPointName))).toEqual(new Set(['甲助餐点']))
    expect((await operator({ method: 'GET', url: `/api/v1/kitchen-orders/production?kitchenId=${kitchen.id}&servedOn=${day}` })).statusCode).toBe(404)
  })
})

describe('central kitchen orders that cannot be cooked or delivered', () => {
  const today = () => shanghaiToday()
  const later = (days: number) => addDays(day, days)
  let create: (payload: Record<string, unknown>) => Promise<Facility>
  const supplied = (name: string, supplierKitchenId: string, extra: Record<string, unknown> = {}) =>
    create({ type: 'meal_point', name, communityCode: '330902001001', address: '丁路', openedOn: '2023-01-01', mealSlots: ['lunch'], supplierKitchenId, ...extra })

  /** Everything ordered in the tenant, and how many order writes the audit trail holds. */
  const written = async () => ({
    orders: (await bureau({ method: 'GET', url: `/api/v1/kitchen-orders?from=${addDays(today(), -2)}&to=2100-12-31` })).json<{ items: KitchenOrder[] }>().items,
    audited: (await bureau({ method: 'GET', url: '/api/v1/audit-events?action=kitchen_order.put&pageSize=1' })).json<{ total: number }>().total,
  })

  /** The order is refused with `code` and leaves no order and no audit event behind. */
  async function refused(body: Record<string, unknown>, statusCode: number, code: string, who = bureau) {
    const before = await written()
    const response = await order(body, who)
    expect(response.json(), response.body).toMatchObject({ statusCode, code })
    expect(await written()).toEqual(before)
  }

  const accepted = async (body: Record<string, unknown>) => {
    const response = await order(body, bureau)
    expect(response.statusCode, response.body).toBe(200)
  }

  beforeAll(() => {
    create = async (payload) => {
      const response = await bureau({ method: 'POST', url: '/api/v1/facilities', payload })
      expect(response.statusCode, response.body).toBe(201)
      return response.json<Facility>()
    }
  })

  it('are refused for a day on or after the meal point closes', async () => {
    const closing = await supplied('将关闭助餐点', kitchen.id, { closedOn: later(2) })
    await accepted({ mealPointId: closing.id, servedOn: later(1), slot: 'lunch', quantity: 8 })
    await refused({ mealPointId: closing.id, servedOn: later(2), slot: 'lunch', quantity: 8 }, 409, 'KITCHEN_ORDER_POINT_NOT_OPEN')
    await refused({ mealPointId: closing.id, servedOn: later(3), slot: 'lunch', quantity: 8 }, 409, 'KITCHEN_ORDER_POINT_NOT_OPEN')
  })

  it('are refused, also as a change of an order on file, once the point is closed for that day', async () => {
    await accepted({ mealPointId: pointB.id, servedOn: later(4), slot: 'lunch', quantity: 10 })
    expect((await bureau({ method: 'PATCH', url: `/api/v1/facilities/${pointB.id}`, payload: { closedOn: later(4) } })).statusCode).toBe(200)
    await refused({ mealPointId: pointB.id, servedOn: later(4), slot: 'lunch', quantity: 25 }, 409, 'KITCHEN_ORDER_POINT_NOT_OPEN')
  })

  it('leave the kitchen\'s production and delivery list when the point closes after ordering', async () => {
    const closing = await supplied('后关闭助餐点', kitchen.id)
    const staying = await supplied('照常助餐点', kitchen.id)
    await accepted({ mealPointId: closing.id, servedOn: later(5), slot: 'lunch', quantity: 12 })
    await accepted({ mealPointId: staying.id, servedOn: later(5), slot: 'lunch', quantity: 7 })
    const production = async () =>
      (await bureau({ method: 'GET', url: `/api/v1/kitchen-orders/production?kitchenId=${kitchen.id}&servedOn=${later(5)}` })).json<KitchenProduction>()
    const before = await production()
    expect(before.deliveries.map((d) => [d.mealPointName, d.quantity])).toEqual(expect.arrayContaining([['后关闭助餐点', 12], ['照常助餐点', 7]]))

    expect((await bureau({ method: 'PATCH', url: `/api/v1/facilities/${closing.id}`, payload: { closedOn: later(5) } })).statusCode).toBe(200)
    const after = await production()
    expect(after.deliveries.map((d) => d.mealPointName)).not.toContain('后关闭助餐点')
    expect(after.deliveries.map((d) => [d.mealPointName, d.quantity])).toContainEqual(['照常助餐点', 7])
    expect(after.totals.find((total) => total.slot === 'lunch')!.quantity).toBe(before.totals.find((total) => total.slot === 'lunch')!.quantity - 12)
    // The order itself stays on file, as it was placed.
    const listed = (await bureau({ method: 'GET', url: `/api/v1/kitchen-orders?mealPointId=${closing.id}&from=${later(5)}&to=${later(5)}` })).json<{ items: KitchenOrder[] }>()
    expect(listed.items.map((item) => item.quantity)).toEqual([12])
  })

  it('are refused for a day before the meal point opens', async () => {
    const opening = await supplied('新开助餐点', kitchen.id, { openedOn: later(2) })
    await refused({ mealPointId: opening.id, servedOn: later(1), slot: 'lunch', quantity: 6 }, 409, 'KITCHEN_ORDER_POINT_NOT_OPEN')
    await accepted({ mealPointId: opening.id, servedOn: later(2), slot: 'lunch', quantity: 6 })
  })

  it('are refused for a day the supplying kitchen is closed or not yet open', async () => {
    const closingKitchen = await create({ name: '将关闭厨房', type: 'central_kitchen', communityCode: '330902001001', address: '厨房路2号', openedOn: '2023-01-01', closedOn: later(2) })
    const fedByClosing = await supplied('旧厨房供餐点', closingKitchen.id)
    await accepted({ mealPointId: fedByClosing.id, servedOn: later(1), slot: 'lunch', quantity: 4 })
    await refused({ mealPointId: fedByClosing.id, servedOn: later(2), slot: 'lunch', quantity: 4 }, 409, 'KITCHEN_ORDER_KITCHEN_NOT_OPEN')

    const newKitchen = await create({ name: '新厨房', type: 'central_kitchen', communityCode: '330902001001', address: '厨房路3号', openedOn: later(2) })
    const fedByNew = await supplied('新厨房供餐点', newKitchen.id)
    await refused({ mealPointId: fedByNew.id, servedOn: later(1), slot: 'lunch', quantity: 4 }, 409, 'KITCHEN_ORDER_KITCHEN_NOT_OPEN')
    await accepted({ mealPointId: fedByNew.id, servedOn: later(2), slot: 'lunch', quantity: 4 })
  })

  it('are refused for a slot the meal point does not serve', async () => {
    await refused({ mealPointId: pointA.id, servedOn: day, slot: 'breakfast', quantity: 5 }, 409, 'MEAL_SLOT_NOT_SERVED', operator)
  })

  it(`are taken up to ${KITCHEN_ORDER_DAYS_AHEAD} days ahead and refused past that`, async () => {
    await accepted({ mealPointId: pointA.id, servedOn: addDays(today(), KITCHEN_ORDER_DAYS_AHEAD), slot: 'lunch', quantity: 9 })
    await refused({ mealPointId: pointA.id, servedOn: addDays(today(), KITCHEN_ORDER_DAYS_AHEAD + 1), slot: 'lunch', quantity: 9 }, 400, 'KITCHEN_ORDER_TOO_FAR_AHEAD', operator)
    await refused({ mealPointId: pointA.id, servedOn: '2099-01-01', slot: 'lunch', quantity: 9 }, 400, 'KITCHEN_ORDER_TOO_FAR_AHEAD', operator)
  })

  it('are refused for past days and today', async () => {
    await refused({ mealPointId: pointA.id, servedOn: addDays(today(), -1), slot: 'lunch', quantity: 3 }, 409, 'KITCHEN_ORDER_CLOSED', operator)
    await refused({ mealPointId: pointA.id, servedOn: today(), slot: 'lunch', quantity: 3 }, 409, 'KITCHEN_ORDER_CLOSED', operator)
  })

  it('are refused for tomorrow once the cut-off has passed today', async () => {
    const settings = (await bureau({ method: 'GET', url: '/api/v1/meal-settings' })).json<Record<string, unknown>>()
    // A cut-off at midnight has always passed today: tomorrow is closed whatever time the test runs.
    expect((await bureau({ method: 'PUT', url: '/api/v1/meal-settings', payload: { ...settings, kitchenOrderCutoff: '00:00' } })).statusCode).toBe(200)
    try {
      await refused({ mealPointId: pointA.id, servedOn: addDays(today(), 1), slot: 'lunch', quantity: 3 }, 409, 'KITCHEN_ORDER_CLOSED', operator)
    } finally {
      await bureau({ method: 'PUT', url: '/api/v1/meal-settings', payload: settings })
    }
  })
})
