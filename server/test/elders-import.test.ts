import type { Elder, RosterImportResult } from '@eldercare/shared'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { as, createTestApp, seedTenant, signIn, type TestApp } from './helper.js'
import { makeIdNumber } from './id-numbers.js'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

let t: TestApp
let bureau: ReturnType<typeof as>

beforeAll(async () => {
  t = await createTestApp()
  await seedTenant(t.app, '330902')
  bureau = as(t.app, (await signIn(t.app, '330902', 'bureau_staff')).accessToken)
})
afterAll(() => t.close())

const WANG = makeIdNumber('1940-01-05', '131')
const CHEN = makeIdNumber('1948-11-20', '142')
const ZHOU = makeIdNumber('1952-06-30', '153')

/**
 * A file as a bureau makes it: a merged title row, a two-row header with a merged group,
 * a 身份证号 typed as a number, dates as text, trailing spaces and a blank row.
 */
async function messyRoster(options: { badIdInRow5?: boolean } = {}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('花名册')
  sheet.addRow(['定海区2024年老年助餐对象花名册'])
  sheet.mergeCells('A1:F1')
  sheet.addRow(['姓名', '身份证号', '所属社区', '人员类别', '联系方式', ''])
  sheet.addRow(['', '', '', '', '本人电话', '纳入日期'])
  sheet.mergeCells('A2:A3')
  sheet.mergeCells('B2:B3')
  sheet.mergeCells('C2:C3')
  sheet.mergeCells('D2:D3')
  sheet.mergeCells('E2:F2')
  sheet.addRow(['王大伯 ', `${WANG} `, '一号社区', '低保、独居', '13811110000', '2023年3月2日'])
  sheet.addRow(['陈阿婆', options.badIdInRow5 ? CHEN.slice(0, 17) + (CHEN[17] === '1' ? '2' : '1') : CHEN, '二号村委会', '失能', '', '2022.5.1'])
  sheet.addRow([])
  sheet.addRow(['周老伯', ZHOU, '海岛村', '', '0580-2021234', ''])
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

const upload = (file: Buffer, dryRun: boolean) =>
  bureau({ method: 'POST', url: `/api/v1/elders/import?dryRun=${dryRun}`, payload: file, headers: { 'content-type': XLSX } })

const count = async () => (await bureau({ method: 'GET', url: '/api/v1/elders' })).json<{ total: number }>().total

describe('roster import', () => {
  it('lists the problems of a bad file with row and column in a dry run, writing nothing', async () => {
    const response = await upload(await messyRoster({ badIdInRow5: true }), true)
    expect(response.statusCode).toBe(200)
    const result = response.json<RosterImportResult>()
    expect(result).toMatchObject({ dryRun: true, rows: 3, created: 2, updated: 0 })
    expect(result.issues).toEqual([expect.objectContaining({ line: 5, column: '身份证号' })])
    expect(await count()).toBe(0)
  })

  it('refuses to commit a file with problems and writes nothing', async () => {
    const response = await upload(await messyRoster({ badIdInRow5: true }), false)
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ code: 'ROSTER_IMPORT_INVALID', details: [expect.objectContaining({ line: 5, path: '身份证号' })] })
    expect(await count()).toBe(0)
  })

  it('imports the corrected file, all rows', async () => {
    const response = await upload(await messyRoster(), false)
    expect(response.statusCode, response.body).toBe(200)
    expect(response.json()).toMatchObject({ dryRun: false, rows: 3, created: 3, updated: 0, issues: [] })
    const wang = (await bureau({ method: 'POST', url: '/api/v1/elders/search', payload: { q: WANG } })).json<{ items: Elder[] }>().items[0]!
    expect(wang).toMatchObject({ name: '王大伯', communityCode: '330902001001', phoneMasked: '138****0000' })
    expect(wang.categories.map((c) => [c.category, c.startOn])).toEqual([
      ['minimum_livelihood', '2023-03-02'],
      ['living_alone', '2023-03-02'],
    ])
  })

  it('updates by 身份证号 on re-import and never duplicates', async () => {
    const response = await upload(await messyRoster(), false)
    expect(response.json()).toMatchObject({ created: 0, updated: 3 })
    expect(await count()).toBe(3)
  })

  it('refuses a body that is not an .xlsx file', async () => {
    const response = await bureau({ method: 'POST', url: '/api/v1/elders/import', payload: Buffer.from('name,id\n'), headers: { 'content-type': XLSX } })
    expect(response.json()).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' })
    const wrongType = await bureau({ method: 'POST', url: '/api/v1/elders/import', payload: 'x', headers: { 'content-type': 'image/png' } })
    expect(wrongType.json()).toMatchObject({ statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE' })
  })

  it('keeps town staff imports inside their towns', async () => {
    const town = as(t.app, (await signIn(t.app, '330902', 'town_staff')).accessToken)
    const response = await town({ method: 'POST', url: '/api/v1/elders/import?dryRun=true', payload: await messyRoster(), headers: { 'content-type': XLSX } })
    const result = response.json<RosterImportResult>()
    expect(result.issues).toEqual([expect.objectContaining({ line: 7, column: '所属社区' })])
  })
})

describe('a roster whose columns the import cannot tell', () => {
  async function oddRoster(): Promise<Buffer> {
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('花名册')
    sheet.addRow(['户主', '编号', '片区'])
    sheet.addRow(['王大海', ZHOU, '一号社区居委会'])
    return Buffer.from((await workbook.xlsx.writeBuffer()) as ArrayBuffer)
  }

  it('shows the header and first rows, remembers what the user says the columns are, and reads the next file by it', async () => {
    const asked = (await upload(await oddRoster(), true)).json<RosterImportResult>()
    expect(asked.columnsNeeded).toMatchObject({ missing: ['name', 'community'], headerRows: [['户主', '编号', '片区']], sampleRows: [['王大海', ZHOU, '一号社区居委会']] })
    expect(asked.issues).toHaveLength(1)

    const saved = await bureau({ method: 'PUT', url: '/api/v1/elders/import/mappings', payload: { mappings: [{ header: '户主', field: 'name' }, { header: '片区', field: 'community' }] } })
    expect(saved.statusCode).toBe(200)
    expect(saved.json().mappings).toEqual(expect.arrayContaining([{ header: '户主', field: 'name' }, { header: '片区', field: 'community' }]))
    // A field the roster does not have is refused and nothing is kept.
    expect((await bureau({ method: 'PUT', url: '/api/v1/elders/import/mappings', payload: { mappings: [{ header: '编号', field: 'salary' }] } })).statusCode).toBe(400)

    const told = (await upload(await oddRoster(), true)).json<RosterImportResult>()
    expect(told).toMatchObject({ rows: 1, issues: [] })
    expect(told.created + told.updated).toBe(1)
    expect(told.columnsNeeded).toBeUndefined()

    // Another district's users are not bound by this tenant's mappings.
    await seedTenant(t.app, '330903')
    const other = as(t.app, (await signIn(t.app, '330903', 'bureau_staff')).accessToken)
    const elsewhere = (await other({ method: 'POST', url: '/api/v1/elders/import?dryRun=true', payload: await oddRoster(), headers: { 'content-type': XLSX } })).json<RosterImportResult>()
    expect(elsewhere.columnsNeeded?.missing).toEqual(['name', 'community'])
  })
})
