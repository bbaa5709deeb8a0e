import { randomUUID } from 'node:crypto'
import { availableParallelism } from 'node:os'
import { uuidv7 } from '@eldercare/db'
import type { Facility } from '@eldercare/shared'
import postgres from 'postgres'
import { identityColumns, nameInitials } from '../../server/src/elders/elder-identity.js'
import { shanghaiToday } from '../../server/src/http/dates.js'
import { mealContentHash } from '../../server/src/meals/meal-records.service.js'
import { as, createTestApp, seedTenant, signIn } from '../../server/test/helper.js'
import { makeIdNumber } from '../../server/test/id-numbers.js'
import { httpClient, ms, rate, runLoad, type LoadResult } from './load.js'
import { startApiInstance } from './soak/cluster.js'

const CONCURRENCY = 50
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8)
/** Elders of the tenant (`BENCH_ELDERS`): the facts read must not grow with them. */
const ELDERS = Number(process.env.BENCH_ELDERS ?? 3000)
const SLOTS = ['breakfast', 'lunch', 'dinner'] as const
const BATCH_SIZE = Number(process.env.BENCH_BATCH_SIZE ?? 500)
/**
 * Connections of the API process: about two per core of the database server, PostgreSQL's own rule of
 * thumb. On a 2-core machine 4 connections gave about ×1.5 the single-POST rate of 20: queries queue in
 * the client and go out several per write, instead of 20 backends taking turns on two cores.
 */
const POOL_SIZE = Number(process.env.BENCH_POOL ?? 2 * availableParallelism())

function daysBack(today: string, days: number): string {
  const date = new Date(`${today}T00:00:00Z`)
  date.setUTCDate(date.getUTCDate() - days)
  return date.toISOString().slice(0, 10)
}

/**
 * Meal recording on PostgreSQL: single POSTs and batches through the HTTP API, each beside a raw
 * single-row INSERT loop into the same table with the same number of concurrent clients.
 */
