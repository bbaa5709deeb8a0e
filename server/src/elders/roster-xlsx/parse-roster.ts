import ExcelJS from 'exceljs'
import type { Cell, Row, Worksheet } from 'exceljs'
import { plainValue } from './cell-value.js'
import { findHeader, type HeaderColumn, type HeaderLayout } from './header.js'
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
export async function parseRosterXlsx(file: Buffer, options: { maxRows?: number } = {}): Promise<RosterParseResult> {
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

  const found = findRosterSheet(workbook.worksheets)
  if (!found) return fileIssue('未找到花名册表头：第一个工作表的前30行中应有“姓名”“身份证号”等列名')
  const { sheet, header } = found
  const missing = missingColumns(header)
  if (missing) return { headerRow: header.firstRow, rows: [], issues: [{ line: header.firstRow, column: null, message: missing }] }

  const date1904 = workbook.properties.date1904 ?? false
  const columns = [...header.columns.values()].sort((a, b) => a.col - b.col)
  const rows: RosterRow[] = []
  const issues: RosterIssue[] = []
  const firstLineOf = new Map<string, number>()
  let dataRows = 0
  for (let line = header.lastRow + 1; line <= sheet.rowCount; line++) {
    const values = rowValues(sheet.findRow(line), columns)
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
function findRosterSheet(sheets: Worksheet[]): { sheet: Worksheet; header: HeaderLayout } | null {
  const ordered = [...sheets.filter((sheet) => sheet.state === 'visible'), ...sheets.filter((sheet) => sheet.state !== 'visible')]
  for (const sheet of ordered) {
    const header = findHeader(sheet)
    if (header) return { sheet, header }
  }
  return null
}

function missingColumns(header: HeaderLayout): string | null {
  const missing: string[] = []
  if (!header.columns.has('name')) missing.push('“姓名”')
  if (!header.columns.has('idNumber')) missing.push('“身份证号”')
  if (!header.columns.has('community') && !header.columns.has('communityCode')) missing.push('“所属社区”或“社区代码”')
  return missing.length === 0 ? null : `缺少必填列：${missing.join('、')}`
}

function isSlave(cell: Cell): boolean {
  return cell.isMerged && cell.master !== cell
}

/**
 * The values of the known columns, or null for a row to skip: blank, only cells merged down from
 * above, or a note such as 合计 / 制表人 written in one cell merged across the row.
 */
function rowValues(row: Row | undefined, columns: readonly HeaderColumn[]): RowValues | null {
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
  return values
}
