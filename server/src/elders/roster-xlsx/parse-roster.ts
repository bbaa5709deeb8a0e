import ExcelJS from 'exceljs'
import type { Cell, Row, Worksheet } from 'exceljs'
import { cleanText, plainValue } from './cell-value.js'
import { findHeader, guessHeader, type ColumnMappings, type HeaderColumn, type HeaderLayout, type RosterField } from './header.js'
import { readCommunityCode } from './fields.js'
import { readIdNumber } from './id-number-cell.js'
import { readRosterRow, type RowValues } from './row-reader.js'
import type { RosterIssue, RosterParseResult, RosterRow } from './types.js'

export const DEFAULT_MAX_ROWS = 50_000

/** Old .xls files and password-protected .xlsx are OLE compound files, which exceljs cannot open. */
const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])

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
  if (file.subarray(0, OLE_SIGNATURE.length).equals(OLE_SIGNATURE)) {
    return fileIssue('这是旧版 .xls 文件或加密的文件：请在 Excel 中取消密码并“另存为” .xlsx 格式后再导入')
  }
  const workbook = new ExcelJS.Workbook()
  try {
    // exceljs types its input as its own Buffer interface; a Node Buffer is what it reads at runtime.
    await workbook.xlsx.load(file as unknown as Parameters<typeof workbook.xlsx.load>[0])
  } catch {
    return fileIssue('无法读取该文件：请上传 Excel 的 .xlsx 文件')
  }

  const mappings = options.mappings ?? new Map()
  const found = findRosterSheet(workbook.worksheets, mappings) ?? guessRosterSheet(workbook.worksheets, mappings)
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
    const values = rowValues(sheet.findRow(line), columns, header)
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

/** Hidden sheets often hold drop-down lists; the roster is on a visible one unless none has it. */
function findRosterSheet(sheets: Worksheet[], mappings: ColumnMappings): { sheet: Worksheet; header: HeaderLayout } | null {
  const ordered = [...sheets.filter((sheet) => sheet.state === 'visible'), ...sheets.filter((sheet) => sheet.state !== 'visible')]
  for (const sheet of ordered) {
    const header = findHeader(sheet, mappings)
    if (header) return { sheet, header }
  }
  return null
}

