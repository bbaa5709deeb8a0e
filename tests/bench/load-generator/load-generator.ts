import { createDb, driverFor, uuidv7 } from '@eldercare/db'
import { WORK_PLAN_TARGETS, type ElderCategory, type LedgerKind, type MealRecordCreate } from '@eldercare/shared'
import postgres, { type Sql, type TransactionSql } from 'postgres'
import { buildApp } from '../../../server/src/app.js'
import { loadConfig } from '../../../server/src/config.js'
import { seededRandom } from '../../../server/src/demo/random.js'
import { identityColumns, nameInitials, phoneColumns } from '../../../server/src/elders/elder-identity.js'
import { ageOn } from '../../../server/src/http/dates.js'
import { computeMealSubsidy, rulesInForce } from '@eldercare/shared'
import { mealContentHash } from '../../../server/src/meals/meal-records.service.js'
import { movementHash } from '../../../server/src/care-cards/card-ledger.js'
import { createPii } from '../../../server/src/privacy/pii.js'
import { TEST_SECRETS, seedTenant } from '../../../server/test/helper.js'
import { loadSizes, planLoad, regionCsv, type LoadPlan } from './load-plan.js'
import { backfillSummaries, createSessionHelpers, insertLedger, insertMeals, loadDiners, orphanCount, dropSecondaryIndexes, type LoadActors } from './load-sql.js'

/** The generated tenant; its accounts are the test helper's (`bureau_admin` / TEST_PASSWORD …). */
export const LOAD_TENANT_CODE = '330900'

export interface GenerateOptions {
  /** 1 = 10 million meals, 200,000 elders, 1,000 communities, 3,000 facilities, 300 institutions. */
  scale: number
  /** The calendar year the meals fall in; defaults to last year. */
  year: number
  /** Drop and recreate the database first (only one that holds nothing but the load tenant). */
  fresh: boolean
  log?: (line: string) => void
}

export interface LoadStatus {
  tenantId: string
  firstDay: string | null
  lastDay: string | null
  meals: number
}

