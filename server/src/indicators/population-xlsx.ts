import type { ImportColumnsNeeded, PopulationBasis, PopulationColumnField, PopulationImportError } from '@eldercare/shared'
import type { Worksheet } from 'exceljs'
import {
  columnsNeeded,
  compactText,
  fieldOf,
  findByValues,
  findTable,
  headerMatcher,
  holds,
  loadWorkbook,
  rowValues,
  WORDS_RANK,
  type ColumnMappings,
  type HeaderLayout,
  type HeaderMatcher,
  type PlainValue,
  type WordRule,
} from '../http/xlsx-columns/index.js'

/** One row of a population sheet once read: the community as written, and the three figures. */
export interface PopulationSheetRow {
  row: number
  communityCode: string | null
  communityName: string | null
  population60Plus: number
  population80Plus: number
  populationTotal: number
}

export interface PopulationParseResult {
  /** First row of the header as Excel numbers it; 0 when no header was found. */
  headerRow: number
  rows: PopulationSheetRow[]
  errors: PopulationImportError[]
  /** A required column could not be told: what the file shows, for the user to say which it is. */
  columnsNeeded?: ImportColumnsNeeded
}

type Field = PopulationColumnField
type Figure = 'population60Plus' | 'population80Plus' | 'populationTotal'
const FIGURES: readonly Figure[] = ['population60Plus', 'population80Plus', 'populationTotal']

/** The names used in messages when a file's own header is not known. */
const FIELD_NAMES: Readonly<Record<Field, string>> = {
  community: '村（社区）',
  communityCode: '村社代码',
  year: '年份',
  population60Plus: '60岁以上人口',
  population80Plus: '80岁以上人口',
  populationTotal: '总人口',
}

const BASIS_WORD: Readonly<Record<PopulationBasis, string>> = { registered: '户籍', resident: '常住' }
/** 60岁以上占比 or 老龄化率 is a share, not a count. */
const SHARE = /占比|比例|比重|%|率/
const P80 = /80|高龄/
const P60 = /60|老年|老龄/
const TOTAL = /总人口|人口总数|人口数|总数|户籍人口|常住人口/
/** A town column (所属镇街) names no community. */
const TOWN_ONLY = /^(所属|所在)?(镇|镇街|乡镇|街道|镇\(街道\)|镇街道)(名称)?$/

/**
 * The header words of a population sheet for one basis: a column of the basis imported (常住人口 for 常住)
 * wins over a neutral one, which wins over the other basis's, so a sheet with both 户籍 and 常住 figures
 * gives each import its own.
 */
function populationMatcher(basis: PopulationBasis): HeaderMatcher<Field> {
  const own = BASIS_WORD[basis]
  const other = BASIS_WORD[basis === 'registered' ? 'resident' : 'registered']
  const withOwn = (test: RegExp) => new RegExp(`^(?=.*${own}).*(?:${test.source})`)
  const figureRules = (test: (figure: RegExp) => RegExp, not: RegExp): WordRule<Field>[] => [
    { field: 'population80Plus', test: test(P80), not },
    { field: 'population60Plus', test: test(P60), not },
    { field: 'populationTotal', test: test(TOTAL), not },
  ]
  const neutral = new RegExp(`${SHARE.source}|${other}`)
  const words: WordRule<Field>[] = [
    { field: 'communityCode', test: /代码|编码|区划/ },
    { field: 'year', test: /年份|年度|^年$/ },
    ...figureRules(withOwn, SHARE),
    ...figureRules((figure) => figure, neutral),
    { field: 'community', test: /村|社区|居委|所在|所属|名称|地区/, not: new RegExp(`编号|${TOWN_ONLY.source}`) },
    ...figureRules((figure) => figure, SHARE),
  ]
  const totals = ['总人口', '人口总数', '总数']
  return headerMatcher<Field>({
    aliases: {
      community: ['村（社区）', '村（社区）名称', '村社名称', '社区名称', '村社区', '村社', '名称'],
      communityCode: ['村社代码', '区划代码', '统计用区划代码', '社区代码', '村社区代码', '代码'],
      year: ['年份', '年度', '统计年度'],
      population60Plus: ['60岁以上人口', '60周岁及以上人口', '60岁以上', '60周岁以上', '60周岁及以上', '老年人口'],
      population80Plus: ['80岁以上人口', '80周岁及以上人口', '80岁以上', '80周岁以上', '80周岁及以上', '高龄老人'],
      populationTotal: [`${own}人口`, `${own}总人口`, ...totals, `${other}人口`, `${other}总人口`],
    },
    words,
    isHeader: (fields) => FIGURES.some((figure) => fields.has(figure)),
    dataLike: /^\d{12}$/,
    // 老年人口 over 60岁以上 | 80岁以上, 户籍人口 over 总数 | 60岁以上: the group says what the sub-column counts.
    prefixGroup: () => true,
  })
}

