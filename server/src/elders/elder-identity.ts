import { idNumberBirthDate, isValidIdNumber, type Gender } from '@eldercare/shared'
import { pinyin } from 'pinyin-pro'
import type { Pii } from '../privacy/pii.js'
import type { ElderSearch } from './elders.repository.js'

/** Upper-case, half-width: the one spelling hashed, so the same number always finds the same elder. */
export function normalizeIdNumber(value: string): string {
  return value
    .replace(/[\uFF10-\uFF19\uFF38\uFF58]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\s/g, '')
    .toUpperCase()
}

/** The 17th digit is odd for men, even for women (GB 11643-1999). */
export function genderOf(idNumber: string): Gender {
  return Number(idNumber[16]) % 2 === 1 ? 'male' : 'female'
}

/** Everything stored about a 身份证号: ciphertext, lookup HMAC, the parts the masked form shows, and what it tells. */
export function identityColumns(idNumber: string, pii: Pii) {
  return {
    idNumberEncrypted: pii.encrypt(idNumber),
    idNumberHash: pii.fingerprint(idNumber),
    idNumberHead: idNumber.slice(0, 6),
    idNumberTail: idNumber.slice(-4),
    gender: genderOf(idNumber),
    birthDate: idNumberBirthDate(idNumber)!,
  }
}

export function phoneColumns(phone: string | null | undefined, pii: Pii) {
  if (!phone) return { phoneEncrypted: null, phoneHash: null }
  return { phoneEncrypted: pii.encrypt(phone), phoneHash: pii.fingerprint(phone) }
}

/** 张三 → zs; surnames read as surnames (单 → s, not d). */
export function nameInitials(name: string): string {
  return pinyin(name, { pattern: 'first', toneType: 'none', type: 'array', surname: 'head' })
    .join('')
    .toLowerCase()
    .replace(/[^a-z]/g, '')
}

/** What the counter's search box text most likely is: last 4 of a 身份证号, a whole one, a phone, initials or a name. */
export function classifySearch(q: string, pii: Pii): ElderSearch {
  const text = q.trim()
  const id = normalizeIdNumber(text)
  if (/^\d{3}[\dX]$/.test(id)) return { kind: 'idTail', tail: id }
  if (id.length === 18 && isValidIdNumber(id)) return { kind: 'idHash', hash: pii.fingerprint(id) }
  if (/^1\d{10}$/.test(text)) return { kind: 'phoneHash', hash: pii.fingerprint(text) }
  if (/^[a-zA-Z]{1,10}$/.test(text)) return { kind: 'initials', prefix: text.toLowerCase() }
  return { kind: 'name', text }
}