/** The same server's maintenance database, to create and drop the load database from. */
function serverUrl(url: string): { admin: string; name: string } {
  const parsed = new URL(url)
  const name = decodeURIComponent(parsed.pathname.replace(/^\//, ''))
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`the load database needs a plain lower-case name, got "${name}"`)
  parsed.pathname = '/postgres'
  return { admin: parsed.toString(), name }
}

/** A one-connection client for `work`; column names come back camelCased. */
async function withClient<T>(url: string, work: (sql: Sql) => Promise<T>): Promise<T> {
  const sql = postgres(url, { max: 1, transform: postgres.camel, onnotice: () => {} })
  try {
    return await work(sql)
  } finally {
    await sql.end({ timeout: 5 })
  }
}

async function databaseExists(url: string): Promise<boolean> {
  const { admin, name } = serverUrl(url)
  return withClient(admin, async (sql) => (await sql`select 1 from pg_database where datname = ${name}`).length > 0)
}

/** Tenant codes in the database, or [] before the first migration. */
async function tenantCodes(sql: Sql): Promise<string[]> {
  const [table] = await sql`select to_regclass('public.tenants') as name`
  if (!table?.name) return []
  return (await sql<{ code: string }[]>`select code from tenants order by code`).map((row) => row.code)
}

/**
 * What the load database holds: null when it does not exist or has no load tenant. The year's span
 * comes from the meal summary (its (tenant, day) index), not from a scan of the meal records.
 */
export async function loadStatus(url: string): Promise<LoadStatus | null> {
  if (!(await databaseExists(url))) return null
  return withClient(url, async (sql) => {
    if (!(await tenantCodes(sql)).includes(LOAD_TENANT_CODE)) return null
    const [tenant] = await sql<{ id: string }[]>`select id from tenants where code = ${LOAD_TENANT_CODE}`
    const [span] = await sql<{ firstDay: string | null; lastDay: string | null; meals: string | null }[]>`
      select min(served_on)::text as first_day, max(served_on)::text as last_day, sum(meals) as meals from meal_daily_totals where tenant_id = ${tenant!.id}`
    return { tenantId: tenant!.id, firstDay: span?.firstDay ?? null, lastDay: span?.lastDay ?? null, meals: Number(span?.meals ?? 0) }
  })
}

/** Refuses a database that holds other tenants: the generator wants one of its own. */
async function checkOwnDatabase(url: string) {
  if (!(await databaseExists(url))) return
  const others = await withClient(url, async (sql) => (await tenantCodes(sql)).filter((code) => code !== LOAD_TENANT_CODE))
  if (others.length > 0) throw new Error(`${serverUrl(url).name} holds other tenants (${others.join(', ')}); give the load generator a database of its own`)
}

/** Runs a step and logs how long it took; `label` may describe the step's result. */
async function timed<T>(log: (line: string) => void, label: string | ((result: T) => string), work: () => Promise<T>): Promise<T> {
  const started = performance.now()
  const result = await work()
  const text = typeof label === 'string' ? label : label(result)
  log(`  ${text.padEnd(52)} ${((performance.now() - started) / 1000).toFixed(1).padStart(7)} s`)
  return result
}

/** Elders with their 身份证号 encrypted and fingerprinted with the test key, as the roster import stores them. */
function elderRows(plan: LoadPlan, tenantId: string) {
  const pii = createPii(TEST_SECRETS.piiKey)
  const initials = new Map<string, string>()
  return plan.elders.map((elder) => {
    const { person } = elder
    if (!initials.has(person.name)) initials.set(person.name, nameInitials(person.name))
    return {
      tenantId,
      id: elder.id,
      ...identityColumns(person.idNumber, pii),
      ...phoneColumns(person.phone, pii),
      name: person.name,
      nameInitials: initials.get(person.name)!,
      communityCode: person.communityCode,
      status: elder.status,
      deceasedOn: elder.deceasedOn,
    }
  })
}

/** Multi-row INSERTs, as many rows per statement as the protocol's 65,535 parameters allow. */
async function insertRows(sql: TransactionSql, table: string, rows: Record<string, unknown>[]) {
  if (rows.length === 0) return
  const size = Math.floor(60_000 / Object.keys(rows[0]!).length)
  for (let i = 0; i < rows.length; i += size) await sql`insert into ${sql(table)} ${sql(rows.slice(i, i + size))}`
}

/** The dimension tables: planned in Node, inserted in bulk. */
async function insertDimensions(sql: TransactionSql, plan: LoadPlan, actors: LoadActors, log: (line: string) => void) {
  const { tenantId, adminId, reporterId } = actors
  // Coordinates, and urban/rural as the kinds say (the import keeps what the test helper's sample regions set).
  const places = [
    ...plan.towns.map((town) => ({ code: town.code, urban_rural: town.kind === 'subdistrict' ? 'urban' : 'rural', latitude: null, longitude: null })),
    ...plan.communities.map((c) => ({ code: c.code, urban_rural: c.kind === 'community' ? 'urban' : 'rural', latitude: c.latitude, longitude: c.longitude })),
  ]
  await sql`
    update regions r set urban_rural = v.urban_rural, latitude = v.latitude, longitude = v.longitude
    from jsonb_to_recordset(${sql.json(places)}) as v(code text, urban_rural text, latitude double precision, longitude double precision)
    where r.tenant_id = ${tenantId} and r.code = v.code`
  await insertRows(sql, 'population_stats', plan.population.map((row) => ({ tenantId, ...row, updatedBy: adminId })))
  for (const year of [plan.year - 1, plan.year]) {
    await sql`insert into indicator_targets ${sql(WORK_PLAN_TARGETS.map((target) => ({ tenantId, year, ...target })))} on conflict do nothing`
  }
  await insertRows(
    sql,
    'subsidy_rules',
    plan.subsidyRules.map((rule) => ({ tenantId, id: rule.id, name: rule.name, kind: rule.kind, category: rule.category ?? null, minAge: rule.minAge ?? null, amountFen: rule.amountFen, validFrom: rule.validFrom })),
  )
  await insertRows(
    sql,
    'allowance_rules',
    plan.allowanceRules.map((rule) => ({ tenantId, id: rule.id, name: rule.name, category: rule.category, amountFen: rule.amountFen, purse: 'general', validFrom: `${plan.year - 1}-01-01` })),
  )
  await timed(log, `facilities (${plan.facilities.length.toLocaleString('en-US')}) and institutions`, async () => {
    await insertRows(
      sql,
      'facilities',
      plan.facilities.map((f) => ({
        tenantId,
        id: f.id,
        name: f.name,
        type: f.type,
        communityCode: f.communityCode,
        address: f.address,
        latitude: f.latitude,
        longitude: f.longitude,
        operatorOrg: f.operatorOrg,
        openedOn: f.openedOn,
        closedOn: f.closedOn,
        mealSlots: f.mealSlots,
        mealModes: f.mealModes,
        dailyCapacity: sql.json(f.dailyCapacity),
        supplierKitchenId: f.supplierKitchenId,
      })),
    )
    await insertRows(
      sql,
      'facility_service_areas',
      plan.facilities.flatMap((f) => f.serviceArea.map((communityCode) => ({ tenantId, id: uuidv7(), facilityId: f.id, communityCode, validFrom: f.openedOn, validTo: f.closedOn }))),
    )
    await insertRows(
      sql,
      'facility_tag_periods',
      plan.facilities.flatMap((f) => f.tags.map((tag) => ({ tenantId, id: uuidv7(), facilityId: f.id, tag, validFrom: f.openedOn, validTo: f.closedOn }))),
    )
    await insertRows(sql, 'institution_profiles', plan.institutions.map((profile) => ({ tenantId, ...profile })))
    await insertRows(
      sql,
      'bed_reports',
      plan.bedReports.map(({ figureChangedAt, ...report }) => ({
        tenantId,
        ...report,
        figureChangedAt: sql.json(figureChangedAt),
        submittedBy: reporterId,
        decidedBy: report.decidedAt ? adminId : null,
        createdAt: report.submittedAt,
        updatedAt: report.decidedAt ?? report.submittedAt,
      })),
    )
    await insertRows(sql, 'star_ratings', plan.starRatings.map(({ sectionScores, ...rating }) => ({ tenantId, ...rating, sectionScores: sql.json(sectionScores), createdBy: adminId })))
  })
  await timed(log, `elders (${plan.elders.length.toLocaleString('en-US')}, 身份证号 encrypted) and cards`, async () => {
    await insertRows(sql, 'elders', elderRows(plan, tenantId))
    await insertRows(
      sql,
      'elder_categories',
      plan.elders.flatMap((elder) => elder.person.categories.map((category) => ({ tenantId, id: uuidv7(), elderId: elder.id, ...category }))),
    )
    await insertRows(
      sql,
      'care_cards',
      plan.cards.map((card) => ({ tenantId, ...card, issuedBy: adminId, createdAt: new Date(`${card.issuedOn}T08:00:00+08:00`) })),
    )
  })
}

/**
 * Rechecks a sample of generated rows with the server's own functions: meal content hashes and subsidies
 * (computeMealSubsidy), ledger content hashes, running balances and purse totals.
 */
async function verifySample(sql: Sql, plan: LoadPlan, tenantId: string): Promise<{ problems: string[]; meals: number; entries: number }> {
  const problems: string[] = []
  const meals = await sql<(MealRecordCreate & { subsidised: boolean; subsidyFen: number; subsidyRuleIds: string[]; contentHash: string; birthDate: string; categories: ElderCategory[] })[]>`
    select m.id, m.elder_id, m.facility_id, m.served_on::text, m.slot, m.mode, m.price_fen, m.subsidy_fen, m.payment_method, m.subsidised, m.subsidy_rule_ids, m.content_hash,
      e.birth_date::text, array(select c.category from elder_categories c where c.tenant_id = e.tenant_id and c.elder_id = e.id and c.start_on <= m.served_on) as categories
    from (select * from meal_records tablesample system (1) limit 300) m
    join elders e on e.tenant_id = m.tenant_id and e.id = m.elder_id
    where m.tenant_id = ${tenantId}`
  const rules = plan.subsidyRules.map((rule) => ({ id: rule.id, kind: rule.kind, category: rule.category ?? null, minAge: rule.minAge ?? null, amountFen: rule.amountFen, validFrom: rule.validFrom, validTo: null }))
  for (const meal of meals) {
    const input = { id: meal.id, elderId: meal.elderId, facilityId: meal.facilityId, servedOn: meal.servedOn, slot: meal.slot, mode: meal.mode, priceFen: meal.priceFen, paymentMethod: meal.paymentMethod }
    if (![meal.subsidised, true].some((subsidised) => mealContentHash({ ...input, subsidised }) === meal.contentHash)) problems.push(`meal ${meal.id}: content hash differs from mealContentHash`)
    if (meal.subsidised) {
      const expected = computeMealSubsidy({ priceFen: meal.priceFen, mode: meal.mode, age: ageOn(meal.birthDate, meal.servedOn), categories: meal.categories, rules: rulesInForce(rules, meal.servedOn), subsidised: true })
      if (expected.subsidyFen !== meal.subsidyFen || expected.ruleIds.join() !== meal.subsidyRuleIds.join()) {
        problems.push(`meal ${meal.id}: subsidy ${meal.subsidyFen} (${meal.subsidyRuleIds.join()}), computeMealSubsidy says ${expected.subsidyFen} (${expected.ruleIds.join()})`)
      }
    }
  }
  const entries = await sql<{ id: string; cardId: string; purse: string; kind: LedgerKind; amountFen: number; referenceId: string | null; facilityId: string | null; serviceType: string | null; note: string | null; contentHash: string }[]>`
    select id, card_id, purse, kind, amount_fen, reference_id, facility_id, service_type, note, content_hash
    from (select * from card_ledger_entries tablesample system (1) limit 300) l where tenant_id = ${tenantId}`
  for (const entry of entries) {
    const { contentHash, ...movement } = entry
    if (movementHash({ ...movement, amountFen: Number(movement.amountFen), tenantId, createdBy: '' }) !== contentHash) problems.push(`ledger entry ${entry.id}: content hash differs from movementHash`)
  }
  const [balances] = await sql<{ purses: string; runs: string }[]>`
    select
      (select count(*) from card_purses p left join (select card_id, sum(amount_fen) as total from card_ledger_entries group by card_id) l on l.card_id = p.card_id
        where p.balance_fen <> coalesce(l.total, 0)) as purses,
      (select count(*) from (select balance_after_fen, sum(amount_fen) over (partition by card_id order by created_at, id) as running from card_ledger_entries) r
        where r.balance_after_fen <> r.running) as runs`
  if (Number(balances!.purses) > 0) problems.push(`${balances!.purses} purses differ from the sum of their ledger`)
  if (Number(balances!.runs) > 0) problems.push(`${balances!.runs} ledger entries have a balance-after that is not the running sum`)
  return { problems, meals: meals.length, entries: entries.length }
}

export async function generateLoad(url: string, options: GenerateOptions): Promise<LoadStatus> {
  const log = options.log ?? ((line: string) => console.log(line))
  if (driverFor(url) !== 'postgres') throw new Error('the load generator fills a PostgreSQL database: DATABASE_URL must be postgres://…')
  const started = performance.now()
  const { admin, name } = serverUrl(url)
  await checkOwnDatabase(url)
  if (options.fresh && (await databaseExists(url))) await withClient(admin, (sql) => sql.unsafe(`drop database ${name} with (force)`))
  if (!(await databaseExists(url))) await withClient(admin, (sql) => sql.unsafe(`create database ${name}`))

  const existing = await loadStatus(url)
  if (existing) {
    if (existing.meals > 0) {
      log(`${name} already holds the load tenant ${LOAD_TENANT_CODE} (${existing.meals.toLocaleString('en-US')} meals, ${existing.firstDay} … ${existing.lastDay}); --fresh generates it again`)
      return existing
    }
    throw new Error(`${name} holds an incomplete load tenant ${LOAD_TENANT_CODE}; run again with --fresh`)
  }

  const sizes = loadSizes(options.scale)
  log(`generating ${name}: year ${options.year}, scale ${options.scale} — ${Object.entries(sizes).map(([key, value]) => `${value.toLocaleString('en-US')} ${key}`).join(', ')}`)
  const database = await createDb(url, { poolSize: 2 })
  try {
    await timed(log, 'migrations', () => database.migrate())
    const plan = await timed(log, 'plan (Node, seeded)', async () => planLoad(LOAD_TENANT_CODE, sizes, options.year, seededRandom(options.year)))
    // The tenant, its accounts and its regions go through the test helper and the regions service, as in tests.
    const actors: LoadActors = await timed(log, 'tenant, accounts and regions (app services)', async () => {
      const app = await buildApp({ config: loadConfig({ APP_MODE: 'test', DATABASE_URL: url }), secrets: TEST_SECRETS, database })
      try {
        const tenant = await seedTenant(app, LOAD_TENANT_CODE)
        await app.regionsService.importCsv({ tenantId: tenant.tenantId, userId: null, username: 'load-generator', ip: null }, regionCsv(LOAD_TENANT_CODE, plan))
        return { tenantId: tenant.tenantId, adminId: tenant.users.bureau_admin, operatorId: tenant.users.canteen_operator, reporterId: tenant.users.institution_reporter }
      } finally {
        await app.close()
      }
    })
    const bulk = postgres(url, { max: 1, idle_timeout: 0, transform: postgres.camel, onnotice: () => {} })
    try {
      await bulk.begin(async (sql) => {
        await createSessionHelpers(sql)
        await insertDimensions(sql, plan, actors, log)
        await sql`analyze`
        await timed(log, `diners (${plan.diners.length.toLocaleString('en-US')})`, () => loadDiners(sql, plan))
        const indexes = await dropSecondaryIndexes(sql, ['meal_records', 'card_ledger_entries'])
        for (let month = 0; month < 12; month++) {
          const first = Math.round((Date.UTC(plan.year, month, 1) - Date.UTC(plan.year, 0, 1)) / 86_400_000)
          const next = Math.round((Date.UTC(plan.year, month + 1, 1) - Date.UTC(plan.year, 0, 1)) / 86_400_000)
          const label = (count: number) => `meal records ${plan.year}-${String(month + 1).padStart(2, '0')}: ${count.toLocaleString('en-US')}`
          await timed(log, label, () => insertMeals(sql, plan, actors, first, next - 1))
        }
        await timed(log, (count) => `card ledger: ${count.toLocaleString('en-US')} entries, and purses`, () => insertLedger(sql, plan, actors))
        await timed(log, `meal and ledger indexes (${indexes.length}, dropped for the load)`, async () => {
          for (const definition of indexes) await sql.unsafe(definition)
        })
        await timed(log, 'summaries (backfills of migrations 0012, 0021 and 0024)', () => backfillSummaries(sql))
        const orphans = await timed(log, 'foreign-key check (triggers were off)', () => orphanCount(sql))
        if (orphans > 0) throw new Error(`${orphans} generated rows point at rows that do not exist`)
      })
    } finally {
      await bulk.end({ timeout: 5 })
    }
    await timed(log, 'vacuum analyze', () => withClient(url, (sql) => sql`vacuum (analyze)`))
    await withClient(url, async (sql) => {
      const tables = ['regions', 'population_stats', 'facilities', 'facility_service_areas', 'institution_profiles', 'bed_reports', 'bed_report_events', 'star_ratings', 'elders', 'elder_categories', 'care_cards', 'card_ledger_entries', 'meal_records', 'meal_daily_totals', 'card_users', 'card_user_months', 'card_user_reversals']
      log('rows:')
      for (const table of tables) {
        const [row] = await sql<{ rows: string; voided: string | null }[]>`
          select count(*) as rows, ${table === 'meal_records' ? sql`count(*) filter (where voided_at is not null)` : sql`null`} as voided from ${sql(table)}`
        log(`  ${table.padEnd(24)} ${Number(row!.rows).toLocaleString('en-US').padStart(12)}${row!.voided === null ? '' : ` (${Number(row!.voided).toLocaleString('en-US')} voided)`}`)
      }
      const [size] = await sql<{ size: string }[]>`select pg_size_pretty(pg_database_size(current_database())) as size`
      log(`database size: ${size!.size}`)
      const check = await verifySample(sql, plan, actors.tenantId)
      if (check.problems.length > 0) throw new Error(`generated rows disagree with the server's functions:\n${check.problems.slice(0, 20).join('\n')}`)
      log(`check: ${check.meals} sampled meals (content hash, computeMealSubsidy) and ${check.entries} ledger entries (movementHash) agree with the server; every balance-after is its running sum and every purse its ledger total`)
    })
  } finally {
    await database.close()
  }
  log(`done in ${((performance.now() - started) / 60_000).toFixed(1)} min`)
  return (await loadStatus(url))!
}
