/**
 * The database goes away for ten seconds during a stream of meal POSTs: requests in the outage fail
 * with 503 DATABASE_UNAVAILABLE, the API recovers by itself, retried requests land exactly once and
 * nothing acknowledged is lost. Runs on a PostgreSQL instance the test starts itself (needs the
 * PostgreSQL server programs, as on CI).
 */
import { createDb } from '@eldercare/db'
import type { MealRecordCreate } from '@eldercare/shared'
import { setTimeout as sleep } from 'node:timers/promises'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../server/src/app.js'
import { loadConfig } from '../../server/src/config.js'
import { TEST_SECRETS, type TestApp } from '../../server/test/helper.js'
import { mealFixture, type MealFixture } from '../../server/test/meal-fixture.js'
import { postgresBinaries, startOwnPostgres } from './own-postgres.js'

const bin = postgresBinaries()
if (!bin) console.warn('database outage: no PostgreSQL server programs here (Debian: apt-get install postgresql), not tested (CI has them)')

let pg: Awaited<ReturnType<typeof startOwnPostgres>>
let t: TestApp
let f: MealFixture

beforeAll(async () => {
  if (!bin) return
  pg = await startOwnPostgres(bin)
  const handle = await createDb(pg.url, { poolSize: 10 })
  await handle.migrate()
  const config = loadConfig({ APP_MODE: 'test', LOGIN_RATE_LIMIT_PER_MINUTE: '100000', DATABASE_URL: pg.url, LOG_LEVEL: process.env.FAULT_LOG ?? 'silent' })
  const app = await buildApp({ config, secrets: TEST_SECRETS, database: handle })
  t = { app, database: handle, databaseUrl: pg.url, config, close: () => app.close() }
  f = await mealFixture(t)
})
afterAll(async () => {
  await t?.close()
  await pg?.remove()
})

/** `at`: when the request was sent, in ms from the start of the stream. */
type Outcome = { at: number; status: number; code?: string; retryAfter?: string }

describe.runIf(bin)('a database outage during a stream of meal POSTs', () => {
  it('answers 503 with a clear code, recovers by itself, and loses or doubles nothing', async () => {
    const sent = new Map<string, MealRecordCreate>()
    const acknowledged = new Set<string>()
    const refused = new Set<string>()
    const outcomes: Outcome[] = []
    const started = Date.now()
    let stopping = false

    const post = (meal: MealRecordCreate) => f.operator({ method: 'POST', url: '/api/v1/meal-records', payload: meal })
    async function client(n: number) {
      for (let i = 0; !stopping; i += 1) {
        const meal = f.meal({ elderId: i % 2 ? f.zhang.id : f.li.id, subsidised: false, priceFen: 1000 + n * 10_000 + i, slot: n % 2 ? 'lunch' : 'dinner' })
        sent.set(meal.id, meal)
        const at = Date.now() - started
        const response = await post(meal)
        const body = response.statusCode >= 400 ? response.json<{ code: string }>() : null
        outcomes.push({ at, status: response.statusCode, code: body?.code, retryAfter: response.headers['retry-after'] as string | undefined })
        if (response.statusCode === 201) acknowledged.add(meal.id)
        else refused.add(meal.id)
        await sleep(20)
      }
    }

    const clients = [0, 1, 2, 3].map(client)
    await sleep(3_000)
    const outageFrom = Date.now() - started
    await pg.stop()
    const health = await t.app.inject({ method: 'GET', url: '/api/health' })
    await sleep(10_000)
    await pg.start()
    const outageTo = Date.now() - started
    await sleep(10_000)
    stopping = true
    await Promise.all(clients)

    // In the outage: 503 with its code and a hint when to retry; never a 500.
    expect(health.statusCode).toBe(503)
    expect(outcomes.filter((o) => o.status !== 201 && o.status !== 503)).toEqual([])
    const unavailable = outcomes.filter((o) => o.status === 503)
    expect(unavailable.length).toBeGreaterThanOrEqual(4)
    expect(new Set(unavailable.map((o) => o.code))).toEqual(new Set(['DATABASE_UNAVAILABLE']))
    expect(unavailable.every((o) => o.retryAfter === '5')).toBe(true)
    expect(outcomes.some((o) => o.status === 201 && o.at < outageFrom)).toBe(true)
    // Recovered without a restart of the API: every request sent once the connection attempts begun in the
    // outage have given up (the pool's 5-s connect timeout) is acknowledged.
    const after = outcomes.filter((o) => o.at > outageTo + 6_000)
    expect(after.length).toBeGreaterThan(10)
    expect(after.filter((o) => o.status !== 201)).toEqual([])

    // Retrying every refused request: each lands once (201), or was in fact stored before the connection broke (200).
    for (const id of refused) {
      const retry = await post(sent.get(id)!)
      expect([200, 201]).toContain(retry.statusCode)
      expect(retry.json().id).toBe(id)
    }
    const ids = [...sent.keys()]
    const check = postgres(pg.url, { max: 1, onnotice: () => {} })
    const rows = await check<{ id: string; price_fen: number }[]>`select id, price_fen from meal_records where id = any(${ids}::uuid[])`
    await check.end()
    expect(rows).toHaveLength(sent.size)
    for (const row of rows) expect(row.price_fen).toBe(sent.get(row.id)!.priceFen)
    for (const id of acknowledged) expect(rows.some((row) => row.id === id)).toBe(true)
  }, 120_000)
})
