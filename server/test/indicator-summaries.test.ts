/**
 * The summary tables behind the dashboard (meal_daily_totals, card_users) are kept by triggers; under
 * concurrent meal POSTs, batches, voids and card payments they must equal a count over the raw rows.
 * Truly concurrent on PostgreSQL (TEST_DATABASE_URL); on PGlite statements run one at a time.
 */
import { schema, uuidv7 } from '@eldercare/db'
import { sql } from 'drizzle-orm'
import type { Dashboard, MealRecord } from '@eldercare/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays } from '../src/http/dates.js'
import { createTestApp, type TestApp } from './helper.js'
import { mealFixture, type MealFixture } from './meal-fixture.js'

let t: TestApp
let f: MealFixture

beforeAll(async () => {
  t = await createTestApp()
  f = await mealFixture(t)
})
afterAll(() => t.close())

const sortRows = <T extends { day: string; slot: string; mode: string }>(rows: T[]) => [...rows].sort((a, b) => `${a.day}${a.slot}${a.mode}`.localeCompare(`${b.day}${b.slot}${b.mode}`))

describe(`summary tables under concurrent writes (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('meal totals equal the raw records after parallel POSTs, batches, retries and voids', async () => {
    const days = [f.today, addDays(f.today, -1), addDays(f.today, -2)]
    const meal = (i: number) =>
      f.meal({
        elderId: i % 2 ? f.zhang.id : f.li.id,
        servedOn: days[i % 3]!,
        slot: i % 4 < 2 ? 'lunch' : 'dinner',
        mode: i % 5 === 0 ? 'delivery' : 'dine_in',
        subsidised: false,
        priceFen: 1000 + i,
      })
    const singles = Array.from({ length: 60 }, (_, i) => meal(i))
    const batches = [0, 1, 2].map((b) => Array.from({ length: 40 }, (_, i) => meal(100 + b * 40 + i)))
    // Every single POST twice (a retry), every batch shares its first ten records with the next one.
    const shared = batches.map((batch, b) => [...batch, ...(batches[(b + 1) % 3] ?? []).slice(0, 10)])
    // Compactions run meanwhile, as the API's timer does.
    const compactions = Promise.all(Array.from({ length: 5 }, () => t.app.indicatorsRepository.compactMealTotals()))
    await Promise.all([
      ...[...singles, ...singles].map((payload) => f.operator({ method: 'POST', url: '/api/v1/meal-records', payload })),
      ...shared.map((records) => f.operator({ method: 'POST', url: '/api/v1/meal-records/batch', payload: { records } })),
      compactions,
    ])
    // Void every third meal in parallel, each twice (the second is refused, changing nothing).
    const voided = [...singles, ...batches.flat()].filter((_, i) => i % 3 === 0)
    const voids = await Promise.all(
      [...voided, ...voided].map((record) => f.operator({ method: 'POST', url: `/api/v1/meal-records/${record.id}/void`, payload: { reason: '录错了' } })),
    )
    expect(voids.filter((response) => response.statusCode === 200)).toHaveLength(voided.length)

    const place = { tenantId: f.tenant.tenantId, townCode: null }
    const raw = await t.app.indicatorsRepository.mealTotalsFromRecords(place, days[2]!, days[0]!)
    expect(raw.reduce((total, row) => total + row.meals, 0)).toBe(180 - voided.length)
    // Exact before, during and after folding the deltas into the totals.
    const [during] = await Promise.all([
      t.app.indicatorsRepository.mealTotals(place, days[2]!, days[0]!),
      t.app.indicatorsRepository.compactMealTotals(),
      t.app.indicatorsRepository.mealTotals(place, days[2]!, days[0]!),
    ])
    expect(sortRows(during)).toEqual(sortRows(raw))
    await t.app.indicatorsRepository.compactMealTotals()
    expect(sortRows(await t.app.indicatorsRepository.mealTotals(place, days[2]!, days[0]!))).toEqual(sortRows(raw))
    const [{ deltas }] = (await t.app.db.select({ deltas: sql<number>`count(*)::int` }).from(schema.mealDailyDeltas)) as [{ deltas: number }]
    expect(deltas).toBe(0)

    const dashboard = (await f.bureau({ method: 'GET', url: `/api/v1/dashboard?asOf=${f.today}` })).json<Dashboard>()
    const today = dashboard.mealsPerDay.at(-1)!
    expect(today.lunch + today.dinner).toBe(raw.filter((row) => row.day === f.today).reduce((total, row) => total + row.meals, 0))
    // District-wide only the stale facilities are listed; for a town all of its active ones.
    expect(dashboard.mealFacilities.find((row) => row.id === f.canteen.id)).toBeUndefined()
    expect(dashboard.activeMealFacilities).toBe(2)
    const town = (await f.bureau({ method: 'GET', url: `/api/v1/dashboard?asOf=${f.today}&townCode=330902001` })).json<Dashboard>()
    expect(town.mealFacilities.find((row) => row.id === f.canteen.id)).toMatchObject({ lastMealOn: f.today, stale: false })
    expect(town.mealFacilities.find((row) => row.id === f.otherCanteen.id)).toMatchObject({ lastMealOn: null, stale: true })
  })

  it('a statement appends one delta per facility, day, slot and mode; an update of an uncounted column appends none', async () => {
    const { mealDailyDeltas, mealRecords } = schema
    const day = addDays(f.today, -4)
    const rows = Array.from({ length: 10 }, (_, i) => ({
      tenantId: f.tenant.tenantId,
      id: uuidv7(),
      elderId: i % 2 ? f.zhang.id : f.li.id,
      facilityId: f.canteen.id,
      servedOn: day,
      slot: i < 6 ? ('lunch' as const) : ('dinner' as const),
      mode: i < 6 ? ('dine_in' as const) : ('delivery' as const),
      priceFen: 1000,
      subsidyFen: 0,
      selfPayFen: 1000,
      paymentMethod: 'cash' as const,
      subsidised: false,
      contentHash: 'summary-test',
      recordedBy: f.tenant.users.canteen_operator!,
      recordedByName: 'summary-test',
    }))
    // Inside a transaction that is rolled back: the compaction timer cannot fold these deltas away
    // while they are counted, and the meals do not stay for the other tests.
    const deltasOfDay = (tx: Parameters<Parameters<typeof t.app.db.transaction>[0]>[0]) =>
      tx
        .select({ slot: mealDailyDeltas.slot, meals: mealDailyDeltas.meals, selfPayFen: mealDailyDeltas.selfPayFen })
        .from(mealDailyDeltas)
        .where(sql`${mealDailyDeltas.tenantId} = ${f.tenant.tenantId} and ${mealDailyDeltas.servedOn} = ${day}`)
        .orderBy(mealDailyDeltas.slot, mealDailyDeltas.meals)
    const rollback = new Error('rollback')
    await expect(
      t.app.db.transaction(async (tx) => {
        expect(await deltasOfDay(tx)).toEqual([])
        expect((await t.app.mealsRepository.insertNew(rows, tx)).size).toBe(10)
        expect(await deltasOfDay(tx)).toEqual([
          { slot: 'dinner', meals: 4, selfPayFen: 4000 },
          { slot: 'lunch', meals: 6, selfPayFen: 6000 },
        ])
        await tx.update(mealRecords).set({ recordedByName: 'renamed' }).where(sql`${mealRecords.contentHash} = 'summary-test'`)
        expect(await deltasOfDay(tx)).toHaveLength(2)
        const lunchIds = rows.slice(0, 3).map((row) => row.id)
        await tx
          .update(mealRecords)
          .set({ voidedAt: new Date(), voidReason: '测试', voidedBy: f.tenant.users.canteen_operator! })
          .where(sql`${mealRecords.id} in ${lunchIds}`)
        expect(await deltasOfDay(tx)).toEqual([
          { slot: 'dinner', meals: 4, selfPayFen: 4000 },
          { slot: 'lunch', meals: -3, selfPayFen: -3000 },
          { slot: 'lunch', meals: 6, selfPayFen: 6000 },
        ])
        throw rollback
      }),
    ).rejects.toBe(rollback)
  })

  it('a voided meal leaves the facility’s last meal day where the remaining meals put it', async () => {
    const lonely = f.meal({ facilityId: f.otherCanteen.id, servedOn: f.today, slot: 'dinner', subsidised: false })
    const created = await f.bureau({ method: 'POST', url: '/api/v1/meal-records', payload: lonely })
    expect(created.json<MealRecord>().id).toBe(lonely.id)
    const before = await t.app.indicatorsRepository.lastMealDays({ tenantId: f.tenant.tenantId, townCode: null }, [f.otherCanteen.id], f.today, addDays(f.today, -6))
    expect(before.get(f.otherCanteen.id)).toBe(f.today)
    await f.bureau({ method: 'POST', url: `/api/v1/meal-records/${lonely.id}/void`, payload: { reason: '录错了' } })
    const after = await t.app.indicatorsRepository.lastMealDays({ tenantId: f.tenant.tenantId, townCode: null }, [f.otherCanteen.id], f.today, addDays(f.today, -6))
    // It was the facility's only meal: no meal day remains.
    expect(after.get(f.otherCanteen.id)).toBeNull()
  })

  it('counts a meal a counter recorded offline from the day it reached the server', async () => {
    // Recorded on the tablet at lunch three days ago, synced now: unknown to the district until today.
    const served = addDays(f.today, -3)
    const record = { ...f.meal({ servedOn: served, elderId: f.zhang.id }), deviceSeq: 1, recordedBy: f.tenant.users.canteen_operator!, recordedAt: new Date(`${served}T11:30:00+08:00`).toISOString() }
    const body = { deviceId: uuidv7(), facilityId: f.canteen.id, outboxSize: 1, oldestUnsyncedAt: record.recordedAt, snapshotVersion: null, records: [record] }
    const synced = await f.operator({ method: 'POST', url: '/api/v1/meal-records/sync', payload: body })
    expect(synced.statusCode, synced.body).toBe(200)
    const lunchOn = async (asOf: string) => (await f.bureau({ method: 'GET', url: `/api/v1/dashboard?asOf=${asOf}` })).json<Dashboard>().mealsPerDay.find((row) => row.day === served)!.lunch
    expect([await lunchOn(served), await lunchOn(addDays(f.today, -1)), await lunchOn(f.today)]).toEqual([0, 0, 1])
    const place = { tenantId: f.tenant.tenantId, townCode: null }
    for (const day of [served, addDays(f.today, -1), f.today]) {
      expect(sortRows(await t.app.indicatorsRepository.mealTotals(place, served, day))).toEqual(sortRows(await t.app.indicatorsRepository.mealTotalsFromRecords(place, served, day)))
    }
  })

  it('card users equal the ledger after parallel payments by many cards', async () => {
    const { careCards, cardLedgerEntries } = schema
    const cards = [f.zhang.id, f.li.id].map((elderId, index) => ({ tenantId: f.tenant.tenantId, id: uuidv7(), cardNo: `S${index}`, elderId, issuedOn: '2024-01-01', issuedBy: f.tenant.users.bureau_admin! }))
    await t.app.db.insert(careCards).values(cards)
    const payments = Array.from({ length: 40 }, (_, i) => ({
      tenantId: f.tenant.tenantId,
      id: uuidv7(),
      cardId: cards[i % 2]!.id,
      purse: 'meal',
      kind: 'meal_payment' as const,
      amountFen: -100,
      balanceAfterFen: 0,
      contentHash: 'x',
      createdBy: f.tenant.users.bureau_admin!,
      createdAt: new Date(Date.UTC(2026, i % 12, 1 + (i % 27), 3)),
    }))
    await Promise.all(payments.map((payment) => t.app.db.insert(cardLedgerEntries).values(payment)))
    const place = { tenantId: f.tenant.tenantId, townCode: null }
    for (const day of ['2026-01-01', '2026-01-02', '2026-06-30', '2026-12-31']) {
      expect([day, await t.app.indicatorsRepository.cardUsers(place, day)]).toEqual([day, await t.app.indicatorsRepository.cardUsersFromLedger(place, day)])
    }
    expect(await t.app.indicatorsRepository.cardUsers(place, '2026-12-31')).toBe(2)
  })
})
