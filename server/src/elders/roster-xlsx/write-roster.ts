import ExcelJS from 'exceljs'
import type { Borders, Worksheet } from 'exceljs'
import type { RosterExportRow } from './types.js'

export const ROSTER_SHEET_NAME = '老年人花名册'

interface ExportColumn {
  header: string
  width: number
  value: (row: RosterExportRow, index: number) => string | number | null
  /** Text format: Excel would turn 身份证号 and phone numbers typed later into floats. */
  text?: boolean
}

const COLUMNS: readonly ExportColumn[] = [
  { header: '序号', width: 6, value: (_row, index) => index + 1 },
  { header: '姓名', width: 10, value: (row) => row.name },
  { header: '身份证号', width: 21, value: (row) => row.idNumber, text: true },
  { header: '性别', width: 6, value: (row) => row.gender },
  { header: '出生日期', width: 12, value: (row) => row.birthDate, text: true },
  { header: '年龄', width: 6, value: (row) => row.age },
  { header: '联系电话', width: 15, value: (row) => row.phone, text: true },
  { header: '所属镇街', width: 12, value: (row) => row.townName },
  { header: '所属社区', width: 16, value: (row) => row.communityName },
  { header: '社区代码', width: 15, value: (row) => row.communityCode, text: true },
  { header: '人员类别', width: 22, value: (row) => row.categories },
  { header: '失能等级', width: 9, value: (row) => row.disabilityLevel },
  { header: '状态', width: 9, value: (row) => row.status },
  { header: '死亡日期', width: 12, value: (row) => row.deceasedOn ?? null, text: true },
  { header: '饮食禁忌', width: 24, value: (row) => row.dietaryNotes },
  { header: '代领人', width: 10, value: (row) => row.delegateName },
  { header: '代领人关系', width: 11, value: (row) => row.delegateRelation },
  { header: '代领人电话', width: 15, value: (row) => row.delegatePhone, text: true },
]

const TITLE_ROW = 1
const HEADER_ROW = 2
const THIN_BORDER: Partial<Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
}

/**
 * Writes the roster as bureaus file it: a merged title row, a bold bordered header frozen in
 * place, and 身份证号 and phone numbers as text. The file can be edited and read back by
 * `parseRosterXlsx`.
 */
export async function writeRosterXlsx(rows: readonly RosterExportRow[], options: { title: string }): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  workbook.created = new Date()
  const sheet = workbook.addWorksheet(ROSTER_SHEET_NAME, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: HEADER_ROW }],
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9 },
  })
  // The values are strings already; the column format keeps cells a clerk retypes or adds as text too.
  sheet.columns = COLUMNS.map((column) => ({ width: column.width, style: column.text ? { numFmt: '@' } : {} }))
  writeTitle(sheet, options.title)
  writeHeader(sheet)
  rows.forEach((row, index) => sheet.addRow(COLUMNS.map((column) => column.value(row, index))))
  const data = await workbook.xlsx.writeBuffer()
  return Buffer.from(data as ArrayBuffer)
}

function writeTitle(sheet: Worksheet, title: string) {
  sheet.mergeCells(TITLE_ROW, 1, TITLE_ROW, COLUMNS.length)
  const cell = sheet.getCell(TITLE_ROW, 1)
  cell.value = title
  cell.font = { bold: true, size: 16 }
  cell.alignment = { horizontal: 'center', vertical: 'middle' }
  sheet.getRow(TITLE_ROW).height = 30
}

function writeHeader(sheet: Worksheet) {
  const header = sheet.getRow(HEADER_ROW)
  header.values = COLUMNS.map((column) => column.header)
  header.height = 22
  header.eachCell((cell) => {
    cell.font = { bold: true }
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true }
    cell.border = THIN_BORDER
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7EEF7' } }
  })
}
