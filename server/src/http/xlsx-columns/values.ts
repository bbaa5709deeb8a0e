import type { ImportColumnsNeeded } from '@eldercare/shared'
import type { Cell, Row, Worksheet } from 'exceljs'
import { cleanText, plainValue, type PlainValue } from './cell-value.js'
import { MAX_COLUMNS, VALUES_RANK, type HeaderColumn, type HeaderLayout } from './header.js'

/** Data rows looked at to check what a column holds. */
const SAMPLE_ROWS = 20
/** Rows of data the mapping dialog shows under the header. */
const SHOWN_ROWS = 3
/** Columns the mapping dialog shows at most. */
const SHOWN_COLUMNS = 60

function blank(value: PlainValue): boolean {
  return value === null || (typeof value === 'string' && value.trim() === '')
}

/** The first non-blank values under the header in one column. */
export function columnSample<F extends string>(sheet: Worksheet, header: HeaderLayout<F>, col: number): PlainValue[] {
  const values: PlainValue[] = []
  for (let line = header.lastRow + 1; line <= sheet.rowCount && values.length < SAMPLE_ROWS; line++) {
    const cell = sheet.findRow(line)?.findCell(col)
    const value = cell ? plainValue(cell.value) : null
    if (!blank(value)) values.push(value)
  }
  return values
}

/** Four in five of the sampled values pass: a clerk's odd cell does not change what the column is. */
export function mostly(values: PlainValue[], test: (value: PlainValue) => boolean): boolean {
  return values.length > 0 && values.filter(test).length * 5 >= values.length * 4
}

/** Whether the column `field` was given to mostly holds values that pass `test`. */
export function holds<F extends string>(sheet: Worksheet, header: HeaderLayout<F>, field: F, test: (value: PlainValue) => boolean): boolean {
  const column = header.columns.get(field)
  return column !== undefined && mostly(columnSample(sheet, header, column.col), test)
}

/** Gives `field` the first column no field has taken whose values mostly pass `test`; whether one was found. */
export function findByValues<F extends string>(sheet: Worksheet, header: HeaderLayout<F>, field: F, test: (value: PlainValue) => boolean): boolean {
  const used = new Set([...header.columns.values()].map((column) => column.col))
  const width = Math.min(sheet.columnCount, MAX_COLUMNS)
  for (let col = 1; col <= width; col++) {
    if (used.has(col) || !mostly(columnSample(sheet, header, col), test)) continue
    const label = header.labels.find((item) => item.col === col)?.label ?? `第${col}列`
    header.columns.set(field, { field, col, label, rank: VALUES_RANK })
    return true
  }
  return false
}

function cellTexts(sheet: Worksheet, line: number, width: number): string[] {
  const row = sheet.findRow(line)
  return Array.from({ length: width }, (_, i) => {
    const cell = row?.findCell(i + 1)
    return cell ? cleanText(plainValue(cell.value)) : ''
  })
}

/** The header rows and the first data rows as the file shows them, with each headed column, for the user to map. */
export function columnsNeeded<F extends string>(sheet: Worksheet, header: HeaderLayout<F>, missing: F[]): ImportColumnsNeeded {
  const width = Math.min(sheet.columnCount, SHOWN_COLUMNS)
  const headerRows = []
  for (let line = header.firstRow; line <= header.lastRow; line++) headerRows.push(cellTexts(sheet, line, width))
  const sampleRows = []
  for (let line = header.lastRow + 1; line <= sheet.rowCount && sampleRows.length < SHOWN_ROWS; line++) {
    const texts = cellTexts(sheet, line, width)
    if (texts.some((text) => text !== '')) sampleRows.push(texts)
  }
  return { missing, columns: header.labels.filter((item) => item.col <= width).map((item) => ({ col: item.col, header: item.label })), headerRows, sampleRows }
}

function isSlave(cell: Cell): boolean {
  return cell.isMerged && cell.master !== cell
}

/**
 * The values of the known columns in one row, or null for a row to skip: blank, only cells merged down
 * from above, or a note such as 合计 / 制表人 written in one cell merged across the row.
 */
export function rowValues<F extends string>(row: Row | undefined, columns: readonly HeaderColumn<F>[]): Partial<Record<F, PlainValue>> | null {
  if (!row) return null
  const values: Partial<Record<F, PlainValue>> = {}
  let ownCells = 0
  let ownCell: Cell | undefined
  const slaves: Cell[] = []
  for (const column of columns) {
    const cell = row.findCell(column.col)
    if (!cell) continue
    const value = plainValue(cell.value)
    if (blank(value)) continue
    values[column.field] = value
    if (isSlave(cell)) slaves.push(cell)
    else {
      ownCells++
      ownCell = cell
    }
  }
  if (ownCells === 0) return null
  if (ownCells === 1 && ownCell?.isMerged && slaves.some((slave) => slave.master === ownCell)) return null
  return values
}
