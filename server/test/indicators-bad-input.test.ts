/**
 * Bad query strings for the indicator reads: /coverage, /dashboard and /indicators/export share the
 * date check of /indicators (resolveDates), and all four share the town scope check. Every refusal is a
 * 4xx in the API's error shape and leaves every table as it was.
 */
import type { ErrorBody } from '@eldercare/shared'
import { sql } from 'drizzle-orm'
import type { LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays, shanghaiToday } from '../src/http/dates.js'
import { resolveDates } from '../src/indicators/indicators.service.js'
import { as, createTestApp, seedTenant, signIn, type TestApp } from './helper.js'
import { CODE, insertIndicatorFixture, T1, T2 } from './indicator-fixture.js'

let t: TestApp
let staff: ReturnType<typeof as>
let town: ReturnType<typeof as>
/** A town of another district on the same server. */
const OTHER_TENANT_TOWN = '330912001'

beforeAll(async () => {
  t = await createTestApp()
  const tenant = await seedTenant(t.app, CODE)
  await insertIndicatorFixture(t.app, tenant.tenantId, tenant.users.bureau_admin)
  await seedTenant(t.app, OTHER_TENANT_TOWN.slice(0, 6))
  staff = as(t.app, (await signIn(t.app, CODE, 'bureau_staff')).accessToken)
  town = as(t.app, (await signIn(t.app, CODE, 'town_staff')).accessToken)
})
afterAll(() => t.close())

const ROUTES = ['/api/v1/coverage', '/api/v1/dashboard', '/api/v1/indicators/export', '/api/v1/indicators', '/api/v1/indicators/concentrated-care'] as const
/** The routes whose query names a `year` (the others drop it as an unknown field). */
const WITH_YEAR = ['/api/v1/indicators/export', '/api/v1/indicators'] as const

