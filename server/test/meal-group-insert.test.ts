/**
 * Group commit of single meals: rows inserted in the same turn of the event loop share one statement,
 * each still gets its own answer, and a row the database refuses does not fail the others.
 */
import { uuidv7 } from '@eldercare/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sqlState } from '../src/http/postgres-errors.js'
import { mealGroupInsert } from '../src/meals/meal-group-insert.js'
import type { MealRecordInsert } from '../src/meals/meal-record-row.js'
import { createTestApp, type TestApp } from './helper.js'
import { mealFixture, type MealFixture } from './meal-fixture.js'

let t: TestApp
let f: MealFixture
let insert: ReturnType<typeof mealGroupInsert>

beforeAll(async () => {
  t = await createTestApp()
  f = await mealFixture(t)
  insert = mealGroupInsert((rows, exec) => t.app.mealsRepository.insertNew(rows, exec), t.app.db)
})
afterAll(() => t.close())

let day = 10
const row = (overrides: Partial<MealRecordInsert> = {}): MealRecordInsert => ({
  tenantId: f.tenant.tenantId,
  id: uuidv7(),
  elderId: f.li.id,
  facilityId: f.canteen.id,
  servedOn: `2025-01-${String(day).padStart(2, '0')}`,
  slot: 'lunch',
  mode: 'dine_in',
  priceFen: 1000,
  subsidyFen: 0,
  selfPayFen: 1000,
  paymentMethod: 'cash',
  subsidised: false,
  contentHash: 'group-test',
  recordedBy: f.tenant.users.canteen_operator!,
  recordedByName: 'canteen_operator',
  ...overrides,
})

describe(`group insert of single meals (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('stores the meals of one moment in one statement and answers each with its own row', async () => {
    day++
    const rows = [row(), row({ elderId: f.zhang.id }), row({ slot: 'dinner' })]
    const stored = await Promise.all(rows.map((r) => insert(r)))
    expect(stored.map((s) => s?.id)).toEqual(rows.map((r) => r.id))
    // One statement, one transaction: they were recorded at the same instant.
    expect(new Set(stored.map((s) => s!.recordedAt.getTime())).size).toBe(1)
    const found = await t.app.mealsRepository.findByIds(f.tenant.tenantId, rows.map((r) => r.id))
    expect(found.size).toBe(3)
  })

  it('answers the same id twice in one moment once as stored and once as skipped', async () => {
    day++
    const meal = row()
    const answers = await Promise.all([insert(meal), insert(meal)])
    expect(answers.filter((answer) => answer !== null)).toHaveLength(1)
    expect(await insert(meal)).toBeNull()
  })

  it('skips a second subsidised meal of the elder for the slot, as a single insert would', async () => {
    day++
    const subsidised = { subsidised: true, subsidySeq: 1, subsidyFen: 300, selfPayFen: 700 }
    const answers = await Promise.all([insert(row(subsidised)), insert(row(subsidised))])
    expect(answers.filter((answer) => answer !== null)).toHaveLength(1)
  })

  it('does not fail the other meals of the moment when the database refuses one', async () => {
    day++
    const good = [row(), row({ slot: 'dinner' })]
    const unknownElder = row({ elderId: uuidv7() })
    const answers = await Promise.allSettled([insert(good[0]!), insert(unknownElder), insert(good[1]!)])
    expect(answers[0]).toMatchObject({ status: 'fulfilled', value: { id: good[0]!.id } })
    expect(answers[2]).toMatchObject({ status: 'fulfilled', value: { id: good[1]!.id } })
    expect(answers[1]!.status).toBe('rejected')
    expect(sqlState((answers[1] as PromiseRejectedResult).reason)).toBe('23503')
    expect((await t.app.mealsRepository.findByIds(f.tenant.tenantId, [unknownElder.id])).size).toBe(0)
  })
})
