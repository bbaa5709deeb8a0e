/**
 * Shared pieces of the hostile-input suite: the troublesome strings, an app whose log is captured,
 * the text fields of a route read from its published body schema, and a cheap "did anything change"
 * snapshot of the database.
 */
import { TEXT_PATTERN } from '@eldercare/shared'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { expect } from 'vitest'
import { buildApp } from '../../server/src/app.js'
import { loadConfig } from '../../server/src/config.js'
import { createTestDatabase, TEST_SECRETS, type TestApp } from '../../server/test/helper.js'

/**
 * How a free-text field (the shared `Text` schema) must answer a string:
 * `text` — ordinary if unusual text, stored and read back byte for byte;
 * `refuse` — not text a person can mean (control characters, broken UTF-16, nothing visible, too long), 4xx;
 * `either` — only the general rule holds (stored exactly, or refused with a code).
 */
export type Expectation = 'text' | 'refuse' | 'either'

export interface Troublesome {
  label: string
  value: string
  expect: Expectation
}

export const TROUBLESOME: readonly Troublesome[] = [
  { label: 'SQL: quote and comment', value: "Robert'); DROP TABLE elders;--", expect: 'text' },
  { label: 'SQL: tautology', value: "' OR '1'='1' --", expect: 'text' },
  { label: 'SQL: dollar quoting', value: "$$; COPY users TO PROGRAM 'id'; $$ \\x27 E'\\\\'", expect: 'text' },
  { label: 'script tag', value: '<script>alert("xss")</script>', expect: 'text' },
  { label: 'attribute breakout', value: '"><img src=x onerror=alert(document.cookie)>', expect: 'text' },
  { label: 'template and format strings', value: '{{7*7}} ${7*7} <%= 7*7 %> %s%n%x', expect: 'text' },
  { label: 'spreadsheet formula', value: '=HYPERLINK("http://evil.example","点我")', expect: 'text' },
  { label: 'backslashes and escapes', value: 'C:\\Windows\\ \\u0000 \\n \\"', expect: 'text' },
  { label: 'prototype names', value: '__proto__ constructor prototype', expect: 'text' },
  { label: 'right-to-left override', value: '\u202Eevil.exe\u202C 名单', expect: 'text' },
  { label: 'right-to-left text with marks', value: '\u200F\u05E9\u05DC\u05D5\u05DD \u0645\u0631\u062D\u0628\u0627\u200E', expect: 'text' },
  { label: 'emoji with modifiers', value: '👵🏻👴🏽🍜🥟', expect: 'text' },
  { label: 'emoji sequences and flags', value: '👨‍👩‍👧‍👦🏳️‍🌈🇨🇳', expect: 'text' },
  { label: 'outside the BMP', value: '干𬒗镇𠀀𪚥', expect: 'text' },
  { label: 'combining marks', value: 'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚o', expect: 'text' },
  { label: 'decomposed and composed', value: 'e\u0301 \u00e9', expect: 'text' },
  { label: 'zero-width characters inside', value: 'a\u200Bb\u200Cc\u200Dd\uFEFFe', expect: 'text' },
  { label: 'surrounding spaces', value: '  前后空格  ', expect: 'text' },
  { label: 'ideographic space inside', value: '全角\u3000空格', expect: 'text' },
  { label: 'the word null', value: 'null', expect: 'text' },
  { label: 'line and paragraph separators', value: 'a\u2028b\u2029c', expect: 'either' },
  { label: 'empty', value: '', expect: 'refuse' },
  { label: 'spaces only', value: '   ', expect: 'refuse' },
  { label: 'wide and no-break spaces only', value: '\u3000\u00A0\u2003', expect: 'refuse' },
  { label: 'NUL', value: 'a\u0000b', expect: 'refuse' },
  { label: 'newline', value: 'line1\nline2', expect: 'refuse' },
  { label: 'terminal escape', value: 'a\u001B[31mred', expect: 'refuse' },
  { label: 'DEL', value: 'a\u007Fb', expect: 'refuse' },
  { label: 'C1 control', value: 'a\u0085b\u009B', expect: 'refuse' },
  { label: 'lone high surrogate', value: 'a\uD800b', expect: 'refuse' },
  { label: 'lone low surrogate', value: 'a\uDC00b', expect: 'refuse' },
  { label: '10,000 characters', value: '长'.repeat(10_000), expect: 'refuse' },
  { label: '10,000 characters outside the BMP', value: '𬒗'.repeat(10_000), expect: 'refuse' },
]

/** The pattern of the shared `Text` schema: fields with it take any text a person can mean. */
export const FREE_TEXT_PATTERN = TEXT_PATTERN

/** At a free-text field's limit, counted in characters (not UTF-16 units), and one past it. */
export function boundaryStrings(maxLength: number): Troublesome[] {
  return [
    { label: `${maxLength} characters outside the BMP`, value: '𬒗'.repeat(maxLength), expect: 'text' },
    { label: `${maxLength + 1} characters`, value: '长'.repeat(maxLength + 1), expect: 'refuse' },
  ]
}

