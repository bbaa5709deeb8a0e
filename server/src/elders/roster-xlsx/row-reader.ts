import type { DisabilityLevel, ElderStatus, Gender } from '@eldercare/shared'
import { idNumberBirthDate } from '@eldercare/shared'
import { cleanText, type PlainValue } from '../../http/xlsx-columns/cell-value.js'
import { INVALID_DATE, readDate } from './dates.js'
import { isNothing, readCategories, readCommunityCode, readGender, readLevel, readPersonName, readPhone, readStatus, readText } from './fields.js'
import type { CategoryRead } from './fields.js'
import { FIELD_NAMES, type HeaderColumn, type RosterField } from './header.js'
import { readIdNumber } from './id-number-cell.js'
import { GENDER_LABELS, LEVEL_LABELS, STATUS_LABELS } from './labels.js'
import type { RosterDelegate, RosterIssue, RosterRow } from './types.js'

export type RowValues = Partial<Record<RosterField, PlainValue>>

const MAX_COMMUNITY_NAME = 64
const MAX_DIETARY_NOTES = 500
/** PickupDelegate.relation allows 16 characters. */
const MAX_RELATION = 16

/**
 * Reads the cells of one data row. Issues go to `issues`; the row only comes back without any, the
 * normalised 身份证号 whenever it is valid (for the duplicate check).
 */
