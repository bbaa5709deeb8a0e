/**
 * The troublesome strings again, this time inside files: a region list (CSV) and an elder roster
 * (.xlsx). A file is text the bureau did not type into a form, so the import may tidy what the
 * roster format documents (trimmed cells, padded names); everything else is stored exactly, or the
 * file is refused with a code (CSV) or a list of issues (roster) and nothing is written.
 */
import type { Region, RosterImportResult } from '@eldercare/shared'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { as, sampleRegionCsv, seedTenant, signIn, type SeededTenant } from '../../server/test/helper.js'
import { makeIdNumber } from '../../server/test/id-numbers.js'
import {
  boundaryStrings,
  createLoggedTestApp,
  expectRefusal,
  personalNumbersIn,
  refusalWatch,
  TROUBLESOME,
  visible,
  type LoggedTestApp,
  type Troublesome,
} from './fixture.js'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

let t: LoggedTestApp
let tenant: SeededTenant
let admin: ReturnType<typeof as>
let watch: ReturnType<typeof refusalWatch>

beforeAll(async () => {
  t = await createLoggedTestApp()
  tenant = await seedTenant(t.app, '330902')
  admin = as(t.app, (await signIn(t.app, tenant.code, 'bureau_admin')).accessToken)
  watch = refusalWatch(t.app)
})
afterAll(async () => {
  await t?.close()
})

/** What a string is once written to a file as UTF-8: half a surrogate pair cannot be, and becomes U+FFFD. */
const asBytesSay = (value: string) => Buffer.from(value, 'utf8').toString('utf8')

/** A text that must be stored (`text`), must be refused (`refuse`), or either, for a field of `maxLength`. */
function expectationFor(troublesome: Troublesome, maxLength: number): Troublesome['expect'] {
  if ([...troublesome.value].length > maxLength) return 'refuse'
  // Written to a file, a lone surrogate is U+FFFD: a visible, storable character.
  if (/[\ud800-\udfff]/.test(troublesome.value) && !/[\ud800-\udbff][\udc00-\udfff]/.test(troublesome.value)) return 'either'
  return troublesome.expect
}

const csvField = (value: string) => `"${value.replace(/"/g, '""')}"`

describe('a region list (CSV) with troublesome names', () => {
  const COMMUNITY = '330902001001'
  for (const column of ['name', 'island'] as const) {
    it(`stores a community's ${column} exactly, or refuses the file`, async () => {
      const maxLength = column === 'name' ? 64 : 32
      const problems: string[] = []
      for (const troublesome of [...TROUBLESOME, ...boundaryStrings(maxLength)]) {
        const label = `${column} ← ${troublesome.label}`
        const lines = sampleRegionCsv(tenant.code).split('\n')
        const index = lines.findIndex((line) => line.startsWith(`${COMMUNITY},`))
        const cells = lines[index]!.split(',')
        cells[column === 'name' ? 1 : 5] = csvField(troublesome.value)
        lines[index] = cells.join(',')
        const regionsBefore = (await admin({ method: 'GET', url: '/api/v1/regions' })).json<{ items: Region[] }>().items
        const islandBefore = regionsBefore.find((item) => item.code === COMMUNITY)?.island ?? null
        const changes = await watch(async () => (await admin({ method: 'GET', url: '/api/v1/regions' })).json())
        const response = await admin({ method: 'POST', url: '/api/v1/regions/import', payload: lines.join('\n'), headers: { 'content-type': 'text/csv' } })
        const expectation = expectationFor(troublesome, maxLength)
        if (response.statusCode >= 500) {
          problems.push(`${label}: ${response.statusCode} ${response.body.slice(0, 200)}`)
        } else if (response.statusCode < 300) {
          if (expectation === 'refuse' && !(column === 'island' && troublesome.value === '')) problems.push(`${label}: accepted, must be refused`)
          const region = (await admin({ method: 'GET', url: '/api/v1/regions' })).json<{ items: Region[] }>().items.find((item) => item.code === COMMUNITY)
          const stored = region?.[column]
          // An empty island cell keeps the island the bureau set: the official list has few of them.
          const expected = column === 'island' && troublesome.value === '' ? islandBefore : asBytesSay(troublesome.value)
          if (stored !== expected) problems.push(`${label}: sent ${visible(troublesome.value)}, read back ${stored == null ? stored : visible(stored)}`)
        } else {
          try {
            expectRefusal(response, label)
          } catch (error) {
            problems.push((error as Error).message.split('\n')[0]!)
          }
          if (expectation === 'text' && !(column === 'island' && troublesome.value === '')) problems.push(`${label}: refused ordinary text — ${response.body.slice(0, 200)}`)
          const changed = await changes()
          if (changed) problems.push(`${label}: refused, yet ${changed}`)
        }
      }
      expect(problems.join('\n')).toBe('')
    })
  }

  it('refuses a list that is not UTF-8', async () => {
    const changes = await watch(async () => null)
    const csv = Buffer.concat([Buffer.from(sampleRegionCsv(tenant.code).replace('一号社区居委会', '')), Buffer.from([0xd2, 0xbb])])
    const response = await admin({ method: 'POST', url: '/api/v1/regions/import', payload: csv, headers: { 'content-type': 'text/csv' } })
    expectRefusal(response, 'GBK bytes')
    expect(await changes()).toBeNull()
  })
})

