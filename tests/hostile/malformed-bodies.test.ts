/**
 * Bodies that are not what a route takes: unknown fields, wrong JSON types, no object at all, broken
 * JSON, the wrong content type, too large, too deep. Each is refused with a 4xx and a code, the
 * database is left as it was, and the app keeps answering.
 */
import { randomUUID } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import { ROLES, type Role } from '@eldercare/shared'
import type { InjectOptions } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedTenant, signIn, type SeededTenant } from '../../server/test/helper.js'
import { MATRIX, type MatrixTargets } from '../authorization/matrix-entries.js'
import { withTarget } from '../authorization/matrix-targets.js'
import {
  createLoggedTestApp,
  expectRefusal,
  jsonBodySchemas,
  personalNumbersIn,
  refusalWatch,
  type JsonSchema,
  type LoggedTestApp,
} from './fixture.js'

type Body = Record<string, unknown>

let t: LoggedTestApp
let home: SeededTenant & MatrixTargets
let schemas: Map<string, JsonSchema>
let watch: ReturnType<typeof refusalWatch>
const tokens = {} as Record<Role, string>
/** Path parameters per route, made once: some (a meal to void) are used up by every call. */
const paramsOf = new Map<string, Record<string, string>>()

/** Bodies for the routes the matrix sends without one (sign-in and refresh are public). */
const EXTRA_BODIES: Record<string, () => Body> = {
  'POST /api/v1/auth/login': () => ({ tenantCode: '330902', username: 'bureau_staff', password: 'Wrong#2024pass' }),
  'POST /api/v1/auth/refresh': () => ({ refreshToken: `${home.tenantId}.${'A'.repeat(43)}` }),
}

beforeAll(async () => {
  t = await createLoggedTestApp()
  home = await withTarget(t.app, await seedTenant(t.app, '330902'))
  for (const role of ROLES) tokens[role] = (await signIn(t.app, '330902', role)).accessToken
  schemas = await jsonBodySchemas(t.app)
  watch = refusalWatch(t.app)
})
afterAll(async () => {
  await t?.close()
})

function baseBody(key: string): Body {
  const body = EXTRA_BODIES[key]?.() ?? MATRIX[key]?.body?.(home)
  if (!body || typeof body !== 'object' || Buffer.isBuffer(body)) throw new Error(`${key}: no JSON body to start from`)
  return body as Body
}

/** A request to a route as one of the roles it admits, with whatever body and headers are given. */
function request(key: string, payload: InjectOptions['payload'], headers: Record<string, string> = {}): InjectOptions {
  const entry = MATRIX[key]!
  const [method, url] = key.split(' ') as [InjectOptions['method'], string]
  if (!paramsOf.has(key)) paramsOf.set(key, entry.params?.(home, 'bureau_admin') ?? {})
  const params = paramsOf.get(key)!
  const role = entry.roles === 'public' ? null : entry.roles.includes('bureau_admin') ? 'bureau_admin' : entry.roles[0]!
  return {
    method,
    url: url.replace(/:(\w+)/g, (_, name: string) => params[name]!),
    payload,
    headers: { ...(role ? { authorization: `Bearer ${tokens[role]}` } : {}), ...headers },
  }
}

/** Sends the request and checks the answer is a refusal that changed nothing; returns problems. */
async function refused(label: string, options: InjectOptions, status?: number, code?: string): Promise<string[]> {
  const changes = await watch(async () => null)
  const response = await t.app.inject(options)
  const problems: string[] = []
  try {
    expectRefusal(response, label)
    if (status !== undefined) expect(response.statusCode, label).toBe(status)
    if (code !== undefined) expect(response.json().code, label).toBe(code)
  } catch (error) {
    problems.push(`${label}: ${(error as Error).message.split('\n')[0]} — ${response.statusCode} ${response.body.slice(0, 200)}`)
  }
  const changed = await changes()
  if (changed) problems.push(`${label}: refused, yet ${changed}`)
  return problems
}

const jsonRoutes = () => [...schemas.keys()].filter((key) => MATRIX[key])

/** The JSON types a schema admits. */
function typesOf(schema: JsonSchema): Set<string> {
  const types = new Set<string>()
  for (const branch of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) typesOf(branch).forEach((type) => types.add(type))
  for (const type of [schema.type ?? []].flat()) types.add(type === 'integer' ? 'number' : type)
  if (schema.nullable) types.add('null')
  for (const value of [...(schema.enum ?? []), ...('const' in schema ? [schema.const] : [])]) types.add(value === null ? 'null' : typeof value)
  return types
}