const MATCHERS: Readonly<Record<PopulationBasis, HeaderMatcher<Field>>> = { registered: populationMatcher('registered'), resident: populationMatcher('resident') }

const HEADER_NOT_FOUND = '未找到表头：应有“村社代码”或“村（社区）名称”，以及“60岁以上人口”“80岁以上人口”“总人口”列'
const TOTAL_ROW = /^(合计|总计|小计|全区|总数|全镇|全街道)$/
const MAX_ROWS = 10_000
const COMMUNITY_CODE = /^\d{12}$/

/** A count as a non-negative whole number; Excel keeps numbers as floats and people type 1,234 or 410人. */
export function readCount(value: PlainValue): number | null {
  const text = compactText(value).replace(/[,，]/g, '').replace(/人$/, '')
  if (!/^\d+(\.0+)?$/.test(text)) return null
  const count = Number(text)
  return Number.isSafeInteger(count) && count <= 100_000_000 ? count : null
}

function readYear(value: PlainValue): number | null {
  const match = /^(\d{4})(年|年度)?$/.exec(compactText(value))
  const year = match ? Number(match[1]) : NaN
  return year >= 1990 && year <= 2100 ? year : null
}

const isCommunityCode = (value: PlainValue) => COMMUNITY_CODE.test(compactText(value))

/**
 * A header's words are checked against the values: 所在村 full of 12-digit codes is the code; a 代码 or
 * 年度 column that holds no codes or years is something else; and a community column nobody named is
 * found by its 12-digit codes. Figure columns are not: a figure typed wrong is an error on its row.
 */
function checkAgainstValues(sheet: Worksheet, header: HeaderLayout<Field>): void {
  const { columns } = header
  const community = columns.get('community')
  if (community && !columns.has('communityCode') && holds(sheet, header, 'community', isCommunityCode)) {
    columns.delete('community')
    columns.set('communityCode', { ...community, field: 'communityCode' })
  }
  const code = columns.get('communityCode')
  if (code && code.rank >= WORDS_RANK && !holds(sheet, header, 'communityCode', isCommunityCode)) columns.delete('communityCode')
  const year = columns.get('year')
  if (year && !holds(sheet, header, 'year', (value) => readYear(value) !== null)) columns.delete('year')
  if (!columns.has('community') && !columns.has('communityCode')) findByValues(sheet, header, 'communityCode', isCommunityCode)
}

function missingColumns(header: HeaderLayout<Field>): { message: string; fields: Field[] } | null {
  const fields: Field[] = []
  const names: string[] = []
  if (!header.columns.has('community') && !header.columns.has('communityCode')) {
    fields.push('community')
    names.push('“村（社区）”或“村社代码”')
  }
  for (const figure of FIGURES) {
    if (header.columns.has(figure)) continue
    fields.push(figure)
    names.push(`“${FIELD_NAMES[figure]}”`)
  }
  return fields.length === 0 ? null : { message: `缺少必填列：${names.join('、')}`, fields }
}

