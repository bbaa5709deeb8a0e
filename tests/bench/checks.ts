import { availableParallelism, loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { createDb, driverFor } from '@eldercare/db'
import { DEFAULT_CHECK_SETTINGS } from '@eldercare/shared'
import postgres from 'postgres'
import { buildApp } from '../../server/src/app.js'
import { loadConfig } from '../../server/src/config.js'
import { systemActor } from '../../server/src/subsidy-checks/subsidy-checks.service.js'
import { TEST_SECRETS } from '../../server/test/helper.js'
import { generateLoad, loadStatus } from './load-generator/load-generator.js'
import { ms } from './load.js'

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/bench_indicators'
const RUNS = Number(process.env.BENCH_RUNS ?? 5)

async function timed<T>(call: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now()
  const result = await call()
  return { ms: performance.now() - started, result }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

/**
 * A full subsidy-check scan (every check over the whole district) on the load generator's year in
 * PostgreSQL, beside `select count(*) from meal_records` in the same run. The first scan raises the
 * year's findings; the later ones find them raised already and look only at what was stored since
 * (the nightly run's usual case); the last one follows a change of the settings, which makes a scan
 * look at the whole year again. The bench applies the committed migrations first (the generator
 * wrote the year with the migrations of its day).
 */
export async function run(): Promise<void> {
  const { values } = parseArgs({ args: process.argv.slice(3), options: { scale: { type: 'string' }, year: { type: 'string' } }, allowPositionals: true })
  const url = process.env.DATABASE_URL ?? DEFAULT_URL
  if (driverFor(url) !== 'postgres') throw new Error('pnpm bench checks runs on PostgreSQL: DATABASE_URL must be postgres://…')
  let status = await loadStatus(url)
  if (!status || status.meals === 0) {
    if (values.scale === undefined) {
      console.error(`no generated year in ${url}. Generate one first (DATABASE_URL=${url} pnpm db:generate-load) or run: pnpm bench checks --scale 0.05`)
      process.exitCode = 1
      return
    }
    status = await generateLoad(url, { scale: Number(values.scale), year: Number(values.year ?? new Date().getUTCFullYear() - 1), fresh: false })
  }
  const config = loadConfig({ APP_MODE: 'test', DATABASE_URL: url })
  const database = await createDb(url, { poolSize: config.databasePoolSize })
  const raw = postgres(url, { max: 1, onnotice: () => {} })
  await database.migrate()
  const app = await buildApp({ config, secrets: TEST_SECRETS, database })
  try {
    const [sizes] = await raw<{ meals: string; elders: string; statuses: string; ledger: string }[]>`
      select (select count(*) from meal_records) as meals, (select count(*) from elders) as elders,
        (select count(*) from elder_status_history where status <> 'active') as statuses, (select count(*) from card_ledger_entries) as ledger`
    const counts: number[] = []
    for (let i = 0; i < RUNS; i++) counts.push((await timed(() => raw`select count(*) from meal_records`)).ms)
    const actor = systemActor(status.tenantId)
    // A bench run before this one left its last scan's time: the first scan here reads the whole year.
    await raw`delete from subsidy_check_scans where tenant_id = ${status.tenantId}`
    const first = await timed(() => app.subsidyChecksService.scan(actor))
    const again: number[] = []
    for (let i = 0; i < RUNS; i++) again.push((await timed(() => app.subsidyChecksService.scan(actor))).ms)
    const [findings] = await raw<{ count: string }[]>`select count(*) from subsidy_findings where tenant_id = ${status.tenantId}`
    // The settings saved again as they are: the next scan looks at everything.
    await raw`insert into subsidy_check_settings (tenant_id, two_places_km, delegate_share_factor, delegate_min_meals)
      values (${status.tenantId}, ${DEFAULT_CHECK_SETTINGS.twoPlacesKm}, ${DEFAULT_CHECK_SETTINGS.delegateShareFactor}, ${DEFAULT_CHECK_SETTINGS.delegateMinMeals})
      on conflict (tenant_id) do update set updated_at = now()`
    const rescan = await timed(() => app.subsidyChecksService.scan(actor))

    const n = (value: string | number) => Number(value).toLocaleString('en-US')
    const baseline = median(counts)
    console.log(`subsidy checks on PostgreSQL: ${n(sizes!.meals)} meal records, ${n(sizes!.elders)} elders (${n(sizes!.statuses)} status rows other than 在册), ${n(sizes!.ledger)} card movements`)
    console.log(`${RUNS} runs each, one process; ${availableParallelism()} CPUs, load average ${loadavg()[0]!.toFixed(1)}`)
    console.log(`${'baseline: select count(*) from meal_records (median)'.padEnd(58)} ${ms(baseline).padStart(10)}`)
    console.log(`${'first scan (raises the year’s findings)'.padEnd(58)} ${ms(first.ms).padStart(10)}  ×${(first.ms / baseline).toFixed(1)} count(*)  raised ${n(first.result.raised)}: ${first.result.byKind.map((row) => `${row.kind} ${row.raised}`).join(', ')}`)
    console.log(`${'later scans, nothing new (median)'.padEnd(58)} ${ms(median(again)).padStart(10)}  ×${(median(again) / baseline).toFixed(2)} count(*)  findings stored ${n(findings!.count)}`)
    console.log(`${'a scan after a settings change (the whole year again)'.padEnd(58)} ${ms(rescan.ms).padStart(10)}  ×${(rescan.ms / baseline).toFixed(1)} count(*)  raised ${n(rescan.result.raised)}`)
  } finally {
    await app.close()
    await raw.end({ timeout: 5 })
    await database.close()
  }
}