/** Values of another JSON type than the schema admits, built from a valid value. */
function wrongValues(schema: JsonSchema, valid: unknown): { label: string; value: unknown }[] {
  const types = typesOf(schema)
  const wrong: { label: string; value: unknown }[] = []
  if (!types.has('string')) wrong.push({ label: 'text', value: typeof valid === 'number' || typeof valid === 'boolean' ? String(valid) : '1' })
  if (!types.has('number')) wrong.push({ label: 'a number', value: typeof valid === 'string' && /^\d+$/.test(valid) ? Number(valid) : 12345 })
  if (!types.has('null')) wrong.push({ label: 'null', value: null })
  if (!types.has('array')) wrong.push({ label: 'an array', value: [valid] })
  if (types.has('array') && Array.isArray(valid) && valid.length > 0) wrong.push({ label: 'one item, not an array', value: valid[0] })
  if (types.has('object') && !types.has('array')) wrong.push({ label: 'an array for an object', value: [] })
  return wrong
}

describe('bodies of the wrong shape', () => {
  it('refuses a field the schema does not name, at the top and inside, on every JSON write route', async () => {
    const problems: string[] = []
    for (const key of jsonRoutes()) {
      const body = baseBody(key)
      problems.push(...(await refused(`${key} + unknown field`, request(key, { ...body, unknownField: 'x' }), 400, 'VALIDATION_FAILED')))
      const nested = Object.entries(body).find(([, value]) => (Array.isArray(value) ? typeof value[0] === 'object' : value && typeof value === 'object'))
      if (nested) {
        const [name, value] = nested
        const inner = Array.isArray(value) ? [{ ...(value[0] as Body), unknownField: 'x' }, ...value.slice(1)] : { ...(value as Body), unknownField: 'x' }
        problems.push(...(await refused(`${key} + unknown field in ${name}`, request(key, { ...body, [name]: inner }), 400, 'VALIDATION_FAILED')))
      }
    }
    expect(problems.join('\n')).toBe('')
  })

  it('refuses every field given a value of the wrong JSON type, never coercing it', async () => {
    const problems: string[] = []
    for (const key of jsonRoutes()) {
      const schema = schemas.get(key)!
      const body = baseBody(key)
      for (const [name, valid] of Object.entries(body)) {
        const property = schema.properties?.[name]
        if (!property) continue
        for (const { label, value } of wrongValues(property, valid)) {
          problems.push(...(await refused(`${key} .${name} ← ${label}`, request(key, { ...body, [name]: value }), 400, 'VALIDATION_FAILED')))
        }
      }
    }
    expect(problems.join('\n')).toBe('')
  })

  it('refuses a body that is not an object', async () => {
    const problems: string[] = []
    for (const key of jsonRoutes()) {
      for (const payload of ['[]', '"text"', '42', 'null', 'true', '[{}]']) {
        problems.push(...(await refused(`${key} ← ${payload}`, request(key, payload, { 'content-type': 'application/json' }), 400, 'VALIDATION_FAILED')))
      }
    }
    expect(problems.join('\n')).toBe('')
  })

  it('refuses a meal batch of 500 broken records in one answer', async () => {
    const records = Array.from({ length: 500 }, () => ({ ...home.meal(), id: 'not-a-uuid', priceFen: '10', slot: 'supper', extra: true }))
    expect(await refused('batch of broken records', request('POST /api/v1/meal-records/batch', { records }), 400, 'VALIDATION_FAILED')).toEqual([])
  })
})

