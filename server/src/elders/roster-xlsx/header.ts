import type { Cell, Worksheet } from 'exceljs'
import { cleanText, plainValue, toHalfWidth } from './cell-value.js'

import type { RosterColumnField } from '@eldercare/shared'

export type RosterField = RosterColumnField

/**
 * Header texts bureaus use, best first: when two columns claim the same field (备注 next to
 * 饮食禁忌) the earlier alias in this list wins.
 */
const ALIASES: Readonly<Record<RosterField, readonly string[]>> = {
  name: ['姓名', '老人姓名'],
  idNumber: ['身份证号', '身份证号码', '公民身份号码', '证件号码', '身份证'],
  phone: ['联系电话', '本人电话', '手机号码', '手机', '电话'],
  community: ['所属社区', '社区', '村（社区）', '所在村（社区）', '村社区', '社区名称'],
  communityCode: ['社区代码', '村社区代码', '区划代码'],
  categories: ['人员类别', '对象类别', '类别'],
  disabilityLevel: ['失能等级', '失能程度'],
  categoryStart: ['纳入日期', '类别起始日期', '起始日期'],
  status: ['状态', '人员状态'],
  deceasedOn: ['死亡日期'],
  dietaryNotes: ['饮食禁忌', '饮食备注', '备注'],
  birthDate: ['出生日期'],
  gender: ['性别'],
  delegateName: ['代领人', '代领人姓名'],
  delegateRelation: ['代领人关系', '与老人关系'],
  delegatePhone: ['代领人电话'],
}

/** The names used when a required column is missing. */
export const FIELD_NAMES: Readonly<Record<RosterField, string>> = {
  name: '姓名',
  idNumber: '身份证号',
  phone: '联系电话',
  community: '所属社区',
  communityCode: '社区代码',
  categories: '人员类别',
  disabilityLevel: '失能等级',
  categoryStart: '纳入日期',
  status: '状态',
  deceasedOn: '死亡日期',
  dietaryNotes: '饮食禁忌',
  birthDate: '出生日期',
  gender: '性别',
  delegateName: '代领人',
  delegateRelation: '代领人关系',
  delegatePhone: '代领人电话',
}

const WHITESPACE = /\s+/g
/** Templates mark required columns with * or (必填); neither is part of the name. */
const REQUIRED_MARK = /^\*+|\*+$|\((必填|选填|非必填|可选)\)$/g

/** Header text reduced to what identifies it: no spaces or line breaks, ASCII parentheses. */
export function headerKey(text: string): string {
  return toHalfWidth(text).replace(WHITESPACE, '').replace(REQUIRED_MARK, '')
}

interface AliasMatch {
  field: RosterField
  rank: number
}

const ALIAS_LOOKUP = new Map<string, AliasMatch>()
for (const [field, aliases] of Object.entries(ALIASES) as [RosterField, readonly string[]][]) {
  aliases.forEach((alias, rank) => ALIAS_LOOKUP.set(headerKey(alias), { field, rank }))
}

/** A header named by the words in it ranks after every exact alias, and a mapping the user made before every alias. */
const WORDS_RANK = 100
const MAPPED_RANK = -1

/**
 * What a header means by its words, for the many ways rosters name a column (所在村, 居委会名称,
 * 出生年月, 证件号, 手机号…). First rule that fits wins; the column's values are checked afterwards.
 */
const WORD_RULES: readonly { field: RosterField; test: RegExp; not?: RegExp }[] = [
  { field: 'delegatePhone', test: /(代领|代取|监护|联系人).*(电话|手机)/ },
  { field: 'delegateRelation', test: /(代领|代取|监护).*关系|与.*关系/ },
  { field: 'delegateName', test: /(代领|代取|监护)/ },
  { field: 'idNumber', test: /证件|身份/, not: /类型|种类/ },
  { field: 'communityCode', test: /(村|社区|居委|区划).*(代码|编码|编号)/ },
  { field: 'community', test: /村|社区|居委会|居委|所在|所属/, not: /代码|编码|编号|地址|门牌/ },
  { field: 'birthDate', test: /出生|生日/ },
  { field: 'phone', test: /电话|手机|联系方式/ },
  { field: 'name', test: /姓名|名字/ },
  { field: 'gender', test: /性别/ },
  { field: 'disabilityLevel', test: /失能/ },
  { field: 'deceasedOn', test: /死亡|去世|身故/ },
  { field: 'dietaryNotes', test: /饮食|忌口|禁忌/ },
  { field: 'categoryStart', test: /纳入|起始/ },
  { field: 'categories', test: /类别|对象类型|人员类型/ },
  { field: 'status', test: /状态/ },
]

