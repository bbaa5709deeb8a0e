/**
 * Races that only a real PostgreSQL can show (TEST_DATABASE_URL); on PGlite, which runs one statement at
 * a time, the same assertions hold trivially.
 */
import type { MealBatchResult } from '@eldercare/shared'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from './helper.js'
import { mealFixture, type MealFixture } from './meal-fixture.js'

let t: TestApp
let f: MealFixture

beforeAll(async () => {
  t = await createTestApp()
  f = await mealFixture(t)
})
afterAll(() => t.close())

async function countMeals(where: ReturnType<typeof sql>): Promise<number> {
  const result = await t.app.db.execute<{ n: number }>(sql`select count(*)::int as n from meal_records where ${where}`)
  const rows = Array.isArray(result) ? result : (result as unknown as { rows: { n: number }[] }).rows
  return Number(rows[0]!.n)
}

describe(`under concurrency (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('20 parallel retries of the same meal id create exactly one record', async () => {
    const meal = f.meal({ elderId: f.zhang.id })
    const responses = await Promise.all(Array.from({ length: 20 }, () => f.operator({ method: 'POST', url: '/api/v1/meal-records', payload: meal })))
    const statuses = responses.map((response) => response.statusCode).sort()
    expect(statuses.filter((status) => status === 201)).toHaveLength(1)
    expect(statuses.filter((status) => status === 200)).toHaveLength(19)
    expect(new Set(responses.map((response) => response.json().id))).toEqual(new Set([meal.id]))
    expect(await countMeals(sql`id = ${meal.id}`)).toBe(1)
  })

  it('two parallel batches sharing records do not double them', async () => {
    const shared = Array.from({ length: 30 }, (_, i) => f.meal({ elderId: i % 2 ? f.zhang.id : f.li.id, servedOn: f.today, slot: 'dinner', subsidised: false, priceFen: 1000 + i }))
    const own = (n: number) => Array.from({ length: 10 }, (_, i) => f.meal({ elderId: f.li.id, slot: 'dinner', subsidised: false, priceFen: n * 100 + i }))
    const [a, b] = await Promise.all(
      [own(1), own(2)].map((extra) =>
        f.bureau({ method: 'POST', url: '/api/v1/meal-records/batch', payload: { records: [...shared, ...extra] } }),
      ),
    )
    const results = [...a!.json<MealBatchResult>().results, ...b!.json<MealBatchResult>().results]
    expect(results.filter((r) => r.status === 'error')).toEqual([])
    expect(results.filter((r) => r.status === 'created')).toHaveLength(50)
    expect(results.filter((r) => r.status === 'duplicate')).toHaveLength(30)
    expect(await countMeals(sql`id in ${shared.map((meal) => meal.id)}`)).toBe(30)
  })

  it('two parallel subsidised meals for one elder and slot at two facilities: exactly one is subsidised', async () => {
    const servedOn = f.today
    const [first, second] = await Promise.all(
      [f.canteen.id, f.otherCanteen.id].map((facilityId) =>
        f.bureau({ method: 'POST', url: '/api/v1/meal-records', payload: f.meal({ elderId: f.li.id, facilityId, servedOn, slot: 'lunch' }) }),
      ),
    )
    const statuses = [first!.statusCode, second!.statusCode].sort()
    expect(statuses).toEqual([201, 409])
    expect([first!, second!].find((r) => r.statusCode === 409)!.json()).toMatchObject({ code: 'MEAL_ALREADY_SUBSIDISED' })
    expect(await countMeals(sql`elder_id = ${f.li.id} and served_on = ${servedOn} and slot = 'lunch' and subsidised and voided_at is null`)).toBe(1)
  })
})
