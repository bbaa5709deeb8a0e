/**
 * A masked 身份证号 (`330902********0532`) hides digits 7–14, which are the birth date. An answer that
 * carries the masked number must not carry the birth date too, or the whole number is on the screen.
 *
 * Two walks: every registered route's published response schema (no date of birth beside a masked
 * number), and every readable route's real answers, as every role, JSON and .xlsx alike (no elder's
 * birth date in any form in an answer that shows that elder's masked number).
 */
import { idNumberBirthDate, maskIdNumber, ROLES, type Role } from '@eldercare/shared'
import ExcelJS from 'exceljs'
import type { InjectOptions } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { as, createTestApp, seedTenant, signIn, type SeededTenant, type TestApp } from '../../server/test/helper.js'
import { makeIdNumber } from '../../server/test/id-numbers.js'
import { MATRIX, type MatrixTargets } from '../authorization/matrix-entries.js'
import { withTarget } from '../authorization/matrix-targets.js'
import type { JsonSchema } from '../hostile/fixture.js'

let t: TestApp
let home: SeededTenant & MatrixTargets
const tokens = {} as Record<Role, string>

/**
 * Dates that may stand beside a masked number: days something happened to the record (a card issued,
 * a death, a category's or a consent's start), never the person's birth. A new date field beside a
 * masked number fails here until it is looked at and named.
 */
const RECORD_DATES = new Set(['issuedOn', 'cancelledAt', 'deceasedOn', 'updatedAt', 'startOn', 'endOn', 'consentOn', 'statusSince', 'concentratedCareNeedSince', 'needSince'])

beforeAll(async () => {
  t = await createTestApp()
  home = await withTarget(t.app, await seedTenant(t.app, '330902'))
  for (const role of ROLES) tokens[role] = (await signIn(t.app, '330902', role)).accessToken
  // An elder born on a day whose digits cannot be confused with other figures, with a card and a delegate.
  const admin = as(t.app, tokens.bureau_admin)
  const created = await admin({
    method: 'POST',
    url: '/api/v1/elders',
    payload: {
      idNumber: makeIdNumber('1938-11-27', '515'),
      name: '生日老人',
      communityCode: `${home.code}001001`,
      pickupDelegates: [{ name: '代领人', relation: '女儿', phone: '13900001111', consentOn: '2024-01-01' }],
    },
  })
  expect(created.statusCode, created.body).toBe(201)
  expect((await admin({ method: 'POST', url: '/api/v1/care-cards', payload: { elderId: created.json().id } })).statusCode).toBe(201)
})
afterAll(() => t.close())

interface Found {
  path: string
  problem: string
}

/** Every object in a schema that carries a masked 身份证号, with the path to it. */
function maskedHolders(schema: JsonSchema, path: string): { path: string; schema: JsonSchema }[] {
  const found: { path: string; schema: JsonSchema }[] = []
  if (Object.keys(schema.properties ?? {}).some((name) => /idNumberMasked/i.test(name))) found.push({ path, schema })
  for (const branch of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) found.push(...maskedHolders(branch, path))
  for (const [name, property] of Object.entries(schema.properties ?? {})) found.push(...maskedHolders(property, `${path}.${name}`))
  for (const items of [schema.items ?? []].flat()) found.push(...maskedHolders(items, `${path}[]`))
  return found
}

/** Full dates and birth-named fields anywhere inside an object that carries a masked number. */
function datesInside(schema: JsonSchema, path: string): Found[] {
  const found: Found[] = []
  for (const branch of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) found.push(...datesInside(branch, path))
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const at = `${path}.${name}`
    const types = [property.type, ...(property.anyOf ?? []).map((branch) => branch.type)].flat()
    const formats = [property.format, ...(property.anyOf ?? []).map((branch) => branch.format)]
    if (/birth/i.test(name) && !(types.length === 1 && types[0] === 'integer' && /year/i.test(name))) found.push({ path: at, problem: 'a birth field' })
    else if (formats.some((format) => format === 'date' || format === 'date-time') && !RECORD_DATES.has(name)) found.push({ path: at, problem: 'a full date' })
    found.push(...datesInside(property, at))
  }
  for (const items of [schema.items ?? []].flat()) found.push(...datesInside(items, `${path}[]`))
  return found
}