/** Every public table's row count and a digest of its rows: any insert, update or delete changes it. */
async function tableDigests(): Promise<Record<string, string>> {
  const listed = await t.app.db.execute<{ table_name: string }>(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`)
  const names = (Array.isArray(listed) ? listed : (listed as { rows: { table_name: string }[] }).rows).map((row) => row.table_name)
  const query = names.map((name) => `select '${name}' as name, count(*) || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as digest from "${name}" t`).join(' union all ')
  const result = await t.app.db.execute<{ name: string; digest: string }>(sql.raw(query))
  const rows = Array.isArray(result) ? result : (result as { rows: { name: string; digest: string }[] }).rows
  return Object.fromEntries(rows.map((row) => [row.name, row.digest]))
}

type Get = (url: string) => Promise<LightMyRequestResponse>
const get = (client: ReturnType<typeof as>): Get => (url) => client({ method: 'GET', url })

/** Asks each URL and expects the same refusal for all, with nothing written meanwhile. */
async function expectRefused(ask: Get, urls: string[], refusal: { statusCode: number; code: ErrorBody['code']; path?: string }) {
  const before = await tableDigests()
  for (const url of urls) {
    const response = await ask(url)
    const body = response.json<ErrorBody>()
    expect([url, response.statusCode, body.code]).toEqual([url, refusal.statusCode, refusal.code])
    expect(body).toMatchObject({ statusCode: refusal.statusCode, message: expect.any(String) })
    if (refusal.path) expect(body.details?.map((detail) => detail.path)).toContain(refusal.path)
  }
  expect(await tableDigests()).toEqual(before)
}

const urls = (route: string, queries: string[]) => queries.map((query) => `${route}?${query}`)

describe('what an accepted read writes', () => {
  it('is nothing: the work plan targets were seeded with the tenant', async () => {
    const before = await tableDigests()
    for (const url of ['/api/v1/coverage?asOf=2024-06-30', '/api/v1/dashboard?asOf=2024-06-30', '/api/v1/indicators/export?asOf=2024-06-30', '/api/v1/indicators?asOf=2024-06-30', '/api/v1/targets?year=2024']) {
      expect([url, (await staff({ method: 'GET', url })).statusCode]).toEqual([url, 200])
    }
    expect(await tableDigests()).toEqual(before)
  })
})

describe.each(ROUTES)(`GET %s with a bad query (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, (route) => {
  it('refuses an impossible or malformed asOf by the schema', async () => {
    const dates = ['2026-02-30', '2023-02-29', '2024-06-31', '2024-13-01', '2026-1-1', '', '20240630', '2024-06-30T00:00:00Z', '30/06/2024', 'today', '%00']
    await expectRefused(
      get(staff),
      urls(route, [...dates.map((date) => `asOf=${date}`), 'asOf=2024-06-30&asOf=2024-06-29']),
      { statusCode: 400, code: 'VALIDATION_FAILED', path: '/querystring/asOf' },
    )
  })

  it('refuses a day of a year out of range, or after today, as an indicator query', async () => {
    const tomorrow = addDays(shanghaiToday(), 1)
    const days = ['1999-12-31', '0001-01-01', '0000-01-01', '2101-01-01', '9999-12-31', tomorrow]
    await expectRefused(get(staff), urls(route, days.map((day) => `asOf=${day}`)), { statusCode: 400, code: 'INDICATOR_QUERY_INVALID' })
    await expectRefused(get(town), urls(route, ['asOf=0000-01-01', `asOf=${tomorrow}`]), { statusCode: 400, code: 'INDICATOR_QUERY_INVALID' })
  })

  it('refuses a townCode of the wrong shape', async () => {
    const codes = ['', '12', '33091100', '3309110010', '33091100a', 'abc', '330911001%20', '%EF%BC%93%EF%BC%93%EF%BC%90%EF%BC%99%EF%BC%91%EF%BC%91%EF%BC%90%EF%BC%90%EF%BC%91']
    await expectRefused(get(staff), urls(route, codes.map((code) => `townCode=${code}`)), { statusCode: 400, code: 'VALIDATION_FAILED', path: '/querystring/townCode' })
    await expectRefused(get(staff), urls(route, [`townCode=${T1}&townCode=${T2}`]), { statusCode: 400, code: 'VALIDATION_FAILED', path: '/querystring/townCode' })
  })

  it('refuses town staff a town outside their scope, known or not, without telling which', async () => {
    const outside = [T2, `${CODE}999`, OTHER_TENANT_TOWN]
    await expectRefused(get(town), urls(route, outside.map((code) => `asOf=2024-06-30&townCode=${code}`)), { statusCode: 403, code: 'FORBIDDEN' })
  })

  it("answers bureau staff a town of no district's or of another district as not found", async () => {
    await expectRefused(get(staff), urls(route, [`asOf=2024-06-30&townCode=${CODE}999`, `asOf=2024-06-30&townCode=${OTHER_TENANT_TOWN}`]), {
      statusCode: 404,
      code: 'NOT_FOUND',
    })
  })

  it('still answers the first day of the range and a leap day', async () => {
    for (const day of ['2000-01-01', '2024-02-29']) {
      const response = await staff({ method: 'GET', url: `${route}?asOf=${day}` })
      expect([day, response.statusCode]).toEqual([day, 200])
    }
  })
})

describe.each(WITH_YEAR)('GET %s with a bad year', (route) => {
  it('refuses a year out of range or not a whole number, and a day outside the year', async () => {
    await expectRefused(get(staff), urls(route, ['year=1999', 'year=2101', 'year=-2024', 'year=2024.5', 'year=abc', 'year=', 'year=2024&year=2025']), {
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      path: '/querystring/year',
    })
    await expectRefused(get(staff), urls(route, ['year=2024&asOf=2025-01-01', 'year=2025&asOf=2024-12-31']), { statusCode: 400, code: 'INDICATOR_QUERY_INVALID' })
  })
})

describe('GET /api/v1/coverage with a bad grouping', () => {
  it('refuses a grouping it does not know', async () => {
    await expectRefused(get(staff), urls('/api/v1/coverage', ['groupBy=nonsense', 'groupBy=', 'groupBy=TOWN', 'groupBy=town&groupBy=island']), {
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      path: '/querystring/groupBy',
    })
  })
})

describe('unknown query fields', () => {
  it('are refused with a code, as everywhere in the API, never taken as a filter', async () => {
    for (const route of ['/api/v1/coverage', '/api/v1/dashboard']) {
      for (const extra of ['foo=bar', 'limit=1', 'tenantId=x']) {
        await expectRefused(get(staff), [`${route}?asOf=2024-06-30&${extra}`], { statusCode: 400, code: 'VALIDATION_FAILED', path: `/querystring/${extra.split('=')[0]}` })
      }
    }
    // `year` is no field of the dashboard: it is refused, not taken as asOf's year.
    await expectRefused(get(staff), ['/api/v1/dashboard?asOf=2024-06-30&year=1999'], { statusCode: 400, code: 'VALIDATION_FAILED', path: '/querystring/year' })
    await expectRefused(get(staff), ['/api/v1/indicators/export?asOf=2024-06-30&groupBy=nonsense'], { statusCode: 400, code: 'VALIDATION_FAILED', path: '/querystring/groupBy' })
  })
})

describe('resolveDates', () => {
  it('keeps asOf to the years the year field allows', () => {
    expect(resolveDates({ asOf: '2000-01-01' }, '2026-11-29')).toEqual({ year: 2000, asOf: '2000-01-01' })
    expect(resolveDates({ year: 2000 }, '2026-11-29')).toEqual({ year: 2000, asOf: '2000-12-31' })
    for (const asOf of ['1999-12-31', '0001-01-01', '0000-06-30']) {
      expect(() => resolveDates({ asOf }, '2026-11-29')).toThrow(/years 2000 to 2100/)
    }
    expect(() => resolveDates({ asOf: '2101-01-01' }, '2101-06-30')).toThrow(/years 2000 to 2100/)
  })
})
