import type { Worksheet } from 'exceljs'

/** A bold title over the sheet's first row, merged across `columns` columns. */
export function writeTitle(sheet: Worksheet, title: string, columns: number): void {
  sheet.mergeCells(1, 1, 1, columns)
  const cell = sheet.getCell(1, 1)
  cell.value = title
  cell.font = { bold: true, size: 14 }
  cell.alignment = { horizontal: 'center' }
}

/** A bold header row added below what the sheet holds, frozen in place; `widths` sets the columns' widths too. */
export function writeHeader(sheet: Worksheet, names: string[], widths?: number[]): void {
  if (widths) sheet.columns = widths.map((width) => ({ width }))
  const row = sheet.addRow(names)
  row.font = { bold: true }
  sheet.views = [{ state: 'frozen', ySplit: row.number }]
}
