import ExcelJS from 'exceljs'
import { cleanText, plainValue } from '../http/xlsx-columns/cell-value.js'
import { INVALID_DATE, readDate } from '../elders/roster-xlsx/dates.js'
import { findHeader, headerKey } from '../elders/roster-xlsx/header.js'
import { readIdNumber } from '../elders/roster-xlsx/id-number-cell.js'

/** One data row of a death or 户籍注销 list: the number and the date, or what is wrong with them. */
export type ExternalListEntry = { line: number; ok: true; idNumber: string; deceasedOn: string } | { line: number; ok: false; message: string }

export const MAX_LIST_ROWS = 50_000

/** Headers of the date column: the roster's 死亡日期, and the police's 注销 lists. */
const DATE_HEADERS = new Set(['死亡日期', '死亡时间', '注销日期', '户籍注销日期', '注销时间', '死亡(注销)日期'].map(headerKey))

/**
 * Reads a death list (funeral service) or 户籍注销 list (police) as they arrive: title rows above the
 * header, 身份证号 as text or as numbers, a 死亡日期 or 注销日期 column. Throws a message for a file
 * that is no such list.
 */
export async function parseExternalList(file: Buffer): Promise<ExternalListEntry[]> {
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.load(file as unknown as Parameters<typeof workbook.xlsx.load>[0])
  } catch {
    throw new Error('无法读取该文件：请上传 Excel 的 .xlsx 文件')
  }
  const date1904 = workbook.properties.date1904 ?? false
  for (const sheet of workbook.worksheets) {
    const header = findHeader(sheet)
    const idColumn = header?.columns.get('idNumber')?.col
    if (!header || !idColumn) continue
    let dateColumn: number | undefined
    for (let r = header.firstRow; r <= header.lastRow && !dateColumn; r++) {
      sheet.findRow(r)?.eachCell((cell, col) => {
        if (!dateColumn && DATE_HEADERS.has(headerKey(cleanText(plainValue(cell.value))))) dateColumn = col
      })
    }
    if (!dateColumn) throw new Error('名单中应有“死亡日期”或“注销日期”列')
    const entries: ExternalListEntry[] = []
    for (let line = header.lastRow + 1; line <= sheet.rowCount; line++) {
      const row = sheet.findRow(line)
      const idValue = plainValue(row?.findCell(idColumn)?.value ?? null)
      const dateValue = plainValue(row?.findCell(dateColumn)?.value ?? null)
      if ((idValue === null || cleanText(idValue) === '') && (dateValue === null || cleanText(dateValue) === '')) continue
      if (entries.length >= MAX_LIST_ROWS) throw new Error(`数据超过 ${MAX_LIST_ROWS} 行的上限，请拆分成多个文件`)
      const id = readIdNumber(idValue)
      if (!id.ok) {
        entries.push({ line, ok: false, message: id.message })
        continue
      }
      const date = readDate(dateValue, date1904)
      if (date === null || date === INVALID_DATE) entries.push({ line, ok: false, message: '死亡（注销）日期缺失或不是日期' })
      else entries.push({ line, ok: true, idNumber: id.idNumber, deceasedOn: date })
    }
    return entries
  }
  throw new Error('未找到名单表头：前30行中应有“姓名”“身份证号”等列名')
}
