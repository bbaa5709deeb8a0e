import type { DisabilityLevel, ElderCategory, ElderStatus, Gender } from '@eldercare/shared'
import { compactText, toHalfWidth, type PlainValue } from '../../http/xlsx-columns/cell-value.js'
import { CATEGORY_LABELS, LEVEL_LABELS, STATUS_LABELS } from './labels.js'

/** A field read from its cell: the value, or the message a clerk sees. */
export type FieldRead<T> = { ok: true; value: T } | { ok: false; message: string }

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/
const WHITESPACE = /\s+/g
const LINE_BREAKS_AND_TABS = /[\r\n\t]/g
const HAN_ONLY = /^[\p{Script=Han}·•]+$/u

/** What clerks write in an optional cell to say "nothing here". */
const NOTHING = new Set(['无', '没有', '暂无', '-', '—', '--', '/', '\\', '否'])

export function isNothing(text: string): boolean {
  return text === '' || NOTHING.has(text)
}

/**
 * A person's name. Clerks pad two-character names (`王  明`) to line them up; such gaps inside a
 * Chinese name go, other runs of spaces shrink to one.
 */
export function readPersonName(text: string, what: string, maxLength = 32): FieldRead<string> {
  const collapsed = text.replace(WHITESPACE, ' ')
  const name = HAN_ONLY.test(collapsed.replace(WHITESPACE, '')) ? collapsed.replace(WHITESPACE, '') : collapsed
  if (name === '') return { ok: false, message: `${what}不能为空` }
  if (CONTROL_CHARACTERS.test(name)) return { ok: false, message: `${what}含有不可见的控制字符` }
  if ([...name].length > maxLength) return { ok: false, message: `${what}不能超过${maxLength}个字` }
  return { ok: true, value: name }
}

/** Free text such as a community name or dietary notes: null when empty. */
export function readText(text: string, what: string, maxLength: number): FieldRead<string | null> {
  if (isNothing(text)) return { ok: true, value: null }
  if (CONTROL_CHARACTERS.test(text.replace(LINE_BREAKS_AND_TABS, ''))) return { ok: false, message: `${what}含有不可见的控制字符` }
  if ([...text].length > maxLength) return { ok: false, message: `${what}不能超过${maxLength}个字` }
  return { ok: true, value: text }
}

const PHONE_NOISE = /[\s\-‐‑–—－()]/g
const COUNTRY_CODE = /^(?:\+86|0086|86)(?=1\d{10}$)/
const MOBILE = /^1\d{10}$/
const LANDLINE = /^0\d{9,11}$/
/** Beijing 010 and the 02x cities have 3-digit area codes; every other area code has 4. */
const SHORT_AREA_CODE = /^0[12]/

/** A mainland mobile (`13812345678`) or a landline with its area code, written `0580-2021234`. */
export function readPhone(value: PlainValue): FieldRead<string | null> {
  const text = compactText(value)
  if (isNothing(text)) return { ok: true, value: null }
  const digits = text.replace(PHONE_NOISE, '').replace(COUNTRY_CODE, '')
  if (MOBILE.test(digits)) return { ok: true, value: digits }
  if (LANDLINE.test(digits)) {
    const areaLength = SHORT_AREA_CODE.test(digits) ? 3 : 4
    const local = digits.slice(areaLength)
    if (local.length >= 7 && local.length <= 8) return { ok: true, value: `${digits.slice(0, areaLength)}-${local}` }
  }
  return { ok: false, message: '电话号码格式不正确：应为11位手机号，或带区号的固定电话（如 0580-2021234）' }
}

const GENDERS = new Map<string, Gender>([
  ['男', 'male'],
  ['男性', 'male'],
  ['M', 'male'],
  ['MALE', 'male'],
  ['女', 'female'],
  ['女性', 'female'],
  ['F', 'female'],
  ['FEMALE', 'female'],
])

export function readGender(text: string): Gender | undefined {
  return GENDERS.get(toHalfWidth(text).toUpperCase())
}

const LEVELS = new Map<string, DisabilityLevel | null>([
  ['轻', 'mild'],
  ['中', 'moderate'],
  ['重', 'severe'],
  // 完全失能 is the fifth grade of GB/T 42195-2022; the roster has no finer level than 重度.
  ['完全失能', 'severe'],
  ['能力完好', null],
])
const LEVEL_SUFFIX = /(度|度失能|失能)$/
for (const [level, label] of Object.entries(LEVEL_LABELS) as [DisabilityLevel, string][]) LEVELS.set(label, level)

