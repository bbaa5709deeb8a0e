import { idNumberCheckChar } from '@eldercare/shared'
import ExcelJS from 'exceljs'
import type { Workbook, Worksheet } from 'exceljs'

/** A valid 身份证号 for a Dinghai elder born on `birth` (YYYYMMDD) with sequence `sequence` (3 digits). */
export function validId(birth: string, sequence: string, region = '330902'): string {
  const first17 = region + birth + sequence
  return first17 + idNumberCheckChar(first17)
}

/** The same number with a wrong check character. */
export function withBadCheck(idNumber: string): string {
  const wrong = idNumber[17] === '0' ? '1' : '0'
  return idNumber.slice(0, 17) + wrong
}

/** A real .xlsx file built with exceljs, as a bureau clerk's Excel would save it. */
export async function xlsx(fill: (sheet: Worksheet, workbook: Workbook) => void, sheetName = 'Sheet1'): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  fill(workbook.addWorksheet(sheetName), workbook)
  return Buffer.from((await workbook.xlsx.writeBuffer()) as ArrayBuffer)
}

/** Reads a written file back with exceljs, for checking what the writer put where. */
export async function openXlsx(file: Buffer): Promise<Workbook> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(file as unknown as Parameters<typeof workbook.xlsx.load>[0])
  return workbook
}

/** Excel's serial day number of a date, as a cell holds it without a date format. */
export function excelSerial(isoDate: string): number {
  return Date.parse(`${isoDate}T00:00:00Z`) / 86_400_000 + 25569
}

/** A Date exceljs writes as a real Excel date (it treats Dates as UTC). */
export function excelDate(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00Z`)
}

/** A valid 身份证号 whose check character is X, born on `birth`. */
export function idEndingInX(birth: string, gender: 'male' | 'female'): string {
  for (let sequence = gender === 'male' ? 101 : 100; sequence < 1000; sequence += 2) {
    const id = validId(birth, String(sequence))
    if (id.endsWith('X')) return id
  }
  throw new Error(`no X check character for ${birth}`)
}

/** The number typed with a Chinese input method: full-width digits and Ｘ. */
export function fullWidth(text: string): string {
  return text.replace(/[0-9A-Z]/g, (char) => String.fromCharCode(char.charCodeAt(0) + 0xfee0))
}
