import type { PopulationImportError } from '@eldercare/shared'
import ExcelJS from 'exceljs'
import { compactText, plainValue, type PlainValue } from '../http/xlsx-columns/cell-value.js'
import { headerKey } from '../elders/roster-xlsx/header.js'

/** One row of a population sheet once read: the community as written, and the three figures. */
export interface PopulationSheetRow {
  row: number
  communityCode: string | null
  communityName: string | null
  population60Plus: number
  population80Plus: number
  populationTotal: number
}

type Column = 'code' | 'name' | 'p60' | 'p80' | 'total'

/**
 * Which figure a header names. Bureaus write these many ways (60岁以上人口, 60周岁及以上, 户籍总人口…),
 * so headers are recognised by what they contain rather than by a fixed list.
 */
export function columnOf(header: string): Column | null {
  const key = headerKey(header)
  if (key === '') return null
  if (key.includes('代码')) return 'code'
  if (/80/.test(key)) return 'p80'
  if (/60/.test(key)) return 'p60'
  if (key.includes('总人口') || key === '人口总数' || key === '户籍人口' || key === '常住人口' || key === '总数') return 'total'
  if (key.includes('村') || key.includes('社区') || key === '名称') return 'name'
  return null
}

const HEADER_SEARCH_ROWS = 15
const TOTAL_ROW = /^(合计|总计|小计|全区|总数)$/
const MAX_ROWS = 10_000

/** The header row: the first row (of the first 15) naming the 60+ figure and a community code or name. */
function findHeader(sheet: ExcelJS.Worksheet): { row: number; columns: Map<Column, number> } | null {
  for (let row = 1; row <= Math.min(HEADER_SEARCH_ROWS, sheet.rowCount); row += 1) {
    const columns = new Map<Column, number>()
    sheet.getRow(row).eachCell({ includeEmpty: false }, (cell, column) => {
      const kind = columnOf(compactText(plainValue(cell.value)))
      // Merged header cells repeat their text: the first column of a kind wins.
      if (kind && !columns.has(kind)) columns.set(kind, column)
    })
    if (columns.has('p60') && columns.has('p80') && columns.has('total') && (columns.has('code') || columns.has('name'))) return { row, columns }
  }
  return null
}

/** A count as a non-negative whole number; Excel keeps numbers as floats and people type 1,234. */
function readCount(value: PlainValue): number | null {
  const text = compactText(value).replace(/,/g, '')
  if (!/^\d+(\.0+)?$/.test(text)) return null
  const count = Number(text)
  return Number.isSafeInteger(count) && count <= 100_000_000 ? count : null
}

const LABELS: Record<'p60' | 'p80' | 'total', string> = { p60: '60岁以上人口', p80: '80岁以上人口', total: '总人口' }

/**
 * Reads a population sheet: a title row or two, a header (possibly merged over two rows), one row per
 * community, perhaps a total row. Returns the rows and every problem, by spreadsheet row number.
 */
export async function parsePopulationXlsx(file: Buffer): Promise<{ rows: PopulationSheetRow[]; errors: PopulationImportError[] }> {
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.load(file as unknown as Parameters<typeof workbook.xlsx.load>[0])
  } catch {
    return { rows: [], errors: [{ row: 0, code: 'FILE_UNREADABLE', message: '无法读取该文件：请上传 Excel 的 .xlsx 文件' }] }
  }
  const sheet = workbook.worksheets[0]
  const header = sheet ? findHeader(sheet) : null
  if (!sheet || !header) {
    return { rows: [], errors: [{ row: 0, code: 'HEADER_NOT_FOUND', message: '未找到表头：应有“村社代码”或“村（社区）名称”，以及“60岁以上人口”“80岁以上人口”“总人口”列' }] }
  }
  if (sheet.rowCount - header.row > MAX_ROWS) return { rows: [], errors: [{ row: 0, code: 'TOO_MANY_ROWS', message: `一次最多导入 ${MAX_ROWS} 行` }] }

  const rows: PopulationSheetRow[] = []
  const errors: PopulationImportError[] = []
  const cell = (row: ExcelJS.Row, column: Column) => (header.columns.has(column) ? plainValue(row.getCell(header.columns.get(column)!).value) : null)
  for (let number = header.row + 1; number <= sheet.rowCount; number += 1) {
    const row = sheet.getRow(number)
    const code = compactText(cell(row, 'code'))
    const name = compactText(cell(row, 'name'))
    const figures = (['p60', 'p80', 'total'] as const).map((column) => cell(row, column))
    if (code === '' && name === '' && figures.every((value) => compactText(value) === '')) continue
    if (TOTAL_ROW.test(name) || TOTAL_ROW.test(code)) continue
    // A second header row under a merged one ("人口数" over 60/80/总) repeats the labels: not data.
    if (figures.some((value) => columnOf(compactText(value)) !== null)) continue
    const [p60, p80, total] = figures.map(readCount)
    let ok = true
    ;(['p60', 'p80', 'total'] as const).forEach((column, index) => {
      if ([p60, p80, total][index] === null) {
        ok = false
        errors.push({ row: number, column: LABELS[column], code: 'NOT_A_COUNT', message: `${LABELS[column]}应为不小于0的整数` })
      }
    })
    if (code !== '' && !/^\d{12}$/.test(code)) {
      ok = false
      errors.push({ row: number, column: '村社代码', code: 'CODE_INVALID', message: '村社代码应为12位数字' })
    }
    if (!ok) continue
    if (p80! > p60! || p60! > total!) {
      errors.push({ row: number, code: 'FIGURES_INCONSISTENT', message: '应满足：80岁以上人口 ≤ 60岁以上人口 ≤ 总人口' })
      continue
    }
    rows.push({ row: number, communityCode: code || null, communityName: name || null, population60Plus: p60!, population80Plus: p80!, populationTotal: total! })
  }
  return { rows, errors }
}
