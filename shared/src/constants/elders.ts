/**
 * 人员类别 stored per elder with dates. 高龄 (80+) is not stored: it follows from the birth date.
 * destitute 特困, minimum_livelihood 低保, marginal_low_income 低边, disabled 失能 (with a level),
 * living_alone 独居, family_planning_special 计生特殊家庭, key_entitled 重点优抚.
 */
export const ELDER_CATEGORIES = [
  'destitute',
  'minimum_livelihood',
  'marginal_low_income',
  'disabled',
  'living_alone',
  'family_planning_special',
  'key_entitled',
] as const

/** 失能等级 轻 / 中 / 重. */
export const DISABILITY_LEVELS = ['mild', 'moderate', 'severe'] as const

/** active 在册, moved_away 迁出, in_institution 入住机构, deceased 死亡 (with a date). */
export const ELDER_STATUSES = ['active', 'moved_away', 'in_institution', 'deceased'] as const

/** The roster's columns an import reads; a file's header is matched to them. */
export const ROSTER_COLUMN_FIELDS = [
  'name',
  'idNumber',
  'phone',
  'community',
  'communityCode',
  'categories',
  'disabilityLevel',
  'categoryStart',
  'status',
  'deceasedOn',
  'dietaryNotes',
  'birthDate',
  'gender',
  'delegateName',
  'delegateRelation',
  'delegatePhone',
] as const
