import { schema } from '@eldercare/db'
import type { PopulationColumnMappings, PopulationImportResult, PopulationStat } from '@eldercare/shared'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { as, createTestApp, seedTenant, signIn, type TestApp } from './helper.js'

const CODE = '330912'
const C1 = `${CODE}001001` // 一号社区居委会
const C2 = `${CODE}001200` // 二号村委会
const C3 = `${CODE}100200` // 海岛村委会
const OTHER = '330913'

let t: TestApp
let staff: ReturnType<typeof as>
let otherStaff: ReturnType<typeof as>

beforeAll(async () => {
  t = await createTestApp()
  await seedTenant(t.app, CODE)
  await seedTenant(t.app, OTHER)
  staff = as(t.app, (await signIn(t.app, CODE, 'bureau_staff')).accessToken)
  otherStaff = as(t.app, (await signIn(t.app, OTHER, 'bureau_staff')).accessToken)
})
afterAll(() => t.close())
beforeEach(async () => {
  await t.app.db.delete(schema.populationStats)
  await t.app.db.delete(schema.importColumnMappings)
})

type Cell = string | number | null

/** A real workbook: optional title rows, the header rows, then the data; `merges` as [top, left, bottom, right]. */
async function workbook(rows: Cell[][], merges: [number, number, number, number][] = []): Promise<Buffer> {
  const book = new ExcelJS.Workbook()
  const sheet = book.addWorksheet('人口统计')
  for (const row of rows) sheet.addRow(row)
  for (const [top, left, bottom, right] of merges) sheet.mergeCells(top, left, bottom, right)
  return Buffer.from(await book.xlsx.writeBuffer())
}

const XLSX = { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }
const url = (dryRun: boolean, basis = 'registered', year = 2025) => `/api/v1/population-stats/import?year=${year}&basis=${basis}&dryRun=${dryRun}`

async function imported(basis = 'registered', year = 2025) {
  const list = (await staff({ method: 'GET', url: `/api/v1/population-stats?year=${year}&basis=${basis}` })).json<PopulationStat[]>()
  return list.map((row) => [row.communityCode, row.population60Plus, row.population80Plus, row.populationTotal])
}

