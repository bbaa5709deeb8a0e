import { availableParallelism, loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { createDb, driverFor } from '@eldercare/db'
import postgres from 'postgres'
import { buildApp } from '../../server/src/app.js'
import { loadConfig } from '../../server/src/config.js'
import { shanghaiToday } from '../../server/src/http/dates.js'
import { TEST_SECRETS, signIn } from '../../server/test/helper.js'
import { LOAD_TENANT_CODE, generateLoad, loadStatus } from './load-generator/load-generator.js'
import { httpClient, ms } from './load.js'

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/bench_indicators'
const WARM_UPS = Number(process.env.BENCH_WARM_UPS ?? 5)
const RUNS = Number(process.env.BENCH_RUNS ?? 50)
const GOAL_MS = 200

interface Series {
  p50: number
  p95: number
}

/** Nearest-rank percentile of sorted latencies. */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

/** `WARM_UPS` untimed calls, then `RUNS` timed ones, one after another. */
async function measure(call: () => Promise<unknown>): Promise<Series> {
  for (let i = 0; i < WARM_UPS; i++) await call()
  const latencies: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now()
    await call()
    latencies.push(performance.now() - started)
  }
  latencies.sort((a, b) => a - b)
  return { p50: percentile(latencies, 50), p95: percentile(latencies, 95) }
}

/**
 * The bureau's read endpoints on a province-sized year in PostgreSQL (made by `pnpm db:generate-load`):
 * p50/p95 of sequential requests to the indicators, coverage and dashboard, each beside a plain
 * `count(*)` over the meal records measured in the same run. Goal: p95 ≤ 200 ms, well under the count.
 */
export async function run(): Promise<void> {
  const { values } = parseArgs({ args: process.argv.slice(3), options: { scale: { type: 'string' }, year: { type: 'string' } }, allowPositionals: true })
  const url = process.env.DATABASE_URL ?? DEFAULT_URL
  if (driverFor(url) !== 'postgres') throw new Error('pnpm bench indicators runs on PostgreSQL: DATABASE_URL must be postgres://…')
  let status = await loadStatus(url)
  if (!status || status.meals === 0) {
    if (values.scale === undefined) {
      console.error(`no generated year in ${url}. Generate one first:`)
      console.error(`  DATABASE_URL=${url} pnpm db:generate-load            (10 million meals; --scale 0.05 for 500,000)`)
      console.error('or let the benchmark generate it: pnpm bench indicators --scale 0.05')
      process.exitCode = 1
      return
    }
    status = await generateLoad(url, { scale: Number(values.scale), year: Number(values.year ?? new Date().getUTCFullYear() - 1), fresh: false })
  }
  // Late in the generated year, when most of it counts; never after today, which the API refuses.
  const lateInYear = `${status.lastDay!.slice(0, 4)}-11-28`
  const asOf = process.env.BENCH_AS_OF ?? (lateInYear < shanghaiToday() ? lateInYear : shanghaiToday())

  const config = loadConfig({ APP_MODE: 'test', DATABASE_URL: url, LOGIN_RATE_LIMIT_PER_MINUTE: '100000' })
  const database = await createDb(url, { poolSize: config.databasePoolSize })
  const raw = postgres(url, { max: 1, onnotice: () => {} })
  const app = await buildApp({ config, secrets: TEST_SECRETS, database })
  try {
    const [sizes] = await raw<{ elders: string; communities: string; towns: string; facilities: string; institutions: string; ledger: string }[]>`
      select (select count(*) from elders) as elders,
        (select count(*) from regions where level = 'community') as communities, (select count(*) from regions where level = 'town') as towns,
        (select count(*) from facilities) as facilities, (select count(*) from facilities where type = 'institution') as institutions,
        (select count(*) from card_ledger_entries) as ledger`
    const [town] = await raw<{ code: string }[]>`select code from regions where tenant_id = ${status.tenantId} and level = 'town' order by code limit 1`
    const client = httpClient(await app.listen({ host: '127.0.0.1', port: 0 }), 1)

    let meals = 0
    const baseline = await measure(async () => {
      const [row] = await raw<{ count: string }[]>`select count(*) from meal_records`
      meals = Number(row!.count)
    })
    const cases = [
      `/api/v1/indicators?asOf=${asOf}`,
      `/api/v1/indicators?asOf=${asOf}&townCode=${town!.code}`,
      `/api/v1/coverage?asOf=${asOf}&groupBy=town`,
      `/api/v1/dashboard?asOf=${asOf}`,
      `/api/v1/dashboard?asOf=${asOf}&townCode=${town!.code}`,
    ]
    const results: { path: string; series: Series; bytes: number }[] = []
    for (const path of cases) {
      // A fresh token per endpoint: slow endpoints must not outlive the 15-minute access token.
      const token = (await signIn(app, LOAD_TENANT_CODE, 'bureau_admin')).accessToken
      let bytes = 0
      const series = await measure(async () => {
        const response = await client('GET', path, token)
        if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${response.body.slice(0, 500)}`)
        bytes = response.body.length
      })
      results.push({ path, series, bytes })
    }

    const count = (value: string | number) => Number(value).toLocaleString('en-US')
    console.log(
      `indicator endpoints on PostgreSQL: ${count(meals)} meal records, ${count(sizes!.elders)} elders, ${count(sizes!.towns)} towns, ${count(sizes!.communities)} communities, ` +
        `${count(sizes!.facilities)} facilities (${count(sizes!.institutions)} institutions), ${count(sizes!.ledger)} card movements`,
    )
    console.log(
      `asOf ${asOf}; ${WARM_UPS} warm-ups + ${RUNS} sequential requests each, one API process (pool ${config.databasePoolSize}); ` +
        `${availableParallelism()} CPUs, load average ${loadavg()[0]!.toFixed(1)}`,
    )
    console.log(`${'baseline: select count(*) from meal_records'.padEnd(62)} p50 ${ms(baseline.p50).padStart(10)}  p95 ${ms(baseline.p95).padStart(10)}`)
    for (const { path, series, bytes } of results) {
      console.log(
        `${`GET ${path.replace('/api/v1', '')}`.padEnd(62)} p50 ${ms(series.p50).padStart(10)}  p95 ${ms(series.p95).padStart(10)}  ` +
          `p95 ×${(series.p95 / baseline.p50).toFixed(2).padEnd(6)} count(*) p50  ${(bytes / 1024).toFixed(0).padStart(5)} KiB  p95 ≤ ${GOAL_MS} ms: ${series.p95 <= GOAL_MS ? 'yes' : 'NO'}`,
      )
    }
  } finally {
    await app.close()
    await raw.end({ timeout: 5 })
    await database.close()
  }
}
