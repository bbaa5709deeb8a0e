import { randomUUID } from 'node:crypto'
import { uuidv7 } from '@eldercare/db'
import type { Facility, TokenPair } from '@eldercare/shared'
import postgres from 'postgres'
import { identityColumns, nameInitials } from '../../server/src/elders/elder-identity.js'
import { addDays, shanghaiToday } from '../../server/src/http/dates.js'
import { as, createTestApp, seedTenant, signIn, TEST_PASSWORD } from '../../server/test/helper.js'
import { makeIdNumber } from '../../server/test/id-numbers.js'
import { httpClient, ms, rate, runLoad } from './load.js'
import { startApiInstance, startNginx } from './soak/cluster.js'
import { fixedRate, sendWithRetries, Tally, type Client } from './soak/traffic.js'

const SECONDS = Number(process.env.SOAK_SECONDS ?? 300)
const RATE = Number(process.env.SOAK_RATE ?? 200)
const ELDERS = 2000
const CARDS = 300
const LOGIN_LIMIT = 40
const SLOTS = ['breakfast', 'lunch', 'dinner'] as const

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`)
  return index > 0 ? Number(process.argv[index + 1]) : fallback
}

async function json<T>(url: string, path: string, body: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  return { status: response.status, body: (await response.json()) as T }
}

/**
 * `pnpm bench soak [--instances N]`: mixed traffic at a fixed rate against PostgreSQL — meal POSTs
 * (some retried), card payments (some retried), dashboard reads — through API processes as production
 * runs them (behind nginx with N ≥ 2, sharing rate limits through Redis); then every acknowledged write
 * is checked to be in the database exactly once, and every card to reconcile.
 */
export async function run(): Promise<void> {
  const instances = option('instances', 1)
  process.env.TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test'
  const test = await createTestApp()
  const stops: (() => Promise<void>)[] = []
  try {
    // ---- a district to work in, written through the in-process app
    const { app } = test
    const tenant = await seedTenant(app, '330902')
    const admin = as(app, (await signIn(app, '330902', 'bureau_admin')).accessToken)
    const canteen = (
      await admin({
        method: 'POST',
        url: '/api/v1/facilities',
        payload: { name: '压测食堂', type: 'canteen', communityCode: '330902001001', address: '压测路', openedOn: '2020-01-01', mealSlots: [...SLOTS], mealModes: ['dine_in'] },
      })
    ).json<Facility>()
    await admin({ method: 'PATCH', url: `/api/v1/users/${tenant.users.canteen_operator}`, payload: { facilityIds: [canteen.id] } })
    await admin({ method: 'PUT', url: '/api/v1/meal-settings', payload: { subsidisedMealsPerSlot: 1, backDatingDays: 62, kitchenOrderCutoff: '16:00' } })
    const elderIds = Array.from({ length: ELDERS }, () => uuidv7())
    await app.eldersRepository.upsertMany(
      elderIds.map((id, i) => {
        const birth = new Date(Date.UTC(1930, 0, 1 + i)).toISOString().slice(0, 10)
        return { tenantId: tenant.tenantId, id, ...identityColumns(makeIdNumber(birth, '101'), app.pii), name: `老人${i}`, nameInitials: nameInitials(`老人${i}`), communityCode: '330902001001' }
      }),
    )
    const cardIds: string[] = []
    for (const elderId of elderIds.slice(0, CARDS)) {
      const card = (await admin({ method: 'POST', url: '/api/v1/care-cards', payload: { elderId } })).json<{ id: string }>()
      await admin({ method: 'POST', url: `/api/v1/care-cards/${card.id}/transactions`, payload: { id: uuidv7(), kind: 'top_up', amountFen: 10_000_000 } })
      cardIds.push(card.id)
    }

    // ---- the API as production runs it
    const env: Record<string, string> = { DATABASE_POOL_SIZE: '10', LOGIN_RATE_LIMIT_PER_MINUTE: String(LOGIN_LIMIT), ...(instances > 1 ? { REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' } : {}) }
    const apis = []
    for (let n = 0; n < instances; n++) {
      const api = await startApiInstance(test.databaseUrl!, env)
      stops.push(api.stop)
      apis.push(api)
    }
    const front = instances > 1 ? await startNginx(apis.map((api) => api.url)) : null
    if (front) stops.push(front.stop)
    const base = front?.url ?? apis[0]!.url

    // ---- sign-in, refresh and rate limits across instances
    let logins = 0
    const login = async (username: string) => {
      logins += 1
      const response = await json<TokenPair>(base, '/api/v1/auth/login', { tenantCode: '330902', username, password: TEST_PASSWORD })
      if (response.status !== 200) throw new Error(`sign-in as ${username}: ${response.status}`)
      return response.body
    }
    const operator = await login('canteen_operator')
    const staff = await login('bureau_staff')
    let refreshToken = operator.refreshToken
    const refreshes: number[] = []
    for (let i = 0; i < 6; i++) {
      const response = await json<TokenPair>(base, '/api/v1/auth/refresh', { refreshToken })
      refreshes.push(response.status)
      if (response.status === 200) refreshToken = response.body.refreshToken
    }
    const reused = await json(base, '/api/v1/auth/refresh', { refreshToken: operator.refreshToken })
    const attempts = LOGIN_LIMIT - logins + 5
    const limited: number[] = []
    for (let i = 0; i < attempts; i++) limited.push((await json(base, '/api/v1/auth/login', { tenantCode: '330902', username: 'nobody', password: 'wrong-password' })).status)
    const tooMany = limited.filter((status) => status === 429).length

    // ---- the soak
    const client: Client = httpClient(base, 256)
    const today = shanghaiToday()
    const meals = new Tally()
    const payments = new Tally()
    const reads = new Tally()
    const mealsAcknowledged = new Map<string, number>()
    const paymentsAcknowledged = new Map<string, { cardId: string; amountFen: number }>()
    let retriedMeals = 0
    let retriedPayments = 0
    const readPaths = ['/api/v1/dashboard', '/api/v1/indicators', '/api/v1/coverage?groupBy=town']

    console.log(`soak: ${SECONDS} s at ${RATE} requests/s against ${instances} API instance(s)${front ? ' behind nginx' : ''} on PostgreSQL…`)
    const load = await fixedRate(RATE, SECONDS, 500, async (i) => {
      const kind = i % 20
      const begin = performance.now()
      if (kind < 12) {
        const n = Math.floor(i / 20) * 12 + kind
        const meal = {
          id: randomUUID(),
          elderId: elderIds[n % ELDERS]!,
          facilityId: canteen.id,
          servedOn: addDays(today, -(Math.floor(n / (ELDERS * SLOTS.length)) % 60)),
          slot: SLOTS[Math.floor(n / ELDERS) % SLOTS.length]!,
          mode: 'dine_in',
          priceFen: 1000 + (n % 997),
          paymentMethod: 'cash',
          subsidised: false,
        }
        const answer = await sendWithRetries(client, '/api/v1/meal-records', operator.accessToken, meal)
        const ok = answer.status === 201 || answer.status === 200
        if (ok) mealsAcknowledged.set(meal.id, meal.priceFen)
        meals.record(performance.now() - begin, ok, `${answer.status} ${answer.body.slice(0, 80)}`)
        // A counter that did not see the answer sends the same meal again: it must come back as the same record.
        if (ok && n % 10 === 0) {
          retriedMeals += 1
          const again = await sendWithRetries(client, '/api/v1/meal-records', operator.accessToken, meal)
          if (again.status !== 200 || !again.body.includes(meal.id)) meals.record(0, false, `retry ${again.status}`)
        }
      } else if (kind < 17) {
        const cardId = cardIds[i % CARDS]!
        const payment = { id: randomUUID(), kind: 'service_payment', amountFen: 100 + (i % 50), facilityId: canteen.id, serviceType: '助洁' }
        const path = `/api/v1/care-cards/${cardId}/transactions`
        const answer = await sendWithRetries(client, path, staff.accessToken, payment)
        const ok = answer.status === 201 || answer.status === 200
        if (ok) paymentsAcknowledged.set(payment.id, { cardId, amountFen: payment.amountFen })
        payments.record(performance.now() - begin, ok, `${answer.status} ${answer.body.slice(0, 80)}`)
        if (ok && i % 20 === 12) {
          retriedPayments += 1
          const again = await sendWithRetries(client, path, staff.accessToken, payment)
          if (again.status !== 200) payments.record(0, false, `retry ${again.status}`)
        }
      } else {
        const answer = await client('GET', readPaths[i % readPaths.length]!, staff.accessToken).catch(() => ({ status: 0, body: '' }))
        reads.record(performance.now() - begin, answer.status === 200, String(answer.status))
      }
    })

    // ---- every acknowledged write exactly once, every card reconciled
    const sql = postgres(test.databaseUrl!, { max: 2, onnotice: () => {} })
    const mealRows = await sql<{ id: string; price_fen: number }[]>`select id, price_fen from meal_records where id = any(${[...mealsAcknowledged.keys()]}::uuid[])`
    const mealsExact = mealRows.length === mealsAcknowledged.size && mealRows.every((row) => mealsAcknowledged.get(row.id) === row.price_fen)
    const ledgerRows = await sql<{ id: string; card_id: string; amount_fen: string }[]>`select id, card_id, amount_fen from card_ledger_entries where id = any(${[...paymentsAcknowledged.keys()]}::uuid[])`
    const paymentsExact =
      ledgerRows.length === paymentsAcknowledged.size &&
      ledgerRows.every((row) => {
        const sent = paymentsAcknowledged.get(row.id)!
        return sent.cardId === row.card_id && Number(row.amount_fen) === -sent.amountFen
      })
    await sql.end()
    const reconciliation = (await admin({ method: 'GET', url: '/api/v1/care-cards/reconciliation' })).json<{ mismatches: unknown[] }>()

    // ---- report
    const seconds = SECONDS
    const line = (label: string, tally: Tally) =>
      console.log(
        `${label.padEnd(26)} ${String(tally.latencies.length).padStart(7)} requests  ${rate(tally.latencies.length / seconds).padStart(6)} /s  p50 ${ms(tally.percentile(50)).padStart(9)}  p99 ${ms(tally.percentile(99)).padStart(9)}  errors ${tally.errors}`,
      )
    console.log(`\nstarted ${load.started} requests, dropped ${load.dropped} (more than 500 waiting)`)
    line('meal POST (+ retries)', meals)
    line('card payment (+ retries)', payments)
    line('dashboard reads', reads)
    for (const [label, tally] of [
      ['meal', meals],
      ['payment', payments],
      ['read', reads],
    ] as const) {
      for (const [what, count] of tally.errorSamples) console.log(`  ${label} error ×${count}: ${what}`)
    }
    console.log(`retried after an answer: ${retriedMeals} meals, ${retriedPayments} payments (each must answer 200 with the same record)`)
    console.log(`acknowledged meals in the database exactly once: ${mealsExact ? 'yes' : 'NO'} (${mealRows.length}/${mealsAcknowledged.size})`)
    console.log(`acknowledged payments in the ledger exactly once: ${paymentsExact ? 'yes' : 'NO'} (${ledgerRows.length}/${paymentsAcknowledged.size})`)
    console.log(`card reconciliation: ${reconciliation.mismatches.length} mismatching purses`)
    console.log(`sign-in/refresh across instances: refresh ×6 → ${refreshes.join(',')}; reused refresh token → ${reused.status}`)
    console.log(`sign-in rate limit (${LOGIN_LIMIT}/min per client): ${attempts} more attempts → ${tooMany} answered 429 (expected 5: ${tooMany === 5 ? 'yes' : 'NO'})`)

    if (instances > 1) {
      // Saturation: the most meal POSTs per second through nginx to one instance, then to all of them.
      const single = await startNginx([apis[0]!.url])
      stops.push(single.stop)
      const saturate = async (url: string) => {
        const target = httpClient(url, 50)
        let n = 10_000_000
        return runLoad(50, 20, async () => {
          n += 1
          const meal = { id: randomUUID(), elderId: elderIds[n % ELDERS]!, facilityId: canteen.id, servedOn: addDays(today, -((Math.floor(n / ELDERS) % 60) + 1)), slot: 'lunch', mode: 'dine_in', priceFen: 1200, paymentMethod: 'cash', subsidised: false }
          return (await target('POST', '/api/v1/meal-records', operator.accessToken, meal)).status === 201
        })
      }
      const one = await saturate(single.url)
      const all = await saturate(front!.url)
      console.log(`\nsaturation, 50 clients, 20 s, meal POSTs through nginx:`)
      console.log(`  1 instance:  ${rate(one.perSecond)} /s  p99 ${ms(one.p99)}  errors ${one.errors}`)
      console.log(`  ${instances} instances: ${rate(all.perSecond)} /s  p99 ${ms(all.p99)}  errors ${all.errors}  ×${(all.perSecond / one.perSecond).toFixed(2)} one instance`)
    }
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined)
    await test.close()
  }
}