function byWords(key: string): AliasMatch | undefined {
  const rule = WORD_RULES.find((candidate) => candidate.test.test(key) && !candidate.not?.test(key))
  return rule ? { field: rule.field, rank: WORDS_RANK + WORD_RULES.indexOf(rule) } : undefined
}

/** Header texts (by `headerKey`) the user said a field is, remembered for the tenant's next file. */
export type ColumnMappings = ReadonlyMap<string, RosterField>

function matchHeader(text: string, mappings: ColumnMappings): AliasMatch | undefined {
  const key = headerKey(text)
  const mapped = mappings.get(key)
  if (mapped) return { field: mapped, rank: MAPPED_RANK }
  return ALIAS_LOOKUP.get(key) ?? byWords(key)
}

export interface HeaderColumn {
  field: RosterField
  /** 1-based column number. */
  col: number
  /** The header as written (spaces and line breaks taken out), used in issues. */
  label: string
  rank: number
}

/** Every headed column as written, for the dialog that lets the user say what a column is. */
export interface HeaderLabel {
  col: number
  label: string
}

/** A sub-column of a 人员类别 group header: a mark (✓, 是, 1) in it means the elder is in that category. */
export interface CategoryFlagColumn {
  col: number
  label: string
  /** The sub-header text, read as a category label. */
  category: string
}

export interface HeaderLayout {
  firstRow: number
  lastRow: number
  columns: Map<RosterField, HeaderColumn>
  labels: HeaderLabel[]
  categoryFlags: CategoryFlagColumn[]
}

/** Title rows sit above the header; a header further down than this is not a roster. */
const HEADER_SEARCH_ROWS = 30
/** Guards against a stray cell in column XFD making us walk 16,384 columns per row. */
const MAX_COLUMNS = 200
const ID_LIKE = /^\d{15,18}[\dXx]?$/

interface HeaderCell {
  text: string
  label: string
  match: AliasMatch | undefined
  cell: Cell | undefined
}

function readHeaderRow(sheet: Worksheet, rowNumber: number, width: number, mappings: ColumnMappings): HeaderCell[] {
  const row = sheet.findRow(rowNumber)
  const cells: HeaderCell[] = []
  for (let col = 1; col <= width; col++) {
    const cell = row?.findCell(col)
    const text = cell ? cleanText(plainValue(cell.value)) : ''
    const label = text.replace(WHITESPACE, '')
    cells.push({ text, label, match: text === '' ? undefined : matchHeader(text, mappings), cell })
  }
  return cells
}

function distinctFields(cells: HeaderCell[]): Set<RosterField> {
  const fields = new Set<RosterField>()
  for (const cell of cells) if (cell.match) fields.add(cell.match.field)
  return fields
}

/** A cell that is a merge slave of a cell in `rowNumber`: a header merged downwards. */
function mergedFromRow(cell: Cell | undefined, rowNumber: number): boolean {
  return cell !== undefined && cell.isMerged && cell.master !== cell && Number(cell.master.row) === rowNumber
}

/**
 * Its own text, not a merge slave's copy of the master's, and a header's exact name: a data cell such
 * as 城东社区 has a header's words too.
 */
function ownMatch(cell: HeaderCell): boolean {
  return cell.match !== undefined && cell.match.rank < WORDS_RANK && !(cell.cell?.isMerged && cell.cell.master !== cell.cell)
}

/** Whether `lower` continues the header started in `upper`: sub-headers or cells merged down into it. */
function continuesHeader(upper: HeaderCell[], upperRow: number, lower: HeaderCell[]): boolean {
  if (lower.some((cell) => ID_LIKE.test(cell.label))) return false
  if (lower.some((cell) => mergedFromRow(cell.cell, upperRow))) return true
  return lower.some(ownMatch) && upper.some((cell) => cell.match !== undefined)
}

/**
 * Finds the header in the first rows: the row naming the most known columns, joined with the row
 * above or below when the header spans two rows (merged group headers such as 联系方式 over
 * 本人电话 / 代领人电话). Null when the sheet has no recognisable header.
 */