describe(`population import reads headers by what they mean (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  it.each([
    ['村名 and 60周岁及以上', ['所在村（社区）', '常住总人口', '60周岁及以上', '80周岁及以上']],
    ['居委会 and 人口总数', ['居委会名称', '人口总数', '60岁以上老年人数', '80岁以上高龄老人数']],
    ['所属 and 老年人口', ['所属村社', '户籍人口', '老年人口', '高龄人口']],
  ])('%s', async (_name, header) => {
    const file = await workbook([
      ['2025年人口统计表'],
      ['填报单位：测试区民政局'],
      header,
      ['一号社区居委会', '2,010', 410, '52'],
      ['二号村委会', 1000, '３００', 40],
      ['合计', 3010, 710, 92],
    ], [[1, 1, 1, 4]])
    const check = await staff({ method: 'POST', url: url(true), headers: XLSX, payload: file })
    expect(check.json<PopulationImportResult>()).toMatchObject({ rows: 2, dryRun: true, errors: [] })
    expect((await staff({ method: 'POST', url: url(false), headers: XLSX, payload: file })).json()).toMatchObject({ imported: 2 })
    expect(await imported()).toEqual([
      [C1, 410, 52, 2010],
      [C2, 300, 40, 1000],
    ])
  })

  it('tells a 12-digit code column by its values, whatever its header says, and checks a 年份 column', async () => {
    const file = await workbook([
      ['所在村', '村社', '年度', '总人口', '60岁以上人口', '80岁以上人口'],
      [C1, '一号社区居委会', '2025年', 2010, 410, 52],
      [C3, '海岛村委会', 2024, 900, 200, 30],
    ])
    const check = (await staff({ method: 'POST', url: url(true), headers: XLSX, payload: file })).json<PopulationImportResult>()
    expect(check.errors).toEqual([{ row: 3, column: '年度', code: 'YEAR_MISMATCH', message: '年度为“2024”，与导入的 2025 年不符' }])
    const refused = await staff({ method: 'POST', url: url(false), headers: XLSX, payload: file })
    expect(refused.statusCode).toBe(400)
    expect(refused.json()).toMatchObject({ code: 'POPULATION_IMPORT_INVALID', details: [{ line: 3, path: '年度' }] })
    expect(await imported()).toEqual([])
  })

  it('reads a merged two-row header with sub-columns, and each basis takes its own columns', async () => {
    // 户籍人口 over 总数 | 60岁以上 | 80岁以上, and 常住人口 over the same: one file for both imports.
    const file = await workbook(
      [
        ['各村（社区）老年人口统计（2025年）'],
        ['区划代码', '村（社区）', '户籍人口', null, null, '常住人口', null, null],
        [null, null, '总数', '60岁以上', '80岁以上', '总数', '60岁以上', '80岁以上'],
        [C1, '一号社区居委会', 2010, 410, 52, 2500, 450, 60],
        [C3, '海岛村委会', 900, 200, 30, 700, 180, 25],
      ],
      [
        [1, 1, 1, 8],
        [2, 1, 3, 1],
        [2, 2, 3, 2],
        [2, 3, 2, 5],
        [2, 6, 2, 8],
      ],
    )
    for (const basis of ['registered', 'resident']) {
      const response = await staff({ method: 'POST', url: url(false, basis), headers: XLSX, payload: file })
      expect(response.json(), basis).toMatchObject({ imported: 2, errors: [] })
    }
    expect(await imported('registered')).toEqual([
      [C1, 410, 52, 2010],
      [C3, 200, 30, 900],
    ])
    expect(await imported('resident')).toEqual([
      [C1, 450, 60, 2500],
      [C3, 180, 25, 700],
    ])
  })

  it('reads 老年人口 merged over 60岁以上 | 80岁以上 beside a 总人口 merged down', async () => {
    const file = await workbook(
      [
        ['村社代码', '村（社区）', '总人口', '老年人口', null],
        [null, null, null, '60岁以上', '其中：80岁以上'],
        [C2, '二号村委会', '1 000', '300', '40'],
      ],
      [
        [1, 1, 2, 1],
        [1, 2, 2, 2],
        [1, 3, 2, 3],
        [1, 4, 1, 5],
      ],
    )
    expect((await staff({ method: 'POST', url: url(false), headers: XLSX, payload: file })).json()).toMatchObject({ rows: 1, imported: 1 })
    expect(await imported()).toEqual([[C2, 300, 40, 1000]])
  })

  it('asks which column the community is, remembers the answer for the district, and reads the next file by it', async () => {
    const header = ['片区', '人口', '60岁以上', '80岁以上']
    const first = await workbook([header, ['一号社区居委会', 2010, 410, 52], ['海岛村委会', 900, 200, 30]])
    const asked = (await staff({ method: 'POST', url: url(true), headers: XLSX, payload: first })).json<PopulationImportResult>()
    expect(asked.errors).toMatchObject([{ row: 1, code: 'COLUMNS_NEEDED' }])
    expect(asked.columnsNeeded).toEqual({
      missing: ['community', 'populationTotal'],
      columns: header.map((text, i) => ({ col: i + 1, header: text })),
      headerRows: [header],
      sampleRows: [
        ['一号社区居委会', '2010', '410', '52'],
        ['海岛村委会', '900', '200', '30'],
      ],
    })
    expect((await staff({ method: 'POST', url: url(false), headers: XLSX, payload: first })).statusCode).toBe(400)

    const saved = await staff({
      method: 'PUT',
      url: '/api/v1/population-stats/import/mappings',
      payload: { mappings: [{ header: '片区', field: 'community' }, { header: '人口', field: 'populationTotal' }] },
    })
    expect(saved.json<PopulationColumnMappings>().mappings).toEqual([
      { header: '人口', field: 'populationTotal' },
      { header: '片区', field: 'community' },
    ])
    expect((await staff({ method: 'POST', url: url(false), headers: XLSX, payload: first })).json()).toMatchObject({ imported: 2, errors: [] })

    // A later file with the same header, other rows and a title above: read from memory, nothing asked.
    const second = await workbook([['2026年人口'], ['片 区', '人口', '60岁以上', '80岁以上'], ['二号村委会', 1000, 300, 40]], [[1, 1, 1, 4]])
    const remembered = (await staff({ method: 'POST', url: url(true, 'registered', 2026), headers: XLSX, payload: second })).json<PopulationImportResult>()
    expect(remembered).toMatchObject({ rows: 1, errors: [] })
    expect(remembered.columnsNeeded).toBeUndefined()

    // Another district's users said nothing about 片区: they are asked.
    const elsewhere = (await otherStaff({ method: 'POST', url: url(true), headers: XLSX, payload: first })).json<PopulationImportResult>()
    expect(elsewhere.columnsNeeded?.missing).toEqual(['community', 'populationTotal'])
    // The roster's mappings are another kind: a population header means nothing there.
    const rows = await t.app.importMappingsRepository.list((await t.app.tenantsRepository.findByCode(CODE))!.id, 'roster')
    expect(rows).toEqual([])
  })

  it('lists every problem of a dry run, by row and column as written, and stores nothing', async () => {
    const file = await workbook([
      ['村社代码', '名称', '60岁以上人口', '80岁以上人口', '总人口'],
      ['33090', null, 10, 1, 20],
      [null, '不存在村', 10, 1, 20],
      [null, '二号村委会', '三百', 40, 1000],
      [null, '海岛村委会', 300, 400, 1000],
    ])
    const check = (await staff({ method: 'POST', url: url(true), headers: XLSX, payload: file })).json<PopulationImportResult>()
    expect(check.errors.map((error) => [error.row, error.column ?? null, error.code])).toEqual([
      [2, '村社代码', 'CODE_INVALID'],
      [3, '村（社区）', 'COMMUNITY_UNKNOWN'],
      [4, '60岁以上人口', 'NOT_A_COUNT'],
      [5, null, 'FIGURES_INCONSISTENT'],
    ])
    expect(check.rows).toBe(4)
    expect(await imported()).toEqual([])
  })
})
