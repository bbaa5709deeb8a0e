import type { Cell, Worksheet } from 'exceljs'
import { cleanText, plainValue, toHalfWidth } from './cell-value.js'

/**
 * What an import knows of its columns. Each import (the roster, the population figures) names its fields
 * and the ways headers write them; finding the header, joining a two-row one and ranking matches is the same.
 */
export interface HeaderSpec<F extends string> {
  /**
   * Header texts as bureaus write them, best first: when two columns claim a field (备注 next to 饮食禁忌)
   * the earlier alias wins.
   */
  aliases: Readonly<Partial<Record<F, readonly string[]>>>
  /** What a header means by the words in it; the first rule that fits wins, after every exact alias. */
  words: readonly WordRule<F>[]
  /** Whether the fields a row names make it the header (a roster's names a 姓名 or a 身份证号). */
  isHeader: (fields: ReadonlySet<F>) => boolean
  /** A cell that is data, never a header: a row holding one is not read as (part of) the header. */
  dataLike: RegExp
  /** A group header whose words go before its sub-headers' (代领人 over 姓名 / 电话 is 代领人姓名 / 代领人电话). */
  prefixGroup: (upper: { label: string; field: F | undefined }) => boolean
  /** A group header whose sub-columns each mark one value of it (人员类别 over 特困 | 低保 | 失能). */
  flagGroup?: F
}

export interface WordRule<F extends string> {
  field: F
  test: RegExp
  not?: RegExp
}

/** Header texts (by `headerKey`) the user said a field is, remembered for the tenant's next file. */
export type ColumnMappings<F extends string> = ReadonlyMap<string, F>

const WHITESPACE = /\s+/g
/** Templates mark required columns with * or (必填); neither is part of the name. */
const REQUIRED_MARK = /^\*+|\*+$|\((必填|选填|非必填|可选)\)$/g

/** Header text reduced to what identifies it: no spaces or line breaks, ASCII parentheses. */
export function headerKey(text: string): string {
  return toHalfWidth(text).replace(WHITESPACE, '').replace(REQUIRED_MARK, '')
}

/** A header named by the words in it ranks after every exact alias, and a mapping the user made before every alias. */
export const WORDS_RANK = 100
/** A column found only by what it holds ranks after every header. */
export const VALUES_RANK = 200
const MAPPED_RANK = -1

interface Match<F extends string> {
  field: F
  rank: number
}

/** A spec made ready to look headers up: its aliases by `headerKey`. */
export interface HeaderMatcher<F extends string> {
  spec: HeaderSpec<F>
  aliases: ReadonlyMap<string, Match<F>>
}

export function headerMatcher<F extends string>(spec: HeaderSpec<F>): HeaderMatcher<F> {
  const aliases = new Map<string, Match<F>>()
  for (const [field, texts] of Object.entries(spec.aliases) as [F, readonly string[]][]) {
    texts.forEach((alias, rank) => aliases.set(headerKey(alias), { field, rank }))
  }
  return { spec, aliases }
}

/** A number typed as text (1600, 1,234) is data whatever digits it holds: 60 and 80 are header words. */
const NUMBER = /^[\d.,]+人?$/

function byWords<F extends string>(matcher: HeaderMatcher<F>, key: string): Match<F> | undefined {
  if (NUMBER.test(key)) return undefined
  const index = matcher.spec.words.findIndex((rule) => rule.test.test(key) && !rule.not?.test(key))
  return index < 0 ? undefined : { field: matcher.spec.words[index]!.field, rank: WORDS_RANK + index }
}

/** The field a header text names by its aliases or words, without any mapping; undefined for none. */
export function fieldOf<F extends string>(matcher: HeaderMatcher<F>, text: string): F | undefined {
  const key = headerKey(text)
  return (matcher.aliases.get(key) ?? byWords(matcher, key))?.field
}

function matchHeader<F extends string>(matcher: HeaderMatcher<F>, text: string, mappings: ColumnMappings<F>): Match<F> | undefined {
  const key = headerKey(text)
  const mapped = mappings.get(key)
  if (mapped) return { field: mapped, rank: MAPPED_RANK }
  return matcher.aliases.get(key) ?? byWords(matcher, key)
}

