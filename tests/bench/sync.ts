import { randomUUID } from 'node:crypto'
import { availableParallelism } from 'node:os'
import { uuidv7 } from '@eldercare/db'
import type { Facility, MealSyncRecord, MealSyncResult } from '@eldercare/shared'
import { identityColumns, nameInitials } from '../../server/src/elders/elder-identity.js'
import { addDays, shanghaiToday } from '../../server/src/http/dates.js'
import { as, createTestApp, seedTenant, signIn } from '../../server/test/helper.js'
import { makeIdNumber } from '../../server/test/id-numbers.js'
import { httpClient, ms } from './load.js'
import { startApiInstance } from './soak/cluster.js'

const TABLETS = Number(process.env.BENCH_TABLETS ?? 20)
/** A day of one canteen tablet: lunch and dinner for 150 elders. */
const MEALS_PER_TABLET = Number(process.env.BENCH_MEALS_PER_TABLET ?? 300)
/** What the web counter sends per request (SYNC_BATCH_SIZE in web/src/views/meals/use-meal-queue.ts). */
const BATCH_SIZE = Number(process.env.BENCH_BATCH_SIZE ?? 100)
const POOL_SIZE = Number(process.env.BENCH_POOL ?? 2 * availableParallelism())
const SLOTS = ['lunch', 'dinner'] as const

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0
}

/**
 * The morning after a typhoon: every tablet of the district comes back online at once with a day's
 * outbox. Each drains it through `POST /meal-records/sync` in batches, in order; beside it, the same
 * meals sent one POST each, as the counter did before it had an outbox, in the same run.
 */
