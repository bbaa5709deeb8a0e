import type { Facility, KitchenOrder, KitchenProduction } from '@eldercare/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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