describe('response schemas', () => {
  it('never put a date of birth beside a masked 身份证号, on any registered route', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json<{
      paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema: JsonSchema }> }> }>>
    }>()
    const problems: string[] = []
    let holders = 0
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        for (const [status, response] of Object.entries(operation.responses ?? {})) {
          const schema = response.content?.['application/json']?.schema
          if (!schema) continue
          for (const holder of maskedHolders(schema, '')) {
            holders += 1
            for (const { path: at, problem } of datesInside(holder.schema, holder.path)) problems.push(`${method.toUpperCase()} ${path} ${status}: ${problem} at ${at || '.'}`)
          }
        }
      }
    }
    // The walk finds the elders and the cards, or it proves nothing.
    expect(holders).toBeGreaterThan(5)
    expect(problems.join('\n')).toBe('')
  })
})

/** Every elder of the tenant with its whole number, read from the database as only the server can. */
async function knownNumbers(): Promise<string[]> {
  const result = (await t.app.db.execute('select id_number_encrypted from elders')) as unknown as { id_number_encrypted: string }[] | { rows: { id_number_encrypted: string }[] }
  return (Array.isArray(result) ? result : result.rows).map((row) => t.app.pii.decrypt(row.id_number_encrypted))
}

/** The spellings of a birth date a screen or a sheet could show. */
function birthSpellings(idNumber: string): string[] {
  const date = idNumberBirthDate(idNumber)!
  const [year, month, day] = date.split('-') as [string, string, string]
  return [date, `${year}${month}${day}`, `${year}/${month}/${day}`, `${year}年${Number(month)}月${Number(day)}日`, `${year}.${month}.${day}`]
}

async function answerText(options: InjectOptions, token: string): Promise<{ status: number; text: string }> {
  const response = await as(t.app, token)(options)
  if (!String(response.headers['content-type'] ?? '').includes('spreadsheetml')) return { status: response.statusCode, text: response.body }
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer)
  const cells: string[] = []
  workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(cell.text))))
  return { status: response.statusCode, text: cells.join('\n') }
}

describe('answers', () => {
  it('never show an elder’s birth date beside that elder’s masked number, as any role, on any readable route', async () => {
    const numbers = await knownNumbers()
    expect(numbers.length).toBeGreaterThanOrEqual(2)
    const readable = Object.entries(MATRIX).filter(([key, entry]) => entry.roles !== 'public' && (key.startsWith('GET ') || key.endsWith('/search')))
    const problems: string[] = []
    let masked = 0
    for (const role of ROLES) {
      for (const [key, entry] of readable) {
        if (entry.roles === 'public' || !entry.roles.includes(role)) continue
        const [method, url] = key.split(' ') as [InjectOptions['method'], string]
        const params = entry.params?.(home, role) ?? {}
        const path = url.replace(/:(\w+)/g, (_, name: string) => params[name]!)
        const queries = [entry.query?.(home) ?? {}, ...(key === 'GET /api/v1/elders/export' ? [{ reveal: 'true' }] : [])]
        for (const query of queries) {
          const body = entry.body?.(home)
          const search = Object.keys(query).length > 0 ? `?${new URLSearchParams(query)}` : ''
          const { status, text } = await answerText({ method, url: path + search, ...(body ? { payload: key.endsWith('/search') ? {} : body } : {}) }, tokens[role])
          if (status >= 300) continue
          for (const idNumber of numbers) {
            if (!text.includes(maskIdNumber(idNumber))) continue
            masked += 1
            const shown = birthSpellings(idNumber).filter((spelling) => text.includes(spelling))
            if (shown.length > 0) problems.push(`${role} → ${key}${search}: ${maskIdNumber(idNumber)} beside ${shown.join(', ')}`)
          }
        }
      }
    }
    expect(masked, 'answers that showed a masked number').toBeGreaterThan(10)
    expect(problems.join('\n')).toBe('')
  })
})