describe('an elder roster (.xlsx) with troublesome names', () => {
  let sequence = 100

  async function rosterWithName(name: string, idNumber: string): Promise<{ file: Buffer; inFile: string }> {
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('花名册')
    sheet.addRow(['姓名', '身份证号', '社区代码'])
    sheet.addRow([name, idNumber, `${tenant.code}001001`])
    const file = Buffer.from(await workbook.xlsx.writeBuffer())
    // XML cannot hold most control characters: what the file says is what exceljs reads back.
    const reread = new ExcelJS.Workbook()
    await reread.xlsx.load(file as unknown as Parameters<typeof reread.xlsx.load>[0])
    return { file, inFile: String(reread.worksheets[0]!.getCell('A2').value ?? '') }
  }

  it('creates the elder with the name as written, or lists an issue and writes nothing', async () => {
    const problems: string[] = []
    const bodies: string[] = []
    for (const troublesome of [...TROUBLESOME, ...boundaryStrings(32)]) {
      const label = `name ← ${troublesome.label}`
      const idNumber = makeIdNumber('1945-06-01', String(++sequence))
      const changes = await watch(async () => null)
      const { file, inFile } = await rosterWithName(troublesome.value, idNumber)
      const response = await admin({ method: 'POST', url: '/api/v1/elders/import', payload: file, headers: { 'content-type': XLSX } })
      bodies.push(response.body)
      if (response.statusCode >= 500) {
        problems.push(`${label}: ${response.statusCode} ${response.body.slice(0, 200)}`)
        continue
      }
      if (response.statusCode >= 400) {
        expectRefusal(response, label)
        const changed = await changes()
        if (changed) problems.push(`${label}: refused, yet ${changed}`)
        continue
      }
      const result = response.json<RosterImportResult>()
      // Line breaks in a cell (Alt+Enter) become spaces, like the padding clerks type.
      const expectation = inFile === asBytesSay(troublesome.value) && !/\n/.test(inFile) ? expectationFor(troublesome, 32) : 'either'
      if (result.issues.length > 0) {
        const changed = await changes()
        if (changed) problems.push(`${label}: issues listed, yet ${changed}`)
        // The roster trims cells and drops zero-width characters (clerks' stray keystrokes); the rest is ordinary text.
        const tidied = /^[\s\u200b-\u200d\ufeff]|[\s\u200b-\u200d\ufeff]$|\u200b|\u200c|\u200d|\ufeff|\s{2,}/.test(troublesome.value)
        if (expectation === 'text' && !tidied) problems.push(`${label}: refused ordinary text — ${result.issues.map((issue) => issue.message).join('; ')}`)
        continue
      }
      if (expectation === 'refuse') problems.push(`${label}: accepted, must be refused`)
      const found = await admin({ method: 'POST', url: '/api/v1/elders/search', payload: { q: idNumber.slice(-4) } })
      const stored = found.json<{ items: { name: string; idNumberMasked: string }[] }>().items.find((elder) => elder.idNumberMasked.endsWith(idNumber.slice(-4)))?.name
      const untouched = !/[\s\u200b-\u200d\ufeff]/.test(inFile)
      if (untouched && stored !== inFile) problems.push(`${label}: the file says ${visible(inFile)}, read back ${stored === undefined ? stored : visible(stored)}`)
    }
    expect(problems.join('\n')).toBe('')
    expect(personalNumbersIn(bodies.join('\n')), 'roster answers').toEqual([])
  })
})

describe('the log of the whole run', () => {
  it('holds no 身份证号 and no phone number', () => {
    expect(personalNumbersIn(t.log.join(''))).toEqual([])
  })
})
