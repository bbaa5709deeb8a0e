/**
 * Query strings, generated from the registered routes and their published parameters: every route
 * refuses a parameter it does not name, every number in a query has a maximum and refuses what lies
 * beyond it, and no GET route takes a whole 身份证号 or a phone number in its URL (such searches go in a
 * request body). Each refusal is a 400 with a code, names the query string, and changes nothing.
 */
import { ROLES, type Role } from '@eldercare/shared'
import type { InjectOptions } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedTenant, signIn, type SeededTenant } from '../../server/test/helper.js'
import { makeIdNumber } from '../../server/test/id-numbers.js'
import { MATRIX, type MatrixTargets } from '../authorization/matrix-entries.js'
import { withTarget } from '../authorization/matrix-targets.js'
import { createLoggedTestApp, expectRefusal, personalNumbersIn, queryParameters, refusalWatch, type LoggedTestApp, type QueryParameter } from './fixture.js'

let t: LoggedTestApp
let home: SeededTenant & MatrixTargets
let parameters: Map<string, QueryParameter[]>
let watch: ReturnType<typeof refusalWatch>
const tokens = {} as Record<Role, string>

/** Bodies for the public routes, which the matrix sends without one. */
const PUBLIC_BODIES: Record<string, () => Record<string, unknown>> = {
  'POST /api/v1/auth/login': () => ({ tenantCode: home.code, username: 'bureau_staff', password: 'Wrong#2024pass' }),
  'POST /api/v1/auth/refresh': () => ({ refreshToken: `${home.tenantId}.${'A'.repeat(43)}` }),
}

const ID_NUMBER = makeIdNumber('1941-05-06', '777')
const PHONE = '13812345678'

beforeAll(async () => {
  t = await createLoggedTestApp()
  home = await withTarget(t.app, await seedTenant(t.app, '330902'))
  for (const role of ROLES) tokens[role] = (await signIn(t.app, '330902', role)).accessToken
  parameters = await queryParameters(t.app)
  watch = refusalWatch(t.app)
})
afterAll(async () => {
  await t?.close()
})

const routes = () => t.app.routeCatalog.map((route) => `${route.method} ${route.url}`)
const getRoutes = () => routes().filter((key) => key.startsWith('GET '))

/** The matrix's valid request for a route, as one of the roles it admits, with the query given. */
function request(key: string, query: Record<string, string>): InjectOptions {
  const entry = MATRIX[key]
  if (!entry) throw new Error(`${key}: no matrix entry`)
  const [method, url] = key.split(' ') as [InjectOptions['method'], string]
  const role = entry.roles === 'public' ? null : entry.roles.includes('bureau_admin') ? 'bureau_admin' : entry.roles[0]!
  const params = entry.params?.(home, role ?? 'bureau_admin') ?? {}
  const body = PUBLIC_BODIES[key]?.() ?? entry.body?.(home)
  return {
    method,
    url: `${url.replace(/:(\w+)/g, (_, name: string) => params[name]!)}?${new URLSearchParams(query)}`,
    ...(body !== undefined ? { payload: body } : {}),
    headers: { ...(role ? { authorization: `Bearer ${tokens[role]}` } : {}), ...(entry.contentType ? { 'content-type': entry.contentType } : {}) },
  }
}

/** The route's own valid query, with `changes` on top. */
function queryOf(key: string, changes: Record<string, string>): Record<string, string> {
  return { ...(MATRIX[key]?.query?.(home) ?? {}), ...changes }
}

/** Sends a request that must be refused for its query string; returns what went wrong, if anything. */
async function refusedForQuery(label: string, options: InjectOptions, parameter: string): Promise<string[]> {
  const changes = await watch(async () => null)
  const response = await t.app.inject(options)
  const problems: string[] = []
  try {
    expectRefusal(response, label)
    expect(response.statusCode, label).toBe(400)
    const body = response.json<{ code: string; details?: { path?: string }[] }>()
    expect(body.code, label).toBe('VALIDATION_FAILED')
    expect(body.details?.map((detail) => detail.path), label).toContainEqual(`/querystring/${parameter}`)
  } catch (error) {
    problems.push(`${label}: ${(error as Error).message.split('\n')[0]} — ${response.statusCode} ${response.body.slice(0, 200)}`)
  }
  const changed = await changes()
  if (changed) problems.push(`${label}: refused, yet ${changed}`)
  return problems
}

const isNumeric = (parameter: QueryParameter) => ['integer', 'number'].some((type) => [parameter.schema.type].flat().includes(type))

describe('query strings', () => {
  it('are read for every registered route', () => {
    expect(routes().filter((key) => !parameters.has(key)), 'routes missing from the OpenAPI document').toEqual([])
  })

  it('refuse a parameter the route does not name, on every route', async () => {
    const problems: string[] = []
    for (const key of routes()) {
      problems.push(...(await refusedForQuery(`${key} ?unknownParam`, request(key, queryOf(key, { unknownParam: '1' })), 'unknownParam')))
    }
    expect(problems.join('\n')).toBe('')
  })

  it('refuse what the service would have taken as a filter of its own', async () => {
    const problems: string[] = []
    for (const key of getRoutes()) {
      for (const name of ['scopeTownCodes', 'scopeFacilityIds', 'tenantId']) {
        problems.push(...(await refusedForQuery(`${key} ?${name}`, request(key, queryOf(key, { [name]: '330902002' })), name)))
      }
    }
    expect(problems.join('\n')).toBe('')
  })

  it('give every number a maximum, and refuse numbers beyond it on every GET route', async () => {
    const problems: string[] = []
    const numeric = getRoutes().flatMap((key) => parameters.get(key)!.filter(isNumeric).map((parameter) => ({ key, parameter })))
    expect(numeric.map(({ key, parameter }) => `${key} ${parameter.name}`)).toContain('GET /api/v1/elders page')
    for (const { key, parameter } of numeric) {
      const { name, schema } = parameter
      if (typeof schema.maximum !== 'number') {
        problems.push(`${key} ?${name}: no maximum`)
        continue
      }
      for (const value of [String(schema.maximum + 1), '1e300', '9223372036854775808', '-9223372036854775809']) {
        problems.push(...(await refusedForQuery(`${key} ?${name}=${value}`, request(key, queryOf(key, { [name]: value })), name)))
      }
    }
    expect(problems.join('\n')).toBe('')
  })

  it('take no whole 身份证号 and no phone number on any GET route: searches by number go in a body', async () => {
    const problems: string[] = []
    for (const key of getRoutes()) {
      for (const { name } of parameters.get(key)!) {
        for (const value of [ID_NUMBER, ID_NUMBER.toLowerCase(), PHONE, `${PHONE.slice(0, 3)} ${PHONE.slice(3, 7)} ${PHONE.slice(7)}`]) {
          problems.push(...(await refusedForQuery(`${key} ?${name}=<${value.length} characters>`, request(key, queryOf(key, { [name]: value })), name)))
        }
      }
    }
    expect(problems.join('\n')).toBe('')
  })

  it('still answer the routes’ own queries', async () => {
    const problems: string[] = []
    for (const key of getRoutes()) {
      const response = await t.app.inject(request(key, queryOf(key, {})))
      if (response.statusCode >= 300) problems.push(`${key}: ${response.statusCode} ${response.body.slice(0, 200)}`)
    }
    expect(problems.join('\n')).toBe('')
  })
})

describe('the log of the whole run', () => {
  it('holds no 身份证号 and no phone number', () => {
    expect(personalNumbersIn(t.log.join(''), [ID_NUMBER])).toEqual([])
  })
})
