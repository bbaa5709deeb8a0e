import type { MealBatchResult, MealRecord } from '@eldercare/shared'
import { describe, expect, it } from 'vitest'
import { useMealFixture } from './meal-fixture.js'

const f = useMealFixture()

const post = (payload: object) => f.operator({ method: 'POST', url: '/api/v1/meal-records', payload })
const stored = async () => (await f.bureau({ method: 'GET', url: '/api/v1/meal-records?includeVoided=true&pageSize=100' })).json<{ items: MealRecord[] }>().items

// 张三 is 特困 (8 yuan) and gets 2 yuan more for delivery; 李四 is over 60 (3 yuan).
describe("a meal paid as 'free'", () => {
  it('is recorded when the subsidy covers the whole price', async () => {
    const response = await post(f.meal({ elderId: f.zhang.id, mode: 'delivery', priceFen: 1000, paymentMethod: 'free' }))
    expect(response.statusCode, response.body).toBe(201)
    expect(response.json<MealRecord>()).toMatchObject({ paymentMethod: 'free', priceFen: 1000, subsidyFen: 1000, selfPayFen: 0 })
  })

  it('is recorded when the meal costs nothing', async () => {
    const response = await post(f.meal({ slot: 'dinner', priceFen: 0, paymentMethod: 'free' }))
    expect(response.json<MealRecord>()).toMatchObject({ paymentMethod: 'free', subsidyFen: 0, selfPayFen: 0 })
  })

  it('is refused, and nothing is stored, when something is left to pay', async () => {
    const before = await stored()
    const partly = await post(f.meal({ paymentMethod: 'free' }))
    expect(partly.json()).toMatchObject({ statusCode: 409, code: 'MEAL_FREE_WITH_SELF_PAY', message: expect.stringContaining('900 fen') })
    const unsubsidised = await post(f.meal({ elderId: f.zhang.id, subsidised: false, priceFen: 1000, paymentMethod: 'free' }))
    expect(unsubsidised.json()).toMatchObject({ statusCode: 409, code: 'MEAL_FREE_WITH_SELF_PAY' })
    expect(await stored()).toEqual(before)
  })

  it('is refused alone in a batch: the other meals are recorded', async () => {
    const [ok, owed, cash] = [
      f.meal({ elderId: f.zhang.id, slot: 'dinner', mode: 'delivery', priceFen: 900, paymentMethod: 'free' }),
      f.meal({ priceFen: 1200, paymentMethod: 'free' }),
      f.meal({ priceFen: 1200, paymentMethod: 'cash' }),
    ]
    const response = await f.operator({ method: 'POST', url: '/api/v1/meal-records/batch', payload: { records: [ok, owed, cash] } })
    const results = response.json<MealBatchResult>().results
    expect(results.map((r) => [r.status, r.code ?? null])).toEqual([
      ['created', null],
      ['error', 'MEAL_FREE_WITH_SELF_PAY'],
      ['created', null],
    ])
    const ids = (await stored()).map((meal) => meal.id)
    expect(ids).toEqual(expect.arrayContaining([ok.id, cash.id]))
    expect(ids).not.toContain(owed.id)
  })
})
