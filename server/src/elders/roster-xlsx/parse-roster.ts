import type { Row, Worksheet } from 'exceljs'
import { cleanText, columnsNeeded, findByValues, findTable, holds, loadWorkbook, plainValue, rowValues, WORDS_RANK, type PlainValue } from '../../http/xlsx-columns/index.js'
import { ROSTER_HEADER, type ColumnMappings, type HeaderColumn, type HeaderLayout, type RosterField } from './header.js'
import { readCommunityCode } from './fields.js'
import { readIdNumber } from './id-number-cell.js'
import { readRosterRow, type RowValues } from './row-reader.js'
import type { RosterIssue, RosterParseResult, RosterRow } from './types.js'

export const DEFAULT_MAX_ROWS = 50_000

function fileIssue(message: string): RosterParseResult {
  return { headerRow: 0, rows: [], issues: [{ line: 0, column: null, message }] }
}

/**
 * Reads an elder roster as bureaus keep it in Excel: title rows, merged and two-row headers,
 * 身份证号 typed every which way. Every problem is reported with the row number Excel shows and the
 * column header as written; only rows without problems are returned.
 */
export async function parseRosterXlsx(file: Buffer, options: { maxRows?: number; mappings?: ColumnMappings } = {}): Promise<RosterParseResult> {
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS
  const loaded = await loadWorkbook(file)
  if ('message' in loaded) return fileIssue(loaded.message)
  const { workbook } = loaded

  const found = findTable(workbook.worksheets, ROSTER_HEADER, options.mappings ?? new Map())
  if (!found) return fileIssue('未找到花名册表头：第一个工作表的前30行中应有“姓名”“身份证号”等列名')
  const { sheet, header } = found
  checkAgainstValues(sheet, header)
  const missing = missingColumns(header)
  if (missing) {
    return {
      headerRow: header.firstRow,
      rows: [],
      issues: [{ line: header.firstRow, column: null, message: `${missing.message}：请在下方指明是哪一列` }],
      columnsNeeded: columnsNeeded(sheet, header, missing.fields),
    }
  }

  const date1904 = workbook.properties.date1904 ?? false
  const columns = [...header.columns.values()].sort((a, b) => a.col - b.col)
  const rows: RosterRow[] = []
  const issues: RosterIssue[] = []
  const firstLineOf = new Map<string, number>()
  let dataRows = 0
  for (let line = header.lastRow + 1; line <= sheet.rowCount; line++) {
    const values = rosterRowValues(sheet.findRow(line), columns, header)
    if (!values) continue
    if (++dataRows > maxRows) {
      const message = `数据超过 ${maxRows} 行的上限，请拆分成多个文件分批导入`
      return { headerRow: header.firstRow, rows: [], issues: [{ line, column: null, message }] }
    }
    // A row rejected for other reasons still claims its 身份证号, so a later copy is reported too.
    const { row, idNumber } = readRosterRow(line, values, header.columns, date1904, issues)
    if (idNumber === null) continue
    const firstLine = firstLineOf.get(idNumber)
    if (firstLine === undefined) {
      firstLineOf.set(idNumber, line)
      if (row) rows.push(row)
    } else {
      const column = header.columns.get('idNumber')!.label
      issues.push({ line, column, message: `身份证号与第 ${firstLine} 行重复` })
    }
  }
  if (dataRows === 0) issues.push({ line: header.lastRow, column: null, message: '表头下方没有老年人数据' })
  return { headerRow: header.firstRow, rows, issues }
}

function missingColumns(header: HeaderLayout): { message: string; fields: RosterField[] } | null {
  const missing: string[] = []
  const fields: RosterField[] = []
  if (!header.columns.has('name')) {
    missing.push('“姓名”')
    fields.push('name')
  }
  if (!header.columns.has('idNumber')) {
    missing.push('“身份证号”')
    fields.push('idNumber')
  }
  if (!header.columns.has('community') && !header.columns.has('communityCode')) {
    missing.push('“所属社区”或“社区代码”')
    fields.push('community')
  }
  return fields.length === 0 ? null : { message: `缺少必填列：${missing.join('、')}`, fields }
}

const isIdNumber = (value: PlainValue) => readIdNumber(value).ok
const isCommunityCode = (value: PlainValue) => {
  const read = readCommunityCode(value)
  return read.ok && read.value !== null
}

/**
 * A header's words are checked against what its column holds: 所在村 full of 12-digit codes is the
 * 社区代码; a 证件 column without 身份证号 in it is something else; and a required column nobody named
 * is found by its values (18-character numbers, 12-digit codes).
 */
function checkAgainstValues(sheet: Worksheet, header: HeaderLayout): void {
  const { columns } = header
  const community = columns.get('community')
  if (community && !columns.has('communityCode') && holds(sheet, header, 'community', isCommunityCode)) {
    columns.delete('community')
    columns.set('communityCode', { ...community, field: 'communityCode' })
  }
  const id = columns.get('idNumber')
  // Guessed from words only (证件类型, 身份类别): kept only if it holds numbers.
  if (id && id.rank >= WORDS_RANK && !holds(sheet, header, 'idNumber', isIdNumber)) columns.delete('idNumber')
  if (!columns.has('idNumber')) findByValues(sheet, header, 'idNumber', isIdNumber)
  if (!columns.has('community') && !columns.has('communityCode')) findByValues(sheet, header, 'communityCode', isCommunityCode)
}

/** What a clerk puts in a 人员类别 sub-column to say yes. */
const MARKS = new Set(['✓', '√', '✔', '是', '有', '1', 'Y', 'y', '●', '○', '☑', '★'])

/** The category labels ticked in the 人员类别 sub-columns of a row, added to its categories text. */
function flaggedCategories(row: Row, header: HeaderLayout, written: PlainValue | undefined): string | undefined {
  const ticked = header.flags.filter((flag) => {
    const cell = row.findCell(flag.col)
    return cell !== undefined && MARKS.has(cleanText(plainValue(cell.value)))
  })
  if (ticked.length === 0) return written === undefined || written === null ? undefined : cleanText(written)
  return [written === undefined || written === null ? '' : cleanText(written), ...ticked.map((flag) => flag.value)].filter(Boolean).join('、')
}

/** A row's values with the 人员类别 ticked in sub-columns joined into its categories; null for a row to skip. */
function rosterRowValues(row: Row | undefined, columns: readonly HeaderColumn[], header: HeaderLayout): RowValues | null {
  const values = rowValues(row, columns)
  if (!row || !values) return null
  const categories = flaggedCategories(row, header, values.categories)
  if (categories !== undefined) values.categories = categories
  return values
}