// --- the app, with its log captured ------------------------------------------------------------

export interface LoggedTestApp extends TestApp {
  /** Every line the app logged, level `trace` and up. */
  log: string[]
}

/** A fresh app on a fresh database, like `createTestApp`, logging everything into `log`. */
export async function createLoggedTestApp(): Promise<LoggedTestApp> {
  const config = loadConfig({ APP_MODE: 'test', LOG_LEVEL: 'trace', LOGIN_RATE_LIMIT_PER_MINUTE: '100000' })
  const { handle, drop, url } = await createTestDatabase(config.databasePoolSize)
  const log: string[] = []
  const app = await buildApp({ config, secrets: TEST_SECRETS, database: handle, logStream: { write: (line: string) => void log.push(line) } })
  return {
    app,
    database: handle,
    databaseUrl: url,
    config,
    log,
    async close() {
      await app.close()
      await drop()
    },
  }
}

/** A whole 身份证号 (18 characters) or a mainland mobile number, not part of a longer run of digits or letters. */
export const ID_NUMBER_PATTERN = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g
export const MOBILE_PATTERN = /(?<![0-9A-Za-z.])1[3-9]\d{9}(?![0-9A-Za-z])/g

/** The personal numbers found in a text; `known` adds values that must not appear in any form. */
export function personalNumbersIn(text: string, known: Iterable<string> = []): string[] {
  const found = [...text.matchAll(ID_NUMBER_PATTERN), ...text.matchAll(MOBILE_PATTERN)].map((match) => match[0])
  for (const value of known) if (text.includes(value)) found.push(value)
  return [...new Set(found)]
}

// --- route schemas ------------------------------------------------------------------------------

/** A JSON schema as @fastify/swagger publishes it. */
export interface JsonSchema {
  type?: string | string[]
  format?: string
  pattern?: string
  minLength?: number
  maxLength?: number
  enum?: unknown[]
  const?: unknown
  /** OpenAPI 3.0's spelling of "or null": @fastify/swagger turns `anyOf [X, null]` into it. */
  nullable?: boolean
  properties?: Record<string, JsonSchema>
  required?: string[]
  additionalProperties?: boolean | JsonSchema
  patternProperties?: Record<string, JsonSchema>
  items?: JsonSchema | JsonSchema[]
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  allOf?: JsonSchema[]
}

/** `METHOD /api/v1/path/:param` → the JSON body schema of every route that takes one. */
export async function jsonBodySchemas(app: FastifyInstance): Promise<Map<string, JsonSchema>> {
  const doc = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json<{
    paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema: JsonSchema }> } }>>
  }>()
  const schemas = new Map<string, JsonSchema>()
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const schema = operation.requestBody?.content?.['application/json']?.schema
      if (schema) schemas.set(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`, schema)
    }
  }
  return schemas
}

/** A query parameter as OpenAPI lists it. */
export interface QueryParameter {
  name: string
  required: boolean
  schema: JsonSchema & { minimum?: number; maximum?: number }
}

/** `METHOD /api/v1/path/:param` → the query parameters of every route, as published. */
export async function queryParameters(app: FastifyInstance): Promise<Map<string, QueryParameter[]>> {
  const doc = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json<{
    paths: Record<string, Record<string, { parameters?: (QueryParameter & { in: string })[] }>>
  }>()
  const found = new Map<string, QueryParameter[]>()
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const query = (operation.parameters ?? []).filter((parameter) => parameter.in === 'query')
      found.set(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`, query.map(({ name, required, schema }) => ({ name, required: Boolean(required), schema })))
    }
  }
  return found
}

const IDENTIFIER_FORMATS = new Set(['uuid', 'date', 'date-time'])

/** A string in a body: ids, dates and enums are not text a person types. */
function isTextSchema(schema: JsonSchema): boolean {
  const types = [schema.type].flat()
  return types.includes('string') && !IDENTIFIER_FORMATS.has(schema.format ?? '') && schema.enum === undefined && schema.const === undefined
}

/**
 * Every text field a body schema admits, by path (`.pickupDelegates[].name`), with its string schema.
 * Record keys are not listed: they name things (score sections), they are not text.
 */
export function textFields(schema: JsonSchema, path = ''): Map<string, JsonSchema> {
  const found = new Map<string, JsonSchema>()
  const add = (more: Map<string, JsonSchema>) => more.forEach((value, key) => found.set(key, value))
  for (const branch of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) add(textFields(branch, path))
  if (isTextSchema(schema)) found.set(path, schema)
  for (const [name, property] of Object.entries(schema.properties ?? {})) add(textFields(property, `${path}.${name}`))
  for (const items of [schema.items ?? []].flat()) add(textFields(items, `${path}[]`))
  return found
}

export type BodyPath = (string | number)[]

