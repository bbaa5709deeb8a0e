/**
 * 居民身份证号 (GB 11643-1999) checks. Pure and browser-safe, used by forms and the server alike.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK_CHARS = '10X98765432'

/** The 18th character the first 17 digits call for. */
export function idNumberCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!
  return CHECK_CHARS[sum % 11]!
}

/** Birth date (YYYY-MM-DD) encoded in digits 7–14, or null when it is not a real calendar date. */
export function idNumberBirthDate(idNumber: string): string | null {
  const y = Number(idNumber.slice(6, 10))
  const m = Number(idNumber.slice(10, 12))
  const d = Number(idNumber.slice(12, 14))
  const date = new Date(Date.UTC(y, m - 1, d))
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null
  return `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`
}

/** True when the number has 18 characters, a real birth date and the right check character. */
export function isValidIdNumber(value: string): boolean {
  const id = value.toUpperCase()
  if (!/^\d{17}[\dX]$/.test(id)) return false
  if (idNumberBirthDate(id) === null) return false
  return idNumberCheckChar(id.slice(0, 17)) === id[17]
}

/** `330902********123X`: region code and the last four, never the birth date. */
export function maskIdNumber(idNumber: string): string {
  return idNumber.slice(0, 6) + '*'.repeat(Math.max(0, idNumber.length - 10)) + idNumber.slice(-4)
}

/** `138****5678`: mobile numbers keep the first three and last four digits. */
export function maskPhone(phone: string): string {
  if (phone.length < 7) return '*'.repeat(phone.length)
  return phone.slice(0, 3) + '*'.repeat(phone.length - 7) + phone.slice(-4)
}