describe('bodies that are not JSON', () => {
  const ROUTES = ['POST /api/v1/elders', 'PATCH /api/v1/facilities/:id', 'POST /api/v1/auth/login', 'POST /api/v1/care-cards/:id/transactions']

  it('refuses broken JSON', async () => {
    const broken = [
      '{"name": "张三"',
      '{"name": "张三",}',
      "{'name': '张三'}",
      '{"priceFen": NaN}',
      '{"name": "张三" /* comment */}',
      '{"__proto__": {"admin": true}, "name": "张三"}',
      '{"constructor": {"prototype": {"admin": true}}}',
      '{"name": "\\ud800\\u0000"',
      '',
    ]
    const problems: string[] = []
    for (const key of ROUTES) {
      for (const payload of broken) problems.push(...(await refused(`${key} ← ${JSON.stringify(payload)}`, request(key, payload, { 'content-type': 'application/json' }), 400)))
      const invalidUtf8 = Buffer.concat([Buffer.from('{"name": "'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')])
      problems.push(...(await refused(`${key} ← invalid UTF-8`, request(key, invalidUtf8, { 'content-type': 'application/json' }), 400)))
    }
    expect(problems.join('\n')).toBe('')
  })

  it('refuses a body of the wrong content type', async () => {
    const problems: string[] = []
    const json = JSON.stringify({ name: '张三' })
    for (const key of ROUTES) {
      for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'image/png']) {
        problems.push(...(await refused(`${key} as ${contentType}`, request(key, json, { 'content-type': contentType }))))
      }
      problems.push(...(await refused(`${key} without a content type`, request(key, Buffer.from(json)))))
      problems.push(...(await refused(`${key} in UTF-16`, request(key, Buffer.from(`\uFEFF${json}`, 'utf16le'), { 'content-type': 'application/json; charset=utf-16' }))))
      problems.push(...(await refused(`${key} gzip-compressed`, request(key, gzipSync(json), { 'content-type': 'application/json', 'content-encoding': 'gzip' }))))
    }
    for (const key of ['POST /api/v1/regions/import', 'POST /api/v1/elders/import', 'POST /api/v1/population-stats/import']) {
      problems.push(...(await refused(`${key} given JSON`, request(key, { rows: [] }))))
      problems.push(...(await refused(`${key} given an empty body`, request(key, '', { 'content-type': MATRIX[key]!.contentType! }))))
    }
    problems.push(...(await refused('roster import given CSV bytes as .xlsx', request('POST /api/v1/elders/import', Buffer.from('姓名,身份证号\n'), { 'content-type': MATRIX['POST /api/v1/elders/import']!.contentType! }))))
    expect(problems.join('\n')).toBe('')
  })
})

describe('bodies too large or too deep', () => {
  it('refuses a JSON body over the limit with 413 and a code', async () => {
    const problems: string[] = []
    const large = { ...baseBody('POST /api/v1/elders'), dietaryNotes: 'x'.repeat(1024 * 1024) }
    problems.push(...(await refused('elder of 1 MiB', request('POST /api/v1/elders', large), 413, 'PAYLOAD_TOO_LARGE')))
    const batch = { records: Array.from({ length: 20_000 }, () => home.meal()) }
    problems.push(...(await refused('batch of 20,000 meals', request('POST /api/v1/meal-records/batch', batch), 413, 'PAYLOAD_TOO_LARGE')))
    const csv = `${home.regionCsv}\n${'330902001,街道,town,330902,subdistrict,\n'.repeat(60_000)}`
    problems.push(...(await refused('region CSV over the limit', request('POST /api/v1/regions/import', csv, { 'content-type': 'text/csv' }), 413, 'PAYLOAD_TOO_LARGE')))
    const xlsx = Buffer.concat([home.rosterXlsx, Buffer.alloc(31 * 1024 * 1024)])
    problems.push(...(await refused('roster over 30 MiB', request('POST /api/v1/elders/import', xlsx, { 'content-type': MATRIX['POST /api/v1/elders/import']!.contentType! }), 413, 'PAYLOAD_TOO_LARGE')))
    expect(problems.join('\n')).toBe('')
  })

  it('refuses deeply nested JSON without falling over', async () => {
    const problems: string[] = []
    const nest = (levels: number, open: string, close: string, inner = '1') => open.repeat(levels) + inner + close.repeat(levels)
    const { name: _name, ...rest } = baseBody('POST /api/v1/elders')
    const base = JSON.stringify(rest).slice(1, -1)
    const cases = [
      { label: '10,000 arrays in a text field', payload: `{${base},"name":${nest(10_000, '[', ']')}}` },
      { label: '10,000 objects in an unknown field', payload: `{${base},"name":"张三","deep":${nest(10_000, '{"a":', '}')}}` },
      { label: '10,000 objects in a known object', payload: `{${base},"name":"张三","pickupDelegates":[${nest(10_000, '{"name":', '}', '"x"')}]}` },
      { label: '10,000 arrays as the body', payload: nest(10_000, '[', ']') },
      { label: '500,000 arrays (1 MB) as the body', payload: nest(500_000, '[', ']', '') },
    ]
    for (const { label, payload } of cases) {
      problems.push(...(await refused(label, request('POST /api/v1/elders', payload, { 'content-type': 'application/json' }), 400, 'VALIDATION_FAILED')))
    }
    expect(problems.join('\n')).toBe('')
    const health = await t.app.inject({ method: 'GET', url: '/api/health' })
    expect(health.statusCode, health.body).toBe(200)
  })
})

describe('the checks themselves', () => {
  it('notice a write between two snapshots', async () => {
    const changes = await watch(async () => null)
    await t.app.inject(request('POST /api/v1/care-cards/:id/transactions', { id: randomUUID(), kind: 'top_up', amountFen: 100 }))
    expect(await changes()).toMatch(/row counts changed: .*card_ledger_entries/)
  })

  it('find personal numbers in text', () => {
    expect(personalNumbersIn('x 11010519491231002X y 13812345678 z')).toEqual(['11010519491231002X', '13812345678'])
    expect(personalNumbersIn('1718000000000 0.13812345678 330902001001 a13812345678 01a228d0-6c6e-7968-96c0')).toEqual([])
  })
})

describe('the log of the whole run', () => {
  it('holds no 身份证号 and no phone number', () => {
    expect(personalNumbersIn(t.log.join(''))).toEqual([])
  })
})