export interface HeaderColumn<F extends string> {
  field: F
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

/** A sub-column of the spec's flag group: a mark (✓, 是, 1) in it means the row has that value. */
export interface FlagColumn {
  col: number
  label: string
  /** The sub-header text, read as a value of the group. */
  value: string
}

export interface HeaderLayout<F extends string> {
  firstRow: number
  lastRow: number
  columns: Map<F, HeaderColumn<F>>
  labels: HeaderLabel[]
  flags: FlagColumn[]
}

/** Title rows sit above the header; a header further down than this is not the table. */
export const HEADER_SEARCH_ROWS = 30
/** Guards against a stray cell in column XFD making us walk 16,384 columns per row. */
export const MAX_COLUMNS = 200

interface HeaderCell<F extends string> {
  label: string
  match: Match<F> | undefined
  cell: Cell | undefined
}

function isSlave(cell: Cell | undefined): boolean {
  return cell !== undefined && cell.isMerged && cell.master !== cell
}

function readHeaderRow<F extends string>(sheet: Worksheet, rowNumber: number, width: number, matcher: HeaderMatcher<F>, mappings: ColumnMappings<F>): HeaderCell<F>[] {
  const row = sheet.findRow(rowNumber)
  const cells: HeaderCell<F>[] = []
  for (let col = 1; col <= width; col++) {
    const cell = row?.findCell(col)
    const text = cell ? cleanText(plainValue(cell.value)) : ''
    cells.push({ label: text.replace(WHITESPACE, ''), match: text === '' ? undefined : matchHeader(matcher, text, mappings), cell })
  }
  return cells
}

function distinctFields<F extends string>(cells: HeaderCell<F>[]): Set<F> {
  const fields = new Set<F>()
  for (const cell of cells) if (cell.match) fields.add(cell.match.field)
  return fields
}

/** A cell that is a merge slave of a cell in `rowNumber`: a header merged downwards. */
function mergedFromRow(cell: Cell | undefined, rowNumber: number): boolean {
  return cell !== undefined && isSlave(cell) && Number(cell.master.row) === rowNumber
}

/**
 * Its own text, not a merge slave's copy of the master's, and a header's exact name: a data cell such
 * as 城东社区 has a header's words too.
 */
function ownMatch<F extends string>(cell: HeaderCell<F>): boolean {
  return cell.match !== undefined && cell.match.rank < WORDS_RANK && !isSlave(cell.cell)
}

/**
 * Whether `lower` continues the header started in `upper`: sub-headers or cells merged down into it. A
 * title merged across the sheet (2024年各村老年人口统计表) has a header's words, but is one text.
 */
function continuesHeader<F extends string>(spec: HeaderSpec<F>, upper: HeaderCell<F>[], upperRow: number, lower: HeaderCell<F>[]): boolean {
  if (lower.some((cell) => spec.dataLike.test(cell.label))) return false
  if (lower.some((cell) => mergedFromRow(cell.cell, upperRow))) return true
  const upperTexts = upper.filter((cell) => cell.label !== '' && !isSlave(cell.cell)).length
  return upperTexts >= 2 && lower.some(ownMatch) && upper.some((cell) => cell.match !== undefined)
}

/**
 * Finds the header in the first rows: the row naming the most known columns, joined with the row
 * above or below when the header spans two rows (merged group headers such as 联系方式 over
 * 本人电话 / 代领人电话, or 老年人口 over 60岁以上 / 80岁以上). Null when the sheet has no recognisable header.
 */
export function findHeader<F extends string>(sheet: Worksheet, matcher: HeaderMatcher<F>, mappings: ColumnMappings<F> = new Map()): HeaderLayout<F> | null {
  const { spec } = matcher
  const width = Math.min(sheet.columnCount, MAX_COLUMNS)
  const lastSearched = Math.min(sheet.rowCount, HEADER_SEARCH_ROWS)
  const read = (r: number) => readHeaderRow(sheet, r, width, matcher, mappings)
  const rows: HeaderCell<F>[][] = [[]]
  let best = 0
  let bestScore = 0
  for (let r = 1; r <= lastSearched; r++) {
    const cells = read(r)
    rows.push(cells)
    const fields = distinctFields(cells)
    if (fields.size > bestScore && fields.size >= 2 && spec.isHeader(fields)) {
      best = r
      bestScore = fields.size
    }
  }
  if (best === 0) return null

  let firstRow = best
  let lastRow = best
  const below = best < sheet.rowCount ? (rows[best + 1] ?? read(best + 1)) : undefined
  const above = rows[best - 1]
  if (below && continuesHeader(spec, rows[best]!, best, below)) lastRow = best + 1
  else if (best > 1 && above && continuesHeader(spec, above, best - 1, rows[best]!)) firstRow = best - 1

  const upper = rows[firstRow]!
  const lower = lastRow === firstRow ? undefined : (rows[lastRow] ?? read(lastRow))
  const columns = new Map<F, HeaderColumn<F>>()
  const labels: HeaderLabel[] = []
  const flags: FlagColumn[] = []
  for (let i = 0; i < width; i++) {
    const upperCell = upper[i]!
    const lowerCell = lower?.[i]
    const label = [upperCell.label, lowerCell && lowerCell.cell?.master !== upperCell.cell?.master ? lowerCell.label : ''].filter(Boolean).join('')
    if (label !== '') labels.push({ col: i + 1, label })
    if (spec.flagGroup && upperCell.match?.field === spec.flagGroup && lowerCell && lowerCell.label !== '' && !lowerCell.match) {
      flags.push({ col: i + 1, label: lowerCell.label, value: lowerCell.label })
      continue
    }
    const column = columnAt(matcher, upperCell, lowerCell, i + 1)
    if (!column) continue
    const taken = columns.get(column.field)
    if (!taken || column.rank < taken.rank) columns.set(column.field, column)
  }
  return { firstRow, lastRow, columns, labels, flags }
}

/**
 * For a header nothing in it names: the first row with two or more texts of its own, taken as the header
 * so the user can say what its columns are. A title merged across the sheet is one text. Null for a sheet
 * without such a row.
 */
export function guessHeader<F extends string>(sheet: Worksheet, matcher: HeaderMatcher<F>, mappings: ColumnMappings<F>): HeaderLayout<F> | null {
  const width = Math.min(sheet.columnCount, MAX_COLUMNS)
  for (let r = 1; r <= Math.min(sheet.rowCount, HEADER_SEARCH_ROWS); r++) {
    const cells = readHeaderRow(sheet, r, width, matcher, mappings)
    const own = cells.filter((cell) => cell.label !== '' && !isSlave(cell.cell))
    // A row holding data (a 身份证号, a 12-digit code) is no header: a file without any is refused as before.
    if (own.length < 2 || cells.some((cell) => matcher.spec.dataLike.test(cell.label))) continue
    const columns = new Map<F, HeaderColumn<F>>()
    cells.forEach((cell, i) => {
      if (cell.match && !columns.has(cell.match.field)) columns.set(cell.match.field, { ...cell.match, col: i + 1, label: cell.label })
    })
    const labels = cells.flatMap((cell, i) => (cell.label === '' ? [] : [{ col: i + 1, label: cell.label }]))
    return { firstRow: r, lastRow: r, columns, labels, flags: [] }
  }
  return null
}

/**
 * The field of one column of a one- or two-row header. A group header over sub-headers is tried
 * as a prefix first, then the lower text, then the upper one.
 */
function columnAt<F extends string>(matcher: HeaderMatcher<F>, upper: HeaderCell<F>, lower: HeaderCell<F> | undefined, col: number): HeaderColumn<F> | null {
  if (lower && lower.label !== '' && upper.label !== '' && lower.cell?.master !== upper.cell?.master) {
    const label = upper.label + lower.label
    const key = headerKey(label)
    const combined = matcher.aliases.get(key) ?? (matcher.spec.prefixGroup({ label: upper.label, field: upper.match?.field }) ? byWords(matcher, key) : undefined)
    if (combined) return { ...combined, col, label }
  }
  if (lower?.match) return { ...lower.match, col, label: lower.label }
  if (upper.match) return { ...upper.match, col, label: upper.label }
  return null
}
