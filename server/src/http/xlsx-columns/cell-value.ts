import type { CellValue } from 'exceljs'

/** What a cell holds once rich text, hyperlinks and formulas are looked through. */
export type PlainValue = string | number | boolean | Date | null

/** Formula cells count by their cached result; rich text and hyperlinks by their text. */
export function plainValue(value: CellValue): PlainValue {
  if (value === null || value === undefined) return null
  if (typeof value !== 'object' || value instanceof Date) return value
  if ('richText' in value) return value.richText.map((run) => run.text).join('')
  if ('formula' in value || 'sharedFormula' in value) return value.result === undefined ? null : plainValue(value.result)
  // Excel shows #N/A and friends; as data they mean nothing was there.
  if ('error' in value) return null
  // exceljs declares hyperlink text as a string but hands over rich text when the link is styled.
  if ('hyperlink' in value) return plainValue(value.text as CellValue)
  return null
}

const FULL_WIDTH_ASCII = /[\uFF01-\uFF5E]/g
const ZERO_WIDTH = /[\u200B-\u200D\u2060]/g
const ANY_WHITESPACE = /\s+/g

/** Full-width digits, letters and punctuation (Chinese input methods type them) to ASCII. */
export function toHalfWidth(text: string): string {
  return text.replace(FULL_WIDTH_ASCII, (char) => String.fromCharCode(char.charCodeAt(0) - 0xfee0))
}

/** Trimmed text; `trim` already knows the full-width space U+3000 and no-break spaces. */
export function cleanText(value: PlainValue): string {
  if (value === null) return ''
  const text = typeof value === 'string' ? value : value instanceof Date ? isoDate(value) : String(value)
  return text.replace(ZERO_WIDTH, '').trim()
}

/** Text with every space and line break taken out, for codes and numbers typed with gaps. */
export function compactText(value: PlainValue): string {
  return toHalfWidth(cleanText(value)).replace(ANY_WHITESPACE, '')
}

/** `YYYY-MM-DD` of a Date exceljs built: it reads Excel's timezone-less dates as UTC. */
export function isoDate(date: Date): string {
  // Round to the second: serial-day fractions can land a few ms before midnight.
  const rounded = new Date(Math.round(date.getTime() / 1000) * 1000)
  return formatDate(rounded.getUTCFullYear(), rounded.getUTCMonth() + 1, rounded.getUTCDate())
}

export function formatDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}