export async function run(): Promise<void> {
  process.env.TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test'
  const test = await createTestApp()
  const stops: (() => Promise<void>)[] = []
  try {
    const { app } = test
    const tenant = await seedTenant(app, '330902')
    const admin = as(app, (await signIn(app, '330902', 'bureau_admin')).accessToken)
    const canteen = (
      await admin({
        method: 'POST',
        url: '/api/v1/facilities',
        payload: { name: '压测食堂', type: 'canteen', communityCode: '330902001001', address: '压测路', openedOn: '2020-01-01', mealSlots: [...SLOTS], mealModes: ['dine_in', 'delivery'] },
      })
    ).json<Facility>()
    await admin({ method: 'PATCH', url: `/api/v1/users/${tenant.users.canteen_operator}`, payload: { facilityIds: [canteen.id] } })
    await admin({ method: 'PUT', url: '/api/v1/meal-settings', payload: { subsidisedMealsPerSlot: 1, backDatingDays: 62, kitchenOrderCutoff: '16:00' } })
    const rule = (
      await admin({ method: 'POST', url: '/api/v1/subsidy-rules', payload: { name: '60岁以上', kind: 'age', minAge: 60, amountFen: 300, validFrom: '2020-01-01' } })
    ).json<{ id: string }>()
    const elderIds = Array.from({ length: ELDERS }, () => uuidv7())
    await app.eldersRepository.upsertMany(
      elderIds.map((id, i) => {
        // A distinct birth day per elder keeps every 身份证号 unique.
        const birth = new Date(Date.UTC(1930, 0, 1 + i)).toISOString().slice(0, 10)
        return { tenantId: tenant.tenantId, id, ...identityColumns(makeIdNumber(birth, '101'), app.pii), name: `老人${i}`, nameInitials: nameInitials(`老人${i}`), communityCode: '330902001001' }
      }),
    )
    const operatorToken = (await signIn(app, '330902', 'canteen_operator')).accessToken
    // The API runs as production runs it, in a process of its own: the load clients below share this
    // process's event loop and would otherwise be counted as the API's own work.
    const api = await startApiInstance(test.databaseUrl!, { DATABASE_POOL_SIZE: String(POOL_SIZE) })
    stops.push(() => api.stop())
    const client = httpClient(api.url, CONCURRENCY)
    const today = shanghaiToday()

    // Every meal gets its own elder, slot and day: no request is refused for the subsidy cap. One
    // sequence for all phases, so no phase meets the meals of another.
    let sequence = 0
    const nextMeal = () => {
      const n = sequence++
      return {
        id: randomUUID(),
        elderId: elderIds[n % ELDERS]!,
        facilityId: canteen.id,
        servedOn: daysBack(today, Math.floor(n / (ELDERS * SLOTS.length)) % 60),
        slot: SLOTS[Math.floor(n / ELDERS) % SLOTS.length]!,
        mode: 'dine_in' as const,
        priceFen: 1200,
        paymentMethod: 'cash' as const,
      }
    }
    /** A second of the same load first, so connections are open and the code is compiled. */
    const measure = async (operation: () => Promise<boolean>) => {
      await runLoad(CONCURRENCY, 1, operation)
      return runLoad(CONCURRENCY, SECONDS, operation)
    }

    // The baseline stores the very rows the API stores for these meals (subsidy computed, numbered
    // 1 under the cap), one INSERT each, from as many connections as the API has clients.
    const raw = postgres(test.databaseUrl!, { max: CONCURRENCY, onnotice: () => {} })
    const baseline = await measure(async () => {
      const input = nextMeal()
      await raw`insert into meal_records (tenant_id, id, elder_id, facility_id, served_on, slot, mode, price_fen, subsidy_fen, self_pay_fen,
        payment_method, subsidised, subsidy_seq, subsidy_rule_ids, content_hash, recorded_by, recorded_by_name)
        values (${tenant.tenantId}, ${input.id}, ${input.elderId}, ${input.facilityId}, ${input.servedOn}, ${input.slot}, ${input.mode}, 1200, 300, 900,
        'cash', true, 1, ${`{${rule.id}}`}, ${mealContentHash(input)}, ${tenant.users.canteen_operator}, 'canteen_operator')`
      return true
    })
    await raw.end()

    // For scale: what one request costs here before it does anything, and with its sign-in check.
    const health = await measure(async () => (await client('GET', '/api/health', operatorToken)).status === 200)
    const signedInRead = await measure(async () => (await client('GET', '/api/v1/meal-settings', operatorToken)).status === 200)

    const single = await measure(async () => (await client('POST', '/api/v1/meal-records', operatorToken, nextMeal())).status === 201)
    const batches = await measure(async () => {
      const records = Array.from({ length: BATCH_SIZE }, nextMeal)
      const response = await client('POST', '/api/v1/meal-records/batch', operatorToken, { records })
      return response.status === 200 && !response.body.includes('"status":"error"')
    })
    const batchRows = batches.perSecond * BATCH_SIZE

    const line = (label: string, result: LoadResult, rowsPerSecond: number, unit = 'rows/s') =>
      console.log(
        `${label.padEnd(44)} ${rate(rowsPerSecond).padStart(8)} ${unit.padEnd(6)}  p50 ${ms(result.p50).padStart(9)}  p99 ${ms(result.p99).padStart(9)}  errors ${result.errors}  ×${(rowsPerSecond / baseline.perSecond).toFixed(2)} raw`,
      )
    console.log(
      `meal recording on PostgreSQL, ${CONCURRENCY} concurrent clients, ${SECONDS} s each after 1 s of warm-up, one API process (pool ${POOL_SIZE}), ${availableParallelism()} cores`,
    )
    line('baseline: raw single-row INSERT loop', baseline, baseline.perSecond)
    line('for scale: GET /api/health (no sign-in, no db)', health, health.perSecond, 'req/s')
    line('for scale: GET /meal-settings (sign-in + 1 read)', signedInRead, signedInRead.perSecond, 'req/s')
    line('POST /meal-records (one meal)', single, single.perSecond)
    line(`POST /meal-records/batch (${BATCH_SIZE} meals)`, batches, batchRows)
    console.log(`batch rows/s ÷ single POST rows/s: ×${(batchRows / single.perSecond).toFixed(1)}`)
  } finally {
    for (const stop of stops) await stop()
    await test.close()
  }
}
