import { cleanText, formatDate, isoDate, toHalfWidth, type PlainValue } from '../../http/xlsx-columns/cell-value.js'

/** `1945年3月2日`, `1945.3.2`, `1945-03-02`, `1945/3/2`, with an optional time that is ignored. */
const SEPARATED_DATE = /^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$/
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/
const MIN_YEAR = 1900
const MAX_YEAR = 2100
/** Days between Excel's day 0 (1899-12-30, after its 1900 leap-year bug) and 1970-01-01. */
const EXCEL_1900_OFFSET = 25569
const EXCEL_1904_OFFSET = 24107
const DAY_MS = 86_400_000

/** Marks a date cell that holds something other than a date. */
export const INVALID_DATE = Symbol('invalid date')

function checked(year: number, month: number, day: number): string | typeof INVALID_DATE {
  if (year < MIN_YEAR || year > MAX_YEAR) return INVALID_DATE
  const date = new Date(Date.UTC(year, month - 1, day))
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return INVALID_DATE
  return formatDate(year, month, day)
}

/**
 * A date cell as `YYYY-MM-DD`, null when blank. Accepts real Excel dates (exceljs gives Date
 * objects for date-formatted cells), bare serial numbers, 8-digit numbers like 19450302 and text.
 */
export function readDate(value: PlainValue, date1904: boolean): string | null | typeof INVALID_DATE {
  if (value === null) return null
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return INVALID_DATE
    const iso = isoDate(value)
    return checked(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)))
  }
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 10_000_000) {
      return checked(Math.floor(value / 10_000), Math.floor(value / 100) % 100, value % 100)
    }
    // A bare year (1945) is far likelier than serial day 1945, which is a date in 1905.
    if (value <= 0 || (Number.isInteger(value) && value >= MIN_YEAR && value <= MAX_YEAR)) return INVALID_DATE
    const offset = date1904 ? EXCEL_1904_OFFSET : EXCEL_1900_OFFSET
    return readDate(new Date((Math.floor(value) - offset) * DAY_MS), date1904)
  }
  if (typeof value === 'boolean') return INVALID_DATE
  const text = toHalfWidth(cleanText(value))
  if (text === '') return null
  const match = SEPARATED_DATE.exec(text) ?? COMPACT_DATE.exec(text)
  if (!match) return INVALID_DATE
  return checked(Number(match[1]), Number(match[2]), Number(match[3]))
}