/** `['pickupDelegates', 0, 'name']` → `.pickupDelegates[].name`, the form `textFields` uses. */
export function schemaPath(path: BodyPath): string {
  return path.map((part) => (typeof part === 'number' ? '[]' : `.${part}`)).join('')
}

/** Every string leaf of a body, first array element only: one of each field is enough. */
export function stringLeaves(value: unknown, path: BodyPath = []): BodyPath[] {
  if (typeof value === 'string') return [path]
  if (Array.isArray(value)) return value.length > 0 ? stringLeaves(value[0], [...path, 0]) : []
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, inner]) => stringLeaves(inner, [...path, key]))
  return []
}

export function getAt(value: unknown, path: BodyPath): unknown {
  let current = value
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined
    current = (current as Record<string | number, unknown>)[part]
  }
  return current
}

export function withValueAt<T>(body: T, path: BodyPath, replacement: unknown): T {
  const copy = structuredClone(body)
  let current = copy as Record<string | number, unknown>
  for (const part of path.slice(0, -1)) current = current[part] as Record<string | number, unknown>
  current[path[path.length - 1]!] = replacement
  return copy
}

// --- did anything change? -----------------------------------------------------------------------

let countQuery: string | null = null

/** Rows per table of the app's database, in one query: a refused request must leave every count alone. */
export async function rowCounts(app: FastifyInstance): Promise<Record<string, number>> {
  if (!countQuery) {
    const tables = await rows<{ name: string }>(
      app,
      "select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name",
    )
    // The API's timer moves meal deltas into the daily totals at any moment: those two tables are compared
    // by the meals they add up to together, which the move keeps, rather than by their rows.
    const folded = new Set(['meal_daily_deltas', 'meal_daily_totals'])
    countQuery = [
      ...tables.filter(({ name }) => !folded.has(name)).map(({ name }) => `select '${name}' as name, count(*)::int as n from "${name}"`),
      `select 'meal_daily_totals + meal_daily_deltas (meals)' as name, coalesce(sum(meals), 0)::int as n from (select meals from meal_daily_totals union all select meals from meal_daily_deltas) as meals`,
    ].join(' union all ')
  }
  const counts: Record<string, number> = {}
  for (const { name, n } of await rows<{ name: string; n: number }>(app, countQuery)) counts[name] = Number(n)
  return counts
}

/**
 * The next transaction id PostgreSQL will hand out. Reading it writes nothing; any transaction that
 * writes (even one rolled back) moves it on, so an unchanged value proves nothing was written anywhere.
 */
export async function nextTransactionId(app: FastifyInstance): Promise<string> {
  const [row] = await rows<{ xid: string }>(app, 'select pg_snapshot_xmax(pg_current_snapshot())::text as xid')
  return row!.xid
}

/**
 * Compares the database around refused requests. A snapshot (row counts plus whatever `state` reads) is
 * only taken again when some transaction wrote since the last one; when nothing wrote during the request,
 * nothing can have changed and no snapshot is needed.
 */
export function refusalWatch(app: FastifyInstance) {
  let cached: { xid: string; snapshot: unknown } | null = null
  return async function watch(state: () => Promise<unknown>): Promise<() => Promise<string | null>> {
    const snapshot = async () => ({ counts: await rowCounts(app), state: await state() })
    const xid = await nextTransactionId(app)
    const before = cached?.xid === xid ? cached.snapshot : await snapshot()
    cached = { xid, snapshot: before }
    /** After a refusal: what changed, or null. */
    return async () => {
      const now = await nextTransactionId(app)
      if (now === xid) return null
      const after = (await snapshot()) as { counts: Record<string, number>; state: unknown }
      cached = { xid: now, snapshot: after }
      const { counts, state: target } = before as typeof after
      const changed = Object.keys(after.counts).filter((name) => counts[name] !== after.counts[name])
      if (changed.length > 0) return `row counts changed: ${changed.map((name) => `${name} ${counts[name]} → ${after.counts[name]}`).join(', ')}`
      return JSON.stringify(target) === JSON.stringify(after.state) ? null : 'the target changed'
    }
  }
}

async function rows<T>(app: FastifyInstance, query: string): Promise<T[]> {
  const result = (await app.db.execute(query)) as unknown as T[] | { rows: T[] }
  return Array.isArray(result) ? result : result.rows
}

/** A refusal: a 4xx (never a 5xx) with a code from `shared` in the body. */
export function expectRefusal(response: LightMyRequestResponse, label: string) {
  expect(response.statusCode, label).toBeGreaterThanOrEqual(400)
  expect(response.statusCode, label).toBeLessThan(500)
  const body = response.json<{ code?: unknown; statusCode?: unknown }>()
  expect(typeof body.code, `${label}: error code`).toBe('string')
  expect(body.statusCode, `${label}: statusCode in the body`).toBe(response.statusCode)
}

/** Shows a string with its invisible characters spelled out, for failure messages. */
export function visible(value: string): string {
  const shown = JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…(${value.length})` : value)
  return shown.replace(/[\u007f-\u009f\u200b-\u200f\u2028-\u202e\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}
