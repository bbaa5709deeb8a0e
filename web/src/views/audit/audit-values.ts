import { i18n, translateIfKnown } from '../../locales'
import { formatDateTime } from '../../utils/format'

/**
 * Where the labels of a field's codes are, by entity type and field: the same words the rest of the UI uses
 * (a settlement's 镇街审核通过, a finding's 已排除). `status` and `kind` mean something else on each entity.
 */
const LABELS_BY_ENTITY: Record<string, Record<string, string>> = {
  elder: { status: 'elders.statuses' },
  facility: { status: 'facilities.statuses' },
  care_card: { status: 'careCards.statuses' },
  bed_report: { status: 'bedReports.statuses' },
  settlement: { status: 'settlements.statuses' },
  user: { status: 'audit.userStatuses' },
  subsidy_finding: { status: 'subsidyChecks.statuses', kind: 'subsidyChecks.kinds' },
  subsidy_rule: { kind: 'subsidyRules.kinds' },
  region: { kind: 'regions.kinds' },
}

/** Labels of fields whose codes mean the same on every entity. */
const LABELS: Record<string, string> = {
  role: 'roles',
  gender: 'elders.genders',
  mealSlots: 'meals.slots',
  mealModes: 'meals.modes',
  slot: 'meals.slots',
  mode: 'meals.modes',
  type: 'facilities.types',
  category: 'elders.categories',
  level: 'elders.levels',
  disabilityLevel: 'elders.levels',
  ownership: 'institutions.ownerships',
  urbanRural: 'regions',
  tags: 'facilities.tagNames',
  populationBasis: 'population.bases',
  basis: 'population.bases',
  dementiaDenominator: 'targets.settings.denominators',
  cancellationRule: 'allowances.settings.cancellation',
  rule: 'allowances.settings.cancellation',
  allowanceExpiry: 'allowances.settings.expiry',
  pays: 'allowances.settings.payKinds',
}

/** Star grades, whatever the field: 星级 1 to 5. */
const GRADE_FIELDS = new Set(['grade', 'scoredGrade', 'firstRatingMaxGrade'])
/** An instant as the server writes it (`2024-05-01T02:03:04.000Z`); a calendar date stays as it is. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/
/** An elder's category as audited: `disabled:severe@2024-01-01..2024-06-30` (level and end optional). */
const ELDER_CATEGORY = /^([a-z_]+)(?::([a-z_]+))?@(\d{4}-\d{2}-\d{2})(?:\.\.(\d{4}-\d{2}-\d{2}))?$/
/** A yearly target as audited: `at_least:0.8`, `above_last_year:`. */
const TARGET = /^(at_least|above_last_year):(.*)$/

const yuan = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })

function label(namespace: string | undefined, code: string): string | null {
  return namespace ? translateIfKnown(`${namespace}.${code}`) : null
}

function elderCategory(text: string): string | null {
  const match = ELDER_CATEGORY.exec(text)
  if (!match) return null
  const [, category, level, from, to] = match
  const name = label('elders.categories', category!) ?? category!
  const levelName = level ? label('elders.levels', level) : null
  const withLevel = levelName ? i18n.global.t('elders.categoryWithLevel', { category: name, level: levelName }) : name
  return i18n.global.t(to ? 'audit.categoryBetween' : 'audit.categorySince', { category: withLevel, from, to })
}

function target(text: string): string | null {
  const match = TARGET.exec(text)
  if (!match) return null
  const comparator = label('targets.comparators', match[1]!) ?? match[1]!
  return match[1] === 'at_least' && match[2] !== '' ? `${comparator} ${match[2]}` : comparator
}

function text(entityType: string, field: string, value: string): string {
  if (INSTANT.test(value)) return formatDateTime(value)
  if (field === 'categories' && entityType === 'elder') return elderCategory(value) ?? value
  if (entityType === 'indicator_targets') return target(value) ?? value
  return label(LABELS_BY_ENTITY[entityType]?.[field] ?? LABELS[field], value) ?? value
}

/**
 * One audited value in the reader's words: codes by their labels, money in yuan, 是/否, instants in local
 * time, star grades as 星级; a value without a label (a name, a date, a number) as it is.
 */
export function formatValue(entityType: string, field: string, value: unknown, empty: string, names: Readonly<Record<string, string>> = {}): string {
  if (value === undefined || value === null || value === '') return empty
  // An id or code of another object (a kitchen, a town): its name, as the server resolved it.
  if (typeof value === 'string' && names[value]) return names[value]
  // Money is integer fen everywhere; people read yuan.
  if (field.endsWith('Fen') && typeof value === 'number') return `${yuan.format(value / 100)} ${translateIfKnown('audit.yuan') ?? ''}`.trim()
  if (typeof value === 'boolean') return translateIfKnown(value ? 'audit.yes' : 'audit.no') ?? String(value)
  if (GRADE_FIELDS.has(field) && typeof value === 'number') return i18n.global.t('starRatings.gradeLabel', { grade: value })
  if (Array.isArray(value)) return value.length === 0 ? empty : value.map((item) => formatValue(entityType, field, item, empty, names)).join('、')
  if (typeof value === 'string') return text(entityType, field, value)
  // Scores by section and the like: each part by its key, not as JSON.
  if (typeof value === 'object') return Object.entries(value).map(([key, part]) => `${key}: ${formatValue(entityType, key, part, empty)}`).join('、')
  return String(value)
}