export function readRosterRow(
  line: number,
  values: RowValues,
  columns: ReadonlyMap<RosterField, HeaderColumn>,
  date1904: boolean,
  issues: RosterIssue[],
): { row: RosterRow | null; idNumber: string | null } {
  const before = issues.length
  const label = (field: RosterField) => columns.get(field)?.label ?? FIELD_NAMES[field]
  const fail = (field: RosterField, message: string) => issues.push({ line, column: label(field), message })
  const text = (field: RosterField) => cleanText(values[field] ?? null)
  function date(field: RosterField): string | null {
    const read = readDate(values[field] ?? null, date1904)
    if (read !== INVALID_DATE) return read
    fail(field, `${label(field)}“${text(field)}”不是有效日期，请按 2024-03-01 的格式填写`)
    return null
  }
  function valid<T>(field: RosterField, read: { ok: true; value: T } | { ok: false; message: string }): T | null {
    if (read.ok) return read.value
    fail(field, read.message)
    return null
  }

  const name = valid('name', readPersonName(text('name'), '姓名'))
  const id = readIdNumber(values.idNumber ?? null)
  let gender: Gender | null = null
  let birthDate: string | null = null
  if (id.ok) {
    gender = Number(id.idNumber[16]) % 2 === 1 ? 'male' : 'female'
    birthDate = idNumberBirthDate(id.idNumber)
    crossCheck(gender, birthDate ?? '')
  } else fail('idNumber', id.message)

  const phone = valid('phone', readPhone(values.phone ?? null))
  const { communityName, communityCode } = readCommunity()
  const categories = readCategoryColumns()
  const { status, deceasedOn } = readStatusColumns()
  const dietaryNotes = valid('dietaryNotes', readText(text('dietaryNotes'), label('dietaryNotes'), MAX_DIETARY_NOTES))
  const delegate = readDelegate()

  if (!id.ok) return { row: null, idNumber: null }
  if (issues.length > before || name === null || gender === null || birthDate === null || status === null) {
    return { row: null, idNumber: id.idNumber }
  }
  const row: RosterRow = {
    line,
    name,
    idNumber: id.idNumber,
    gender,
    birthDate,
    phone,
    communityName,
    communityCode,
    categories,
    status,
    deceasedOn,
    dietaryNotes,
    delegate,
  }
  return { row, idNumber: id.idNumber }

  /** A 出生日期 or 性别 column is only there to be checked against the number. */
  function crossCheck(idGender: Gender, idBirthDate: string) {
    if (columns.has('birthDate')) {
      const written = date('birthDate')
      if (written !== null && written !== idBirthDate) fail('birthDate', `出生日期与身份证号不符（身份证号中为 ${idBirthDate}）`)
    }
    const genderText = text('gender')
    if (columns.has('gender') && genderText !== '') {
      const written = readGender(genderText)
      if (written === undefined) fail('gender', `性别“${genderText}”无法识别，请填写“男”或“女”`)
      else if (written !== idGender) fail('gender', `性别与身份证号不符（身份证号中为${GENDER_LABELS[idGender]}性）`)
    }
  }

  /** Either the name or the code places the elder; the caller matches them to the regions. */
  function readCommunity(): { communityName: string | null; communityCode: string | null } {
    const nameRead = readText(text('community'), label('community'), MAX_COMMUNITY_NAME)
    const codeRead = readCommunityCode(values.communityCode ?? null)
    if (nameRead.ok && codeRead.ok && nameRead.value === null && codeRead.value === null) {
      const field = columns.has('community') ? 'community' : 'communityCode'
      fail(field, `${label(field)}不能为空`)
    }
    return { communityName: valid('community', nameRead), communityCode: valid('communityCode', codeRead) }
  }

  function readCategoryColumns(): RosterRow['categories'] {
    const read = valid('categories', readCategories(text('categories')))
    const levelText = text('disabilityLevel')
    const level = readLevel(levelText)
    if (level === undefined) fail('disabilityLevel', `失能等级“${levelText}”无法识别，可填写：${Object.values(LEVEL_LABELS).join('、')}`)
    const startOn = date('categoryStart')
    const entries: CategoryRead[] = read ?? []
    if (level) mergeLevel(entries, level)
    return entries.map((entry) => ({ category: entry.category, level: entry.level, startOn }))
  }

  /** A level in the 失能等级 column means the elder is disabled, whether or not 失能 is listed. */
  function mergeLevel(entries: CategoryRead[], level: DisabilityLevel) {
    const disabled = entries.find((entry) => entry.category === 'disabled')
    if (!disabled) entries.push({ category: 'disabled', level })
    else if (disabled.level !== null && disabled.level !== level) fail('disabilityLevel', '失能等级与人员类别中写的等级不一致')
    else disabled.level = level
  }

  function readStatusColumns(): { status: ElderStatus | null; deceasedOn: string | null } {
    const statusText = text('status')
    const deceasedOn = date('deceasedOn')
    let status = readStatus(statusText) ?? null
    if (status === null) {
      fail('status', `状态“${statusText}”无法识别，可填写：${Object.values(STATUS_LABELS).join('、')}`)
      return { status, deceasedOn }
    }
    // A date of death under a blank status says enough.
    if (statusText === '' && deceasedOn !== null) status = 'deceased'
    if (status === 'deceased' && deceasedOn === null && text('deceasedOn') === '') {
      fail(columns.has('deceasedOn') ? 'deceasedOn' : 'status', '状态为死亡时必须填写死亡日期')
    } else if (status !== 'deceased' && deceasedOn !== null) {
      fail('deceasedOn', `填写了死亡日期，但状态为“${statusText}”`)
    }
    return { status, deceasedOn: status === 'deceased' ? deceasedOn : null }
  }

  function readDelegate(): RosterDelegate | null {
    const delegateName = text('delegateName')
    const relation = valid('delegateRelation', readText(text('delegateRelation'), '代领人关系', MAX_RELATION))
    const delegatePhone = valid('delegatePhone', readPhone(values.delegatePhone ?? null))
    if (isNothing(delegateName)) {
      if (relation !== null || delegatePhone !== null) fail('delegateName', '填写了代领人关系或电话，但没有填写代领人姓名')
      return null
    }
    const read = valid('delegateName', readPersonName(delegateName, '代领人姓名'))
    return read === null ? null : { name: read, relation, phone: delegatePhone }
  }
}