/** 失能等级: null when blank; undefined when the text is no level. */
export function readLevel(text: string): DisabilityLevel | null | undefined {
  if (isNothing(text)) return null
  const key = toHalfWidth(text).replace(WHITESPACE, '')
  if (LEVELS.has(key)) return LEVELS.get(key)
  const bare = key.replace(LEVEL_SUFFIX, '')
  return bare !== '' && LEVELS.has(bare) ? LEVELS.get(bare) : undefined
}

const STATUSES = new Map<string, ElderStatus>([
  ['正常', 'active'],
  ['有效', 'active'],
  ['已迁出', 'moved_away'],
  ['入住养老机构', 'in_institution'],
  ['机构养老', 'in_institution'],
  ['去世', 'deceased'],
  ['已去世', 'deceased'],
  ['已故', 'deceased'],
  ['身故', 'deceased'],
])
for (const [status, label] of Object.entries(STATUS_LABELS) as [ElderStatus, string][]) STATUSES.set(label, status)

/** 状态: blank means 在册; undefined when the text is no status. */
export function readStatus(text: string): ElderStatus | undefined {
  if (text === '') return 'active'
  return STATUSES.get(text.replace(WHITESPACE, ''))
}

/** `ignored` is 高龄: a category clerks list, but one the birth date already says. */
type CategoryMatch = ElderCategory | 'ignored'

const CATEGORIES = new Map<string, CategoryMatch>([
  ['特困供养', 'destitute'],
  ['低保边缘', 'marginal_low_income'],
  ['失智', 'disabled'],
  ['失能失智', 'disabled'],
  ['计生特扶', 'family_planning_special'],
  ['计划生育特殊家庭', 'family_planning_special'],
  ['失独', 'family_planning_special'],
  ['优抚', 'key_entitled'],
  ['高龄', 'ignored'],
])
for (const [category, label] of Object.entries(CATEGORY_LABELS) as [ElderCategory, string][]) CATEGORIES.set(label, category)

const CATEGORY_SEPARATORS = /[、,，/／;；\s]+/
/** `特困人员`, `低保户`, `独居老人`, `重点优抚对象`: the same categories with a noun after them. */
const CATEGORY_NOUN = /(供养人员|人员|老人|户|对象|家庭)$/
/** `重度失能` or `失能(重度)`: a level written into the category itself. */
const LEVEL_BEFORE = /^(轻度?|中度?|重度?)(.+)$/
const LEVEL_AFTER = /^(.+)\((轻度?|中度?|重度?)\)$/

export interface CategoryRead {
  category: ElderCategory
  level: DisabilityLevel | null
}

function lookUpCategory(token: string): CategoryMatch | undefined {
  return CATEGORIES.get(token) ?? CATEGORIES.get(token.replace(CATEGORY_NOUN, ''))
}

function readCategoryToken(token: string): { match: CategoryMatch; level: DisabilityLevel | null } | undefined {
  const match = lookUpCategory(token)
  if (match) return { match, level: null }
  const withLevel = LEVEL_BEFORE.exec(token) ?? LEVEL_AFTER.exec(token)
  if (!withLevel) return undefined
  const [levelText, categoryText] = LEVEL_BEFORE.test(token) ? [withLevel[1]!, withLevel[2]!] : [withLevel[2]!, withLevel[1]!]
  const inner = lookUpCategory(categoryText)
  const level = readLevel(levelText)
  return inner === 'disabled' && level ? { match: inner, level } : undefined
}

/** 人员类别: several categories in one cell, each at most once, in the order written. */
export function readCategories(text: string): FieldRead<CategoryRead[]> {
  const categories: CategoryRead[] = []
  const unknown: string[] = []
  for (const token of toHalfWidth(text).split(CATEGORY_SEPARATORS)) {
    if (isNothing(token)) continue
    const read = readCategoryToken(token)
    if (!read) unknown.push(token)
    else if (read.match !== 'ignored') {
      const known = categories.find((entry) => entry.category === read.match)
      if (!known) categories.push({ category: read.match, level: read.level })
      else if (read.level) known.level = read.level
    }
  }
  if (unknown.length > 0) {
    const allowed = [...Object.values(CATEGORY_LABELS), '高龄'].join('、')
    return { ok: false, message: `人员类别“${unknown.join('、')}”无法识别，可填写：${allowed}` }
  }
  return { ok: true, value: categories }
}

const COMMUNITY_CODE = /^\d{12}$/

export function readCommunityCode(value: PlainValue): FieldRead<string | null> {
  const text = compactText(value)
  if (isNothing(text)) return { ok: true, value: null }
  return COMMUNITY_CODE.test(text) ? { ok: true, value: text } : { ok: false, message: '社区代码应为12位数字' }
}