export async function run(): Promise<void> {
  process.env.TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test'
  const test = await createTestApp()
  const stops: (() => Promise<void>)[] = []
  try {
    const { app } = test
    const tenant = await seedTenant(app, '330902')
    const admin = as(app, (await signIn(app, '330902', 'bureau_admin')).accessToken)
    const canteens: Facility[] = []
    for (let i = 0; i < TABLETS; i++) {
      const response = await admin({
        method: 'POST',
        url: '/api/v1/facilities',
        payload: { name: `海岛食堂${i + 1}`, type: 'canteen', communityCode: '330902001001', address: '压测路', openedOn: '2020-01-01', mealSlots: [...SLOTS], mealModes: ['dine_in'] },
      })
      canteens.push(response.json<Facility>())
    }
    await admin({ method: 'PATCH', url: `/api/v1/users/${tenant.users.canteen_operator}`, payload: { facilityIds: canteens.map((canteen) => canteen.id) } })
    await admin({ method: 'PUT', url: '/api/v1/meal-settings', payload: { subsidisedMealsPerSlot: 1, backDatingDays: 62, kitchenOrderCutoff: '16:00' } })
    await admin({ method: 'POST', url: '/api/v1/subsidy-rules', payload: { name: '60岁以上', kind: 'age', minAge: 60, amountFen: 300, validFrom: '2020-01-01' } })
    const eldersPerTablet = MEALS_PER_TABLET / SLOTS.length
    const elderIds = Array.from({ length: TABLETS * eldersPerTablet }, () => uuidv7())
    await app.eldersRepository.upsertMany(
      elderIds.map((id, i) => {
        const birth = new Date(Date.UTC(1930, 0, 1 + i)).toISOString().slice(0, 10)
        return { tenantId: tenant.tenantId, id, ...identityColumns(makeIdNumber(birth, '101'), app.pii), name: `老人${i}`, nameInitials: nameInitials(`老人${i}`), communityCode: '330902001001' }
      }),
    )
    const token = (await signIn(app, '330902', 'canteen_operator')).accessToken
    const api = await startApiInstance(test.databaseUrl!, { DATABASE_POOL_SIZE: String(POOL_SIZE) })
    stops.push(() => api.stop())
    const client = httpClient(api.url, TABLETS)
    const today = shanghaiToday()
    const recordedAt = new Date().toISOString()

    /** Tablet `t`'s day: its own elders, lunch and dinner, numbered in the order recorded. */
    const outbox = (t: number, servedOn: string): MealSyncRecord[] =>
      Array.from({ length: MEALS_PER_TABLET }, (_, n) => ({
        id: randomUUID(),
        elderId: elderIds[t * eldersPerTablet + (n % eldersPerTablet)]!,
        facilityId: canteens[t]!.id,
        servedOn,
        slot: SLOTS[Math.floor(n / eldersPerTablet)]!,
        mode: 'dine_in' as const,
        priceFen: 1200,
        paymentMethod: 'cash' as const,
        deviceSeq: n + 1,
        recordedBy: tenant.users.canteen_operator,
        recordedAt,
      }))

    // Warm-up: one small sync, so connections are open and the code is compiled.
    await client('POST', '/api/v1/meal-records/sync', token, {
      deviceId: randomUUID(), facilityId: canteens[0]!.id, outboxSize: 1, oldestUnsyncedAt: null, snapshotVersion: null,
      records: [{ ...outbox(0, addDays(today, -2))[0]!, deviceSeq: 1 }],
    })

    const syncLatencies: number[] = []
    let syncErrors = 0
    const syncStart = performance.now()
    await Promise.all(
      Array.from({ length: TABLETS }, async (_, t) => {
        const deviceId = randomUUID()
        const meals = outbox(t, today)
        for (let from = 0; from < meals.length; from += BATCH_SIZE) {
          const records = meals.slice(from, from + BATCH_SIZE)
          const started = performance.now()
          const response = await client('POST', '/api/v1/meal-records/sync', token, {
            deviceId, facilityId: canteens[t]!.id, outboxSize: meals.length - from, oldestUnsyncedAt: recordedAt, snapshotVersion: null, records,
          })
          syncLatencies.push(performance.now() - started)
          const results = response.status === 200 ? JSON.parse(response.body) as MealSyncResult : null
          if (!results || results.results.some((result) => result.status !== 'created')) syncErrors += 1
        }
      }),
    )
    const syncTotal = performance.now() - syncStart

    // The same meals (yesterday's, so none meets the first phase's subsidised slots), one POST each.
    const singleLatencies: number[] = []
    let singleErrors = 0
    const singleStart = performance.now()
    await Promise.all(
      Array.from({ length: TABLETS }, async (_, t) => {
        for (const { deviceSeq: _seq, recordedBy: _by, recordedAt: _at, ...meal } of outbox(t, addDays(today, -1))) {
          const started = performance.now()
          const response = await client('POST', '/api/v1/meal-records', token, meal)
          singleLatencies.push(performance.now() - started)
          if (response.status !== 201) singleErrors += 1
        }
      }),
    )
    const singleTotal = performance.now() - singleStart

    const meals = TABLETS * MEALS_PER_TABLET
    console.log(`${TABLETS} tablets each draining ${MEALS_PER_TABLET} meals at once, PostgreSQL, one API process (pool ${POOL_SIZE}), ${availableParallelism()} cores`)
    console.log(
      `sync in batches of ${BATCH_SIZE}:`.padEnd(28) +
        `all drained in ${ms(syncTotal).padStart(10)}  ${Math.round(meals / (syncTotal / 1000))} meals/s  p50 ${ms(percentile(syncLatencies, 50))} p99 ${ms(percentile(syncLatencies, 99))} per batch  failed batches ${syncErrors}`,
    )
    console.log(
      'single POSTs:'.padEnd(28) +
        `all sent in    ${ms(singleTotal).padStart(10)}  ${Math.round(meals / (singleTotal / 1000))} meals/s  p50 ${ms(percentile(singleLatencies, 50))} p99 ${ms(percentile(singleLatencies, 99))} per meal   failed ${singleErrors}`,
    )
    console.log(`drain time, single POSTs ÷ sync: ×${(singleTotal / syncTotal).toFixed(1)}`)
  } finally {
    for (const stop of stops) await stop()
    await test.close()
  }
}
