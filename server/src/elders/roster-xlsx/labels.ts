import type { DisabilityLevel, ElderCategory, ElderStatus, Gender } from '@eldercare/shared'

/**
 * The Chinese a bureau clerk reads in the roster. The writer prints these and the reader accepts
 * them back, so a file the app exported can be edited and imported again.
 */
export const CATEGORY_LABELS: Readonly<Record<ElderCategory, string>> = {
  destitute: '特困',
  minimum_livelihood: '低保',
  marginal_low_income: '低边',
  disabled: '失能',
  living_alone: '独居',
  family_planning_special: '计生特殊家庭',
  key_entitled: '重点优抚',
}

/** 高龄 is shown next to the stored categories but follows from the birth date. */
export const ADVANCED_AGE_LABEL = '高龄'

export const LEVEL_LABELS: Readonly<Record<DisabilityLevel, string>> = {
  mild: '轻度',
  moderate: '中度',
  severe: '重度',
}

export const STATUS_LABELS: Readonly<Record<ElderStatus, string>> = {
  active: '在册',
  moved_away: '迁出',
  in_institution: '入住机构',
  deceased: '死亡',
}

export const GENDER_LABELS: Readonly<Record<Gender, string>> = {
  male: '男',
  female: '女',
}

/** Separator the writer uses between categories; the reader accepts it among others. */
export const CATEGORY_SEPARATOR = '、'