export function findHeader(sheet: Worksheet, mappings: ColumnMappings = new Map()): HeaderLayout | null {
  const width = Math.min(sheet.columnCount, MAX_COLUMNS)
  const lastSearched = Math.min(sheet.rowCount, HEADER_SEARCH_ROWS)
  const rows: HeaderCell[][] = [[]]
  let best = 0
  let bestScore = 0
  for (let r = 1; r <= lastSearched; r++) {
    const cells = readHeaderRow(sheet, r, width, mappings)
    rows.push(cells)
    const fields = distinctFields(cells)
    if (fields.size > bestScore && fields.size >= 2 && (fields.has('name') || fields.has('idNumber'))) {
      best = r
      bestScore = fields.size
    }
  }
  if (best === 0) return null

  let firstRow = best
  let lastRow = best
  const below = best < sheet.rowCount ? (rows[best + 1] ?? readHeaderRow(sheet, best + 1, width, mappings)) : undefined
  const above = rows[best - 1]
  if (below && continuesHeader(rows[best]!, best, below)) lastRow = best + 1
  else if (best > 1 && above && continuesHeader(above, best - 1, rows[best]!)) firstRow = best - 1

  const upper = rows[firstRow]!
  const lower = lastRow === firstRow ? undefined : (rows[lastRow] ?? readHeaderRow(sheet, lastRow, width, mappings))
  const columns = new Map<RosterField, HeaderColumn>()
  const labels: HeaderLabel[] = []
  const categoryFlags: CategoryFlagColumn[] = []
  for (let i = 0; i < width; i++) {
    const upperCell = upper[i]!
    const lowerCell = lower?.[i]
    const label = [upperCell.label, lowerCell && lowerCell.cell?.master !== upperCell.cell?.master ? lowerCell.label : ''].filter(Boolean).join('')
    if (label !== '') labels.push({ col: i + 1, label })
    // 人员类别 merged over 特困 | 低保 | 失能 …: each sub-column says yes or no to its category.
    if (upperCell.match?.field === 'categories' && lowerCell && lowerCell.label !== '' && !lowerCell.match) {
      categoryFlags.push({ col: i + 1, label: lowerCell.label, category: lowerCell.label })
      continue
    }
    const column = columnAt(upperCell, lowerCell, i + 1)
    if (!column) continue
    const taken = columns.get(column.field)
    if (!taken || column.rank < taken.rank) columns.set(column.field, column)
  }
  return { firstRow, lastRow, columns, labels, categoryFlags }
}

/**
 * For a header nothing in it names: the first row with two or more texts, taken as the header so the
 * user can say what its columns are. Null for a sheet without such a row.
 */
export function guessHeader(sheet: Worksheet, mappings: ColumnMappings): HeaderLayout | null {
  const width = Math.min(sheet.columnCount, MAX_COLUMNS)
  for (let r = 1; r <= Math.min(sheet.rowCount, HEADER_SEARCH_ROWS); r++) {
    const cells = readHeaderRow(sheet, r, width, mappings)
    // A row holding a 身份证号 is data: a file without any header is refused as before.
    if (cells.filter((cell) => cell.label !== '').length < 2 || cells.some((cell) => ID_LIKE.test(cell.label))) continue
    const columns = new Map<RosterField, HeaderColumn>()
    cells.forEach((cell, i) => {
      if (cell.match && !columns.has(cell.match.field)) columns.set(cell.match.field, { ...cell.match, col: i + 1, label: cell.label })
    })
    const labels = cells.flatMap((cell, i) => (cell.label === '' ? [] : [{ col: i + 1, label: cell.label }]))
    return { firstRow: r, lastRow: r, columns, labels, categoryFlags: [] }
  }
  return null
}

/**
 * The field of one column of a one- or two-row header. A group header over sub-headers is tried
 * as a prefix first (代领人 over 姓名 / 电话 means 代领人姓名 / 代领人电话), then the lower text,
 * then the upper one.
 */
function columnAt(upper: HeaderCell, lower: HeaderCell | undefined, col: number): HeaderColumn | null {
  if (lower && lower.label !== '' && upper.label !== '' && lower.cell?.master !== upper.cell?.master) {
    const label = upper.label + lower.label
    const combined = ALIAS_LOOKUP.get(headerKey(label)) ?? (upper.match?.field.startsWith('delegate') || /代领|代取|监护/.test(upper.label) ? byWords(headerKey(label)) : undefined)
    if (combined) return { ...combined, col, label }
  }
  if (lower?.match) return { ...lower.match, col, label: lower.label }
  if (upper.match) return { ...upper.match, col, label: upper.label }
  return null
}