function fileError(code: string, message: string): PopulationParseResult {
  return { headerRow: 0, rows: [], errors: [{ row: 0, code, message }] }
}

/**
 * Reads a population sheet as bureaus keep it: title rows, a header in any of its wordings (possibly merged
 * over two rows, 老年人口 over 60岁以上 | 80岁以上), numbers typed as text, one row per community, perhaps a
 * total row. Returns the rows and every problem by spreadsheet row number, or what the user must say
 * about the columns when a required one cannot be told.
 */
export async function parsePopulationXlsx(
  file: Buffer,
  options: { year: number; basis: PopulationBasis; mappings?: ColumnMappings<Field> },
): Promise<PopulationParseResult> {
  const loaded = await loadWorkbook(file)
  if ('message' in loaded) return fileError('FILE_UNREADABLE', loaded.message)
  const matcher = MATCHERS[options.basis]
  const found = findTable(loaded.workbook.worksheets, matcher, options.mappings ?? new Map())
  if (!found) return fileError('HEADER_NOT_FOUND', HEADER_NOT_FOUND)
  const { sheet, header } = found
  checkAgainstValues(sheet, header)
  const missing = missingColumns(header)
  if (missing) {
    return {
      headerRow: header.firstRow,
      rows: [],
      errors: [{ row: header.firstRow, code: 'COLUMNS_NEEDED', message: `${missing.message}：请在下方指明是哪一列` }],
      columnsNeeded: columnsNeeded(sheet, header, missing.fields),
    }
  }
  if (sheet.rowCount - header.lastRow > MAX_ROWS) return fileError('TOO_MANY_ROWS', `一次最多导入 ${MAX_ROWS} 行`)

  const label = (field: Field) => header.columns.get(field)?.label ?? FIELD_NAMES[field]
  const columns = [...header.columns.values()].sort((a, b) => a.col - b.col)
  const rows: PopulationSheetRow[] = []
  const errors: PopulationImportError[] = []
  for (let number = header.lastRow + 1; number <= sheet.rowCount; number += 1) {
    const values = rowValues(sheet.findRow(number), columns)
    if (!values) continue
    const code = compactText(values.communityCode ?? null)
    const name = compactText(values.community ?? null)
    if (TOTAL_ROW.test(name) || TOTAL_ROW.test(code)) continue
    // The header repeated further down (a sheet printed page by page) is not data.
    if (FIGURES.some((figure) => typeof values[figure] === 'string' && readCount(values[figure]) === null && fieldOf(matcher, String(values[figure])) !== undefined)) continue
    const before = errors.length
    const fail = (field: Field | null, errorCode: string, message: string) => errors.push({ row: number, ...(field ? { column: label(field) } : {}), code: errorCode, message })
    const [p60, p80, total] = FIGURES.map((figure) => {
      const count = readCount(values[figure] ?? null)
      if (count === null) fail(figure, 'NOT_A_COUNT', `${label(figure)}应为不小于0的整数`)
      return count
    })
    if (code !== '' && !COMMUNITY_CODE.test(code)) fail('communityCode', 'CODE_INVALID', `${label('communityCode')}应为12位数字`)
    if (code === '' && name === '') fail(header.columns.has('community') ? 'community' : 'communityCode', 'COMMUNITY_MISSING', '未填写村（社区）')
    if (header.columns.has('year')) {
      const year = readYear(values.year ?? null)
      if (year !== options.year) fail('year', 'YEAR_MISMATCH', `${label('year')}为“${compactText(values.year ?? null)}”，与导入的 ${options.year} 年不符`)
    }
    if (errors.length > before) continue
    if (p80! > p60! || p60! > total!) {
      fail(null, 'FIGURES_INCONSISTENT', '应满足：80岁以上人口 ≤ 60岁以上人口 ≤ 总人口')
      continue
    }
    rows.push({ row: number, communityCode: code || null, communityName: name || null, population60Plus: p60!, population80Plus: p80!, populationTotal: total! })
  }
  return { headerRow: header.firstRow, rows, errors }
}