/** No header names a roster column: the first visible sheet's first row of texts, for the user to map. */
function guessRosterSheet(sheets: Worksheet[], mappings: ColumnMappings): { sheet: Worksheet; header: HeaderLayout } | null {
  const sheet = sheets.find((candidate) => candidate.state === 'visible') ?? sheets[0]
  const header = sheet ? guessHeader(sheet, mappings) : null
  return sheet && header ? { sheet, header } : null
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

/** Data rows looked at to check what a column holds. */
const SAMPLE_ROWS = 20
/** Rows of data the dialog shows under the header. */
const SHOWN_ROWS = 3

function columnSample(sheet: Worksheet, header: HeaderLayout, col: number): ReturnType<typeof plainValue>[] {
  const values: ReturnType<typeof plainValue>[] = []
  for (let line = header.lastRow + 1; line <= sheet.rowCount && values.length < SAMPLE_ROWS; line++) {
    const cell = sheet.findRow(line)?.findCell(col)
    const value = cell ? plainValue(cell.value) : null
    if (value !== null && !(typeof value === 'string' && value.trim() === '')) values.push(value)
  }
  return values
}

/** Four in five of the sampled values pass: a clerk's odd cell does not change what the column is. */
function mostly(values: ReturnType<typeof plainValue>[], test: (value: ReturnType<typeof plainValue>) => boolean): boolean {
  return values.length > 0 && values.filter(test).length * 5 >= values.length * 4
}

const isIdNumber = (value: ReturnType<typeof plainValue>) => readIdNumber(value).ok
const isCommunityCode = (value: ReturnType<typeof plainValue>) => {
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
  if (community && !columns.has('communityCode') && mostly(columnSample(sheet, header, community.col), isCommunityCode)) {
    columns.delete('community')
    columns.set('communityCode', { ...community, field: 'communityCode' })
  }
  const id = columns.get('idNumber')
  // Guessed from words only (证件类型, 身份类别): kept only if it holds numbers.
  if (id && id.rank >= 100 && !mostly(columnSample(sheet, header, id.col), isIdNumber)) columns.delete('idNumber')
  const taken = () => new Set([...columns.values()].map((column) => column.col))
  const byValues = (field: RosterField, test: (value: ReturnType<typeof plainValue>) => boolean) => {
    const used = taken()
    const width = Math.min(sheet.columnCount, 200)
    for (let col = 1; col <= width; col++) {
      if (used.has(col) || !mostly(columnSample(sheet, header, col), test)) continue
      const label = header.labels.find((item) => item.col === col)?.label ?? `第${col}列`
      columns.set(field, { field, col, label, rank: 200 })
      return
    }
  }
  if (!columns.has('idNumber')) byValues('idNumber', isIdNumber)
  if (!columns.has('community') && !columns.has('communityCode')) byValues('communityCode', isCommunityCode)
}

function cellText(sheet: Worksheet, line: number, width: number): string[] {
  const row = sheet.findRow(line)
  return Array.from({ length: width }, (_, i) => {
    const cell = row?.findCell(i + 1)
    return cell ? cleanText(plainValue(cell.value)) : ''
  })
}

/** The header rows and the first data rows as the file shows them, with each headed column. */
function columnsNeeded(sheet: Worksheet, header: HeaderLayout, missing: RosterField[]): NonNullable<RosterParseResult['columnsNeeded']> {
  const width = Math.min(sheet.columnCount, 60)
  const headerRows = []
  for (let line = header.firstRow; line <= header.lastRow; line++) headerRows.push(cellText(sheet, line, width))
  const sampleRows = []
  for (let line = header.lastRow + 1; line <= sheet.rowCount && sampleRows.length < SHOWN_ROWS; line++) {
    const texts = cellText(sheet, line, width)
    if (texts.some((text) => text !== '')) sampleRows.push(texts)
  }
  return { missing, columns: header.labels.filter((item) => item.col <= width).map((item) => ({ col: item.col, header: item.label })), headerRows, sampleRows }
}

/** What a clerk puts in a 人员类别 sub-column to say yes. */
const MARKS = new Set(['✓', '√', '✔', '是', '有', '1', 'Y', 'y', '●', '○', '☑', '★'])

/** The category labels ticked in the 人员类别 sub-columns of a row, added to its categories text. */
function flaggedCategories(row: Row, header: HeaderLayout, written: ReturnType<typeof plainValue> | undefined): string | undefined {
  const ticked = header.categoryFlags.filter((flag) => {
    const cell = row.findCell(flag.col)
    return cell !== undefined && MARKS.has(cleanText(plainValue(cell.value)))
  })
  if (ticked.length === 0) return written === undefined || written === null ? undefined : cleanText(written)
  return [written === undefined || written === null ? '' : cleanText(written), ...ticked.map((flag) => flag.category)].filter(Boolean).join('、')
}

function isSlave(cell: Cell): boolean {
  return cell.isMerged && cell.master !== cell
}

/**
 * The values of the known columns, or null for a row to skip: blank, only cells merged down from
 * above, or a note such as 合计 / 制表人 written in one cell merged across the row.
 */
function rowValues(row: Row | undefined, columns: readonly HeaderColumn[], header: HeaderLayout): RowValues | null {
  if (!row) return null
  const values: RowValues = {}
  let ownCells = 0
  let ownCell: Cell | undefined
  let slavesOfOwn = 0
  const slaves: Cell[] = []
  for (const column of columns) {
    const cell = row.findCell(column.col)
    if (!cell) continue
    const value = plainValue(cell.value)
    if (value === null || (typeof value === 'string' && value.trim() === '')) continue
    values[column.field] = value
    if (isSlave(cell)) slaves.push(cell)
    else {
      ownCells++
      ownCell = cell
    }
  }
  if (ownCells === 0) return null
  if (ownCells === 1 && ownCell?.isMerged) {
    for (const slave of slaves) if (slave.master === ownCell) slavesOfOwn++
    if (slavesOfOwn > 0) return null
  }
  const categories = flaggedCategories(row, header, values.categories)
  if (categories !== undefined) values.categories = categories
  return values
}
