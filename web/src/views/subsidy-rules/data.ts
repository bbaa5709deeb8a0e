import { ELDER_CATEGORIES, type SubsidyRule } from '@eldercare/shared'
import { computed, type ComputedRef } from 'vue'
import { useI18n } from 'vue-i18n'
import type { SelectOption, TableColumn } from '../../components/types'
import { fenToYuan } from '../meals/money'

/** Age tiers offered; the API takes any age from 60 to 120. */
export const MIN_AGE_OPTIONS = [60, 65, 70, 75, 80, 85, 90, 95, 100] as const

export type RuleStatus = 'upcoming' | 'active' | 'ended'

export const STATUS_TAG: Record<RuleStatus, 'info' | 'success' | 'danger'> = {
  upcoming: 'info',
  active: 'success',
  ended: 'danger',
}

/** Where the rule stands on `day`: both ends of its period count as in force. */
export function ruleStatus(rule: Pick<SubsidyRule, 'validFrom' | 'validTo'>, day: string): RuleStatus {
  if (rule.validFrom > day) return 'upcoming'
  if (rule.validTo !== null && rule.validTo < day) return 'ended'
  return 'active'
}

/** A rule can be ended while it has not ended yet; ending only ever moves its last day earlier. */
export function canEnd(rule: Pick<SubsidyRule, 'validFrom' | 'validTo'>, day: string): boolean {
  return ruleStatus(rule, day) !== 'ended'
}

export function useCategoryOptions(): ComputedRef<SelectOption[]> {
  const { t } = useI18n()
  return computed(() => ELDER_CATEGORIES.map((category) => ({ value: category, label: t(`meals.categories.${category}`) })))
}

/** The actions column only for those who may end rules. */
export function useRuleColumns(canManage: () => boolean): ComputedRef<TableColumn<SubsidyRule>[]> {
  const { t } = useI18n()
  return computed(() => {
    const condition = (rule: SubsidyRule): string => {
      if (rule.kind === 'category' && rule.category) return t(`meals.categories.${rule.category}`)
      if (rule.kind === 'age' && rule.minAge !== null) return t('subsidyRules.minAgeOption', { age: rule.minAge })
      return t('subsidyRules.deliveryCondition')
    }
    const columns: TableColumn<SubsidyRule>[] = [
      { key: 'name', prop: 'name', label: t('subsidyRules.name'), minWidth: 160 },
      { key: 'kind', label: t('subsidyRules.kind'), width: 120, formatter: (rule) => t(`subsidyRules.kinds.${rule.kind}`) },
      { key: 'condition', label: t('subsidyRules.condition'), minWidth: 160, formatter: condition },
      { key: 'amount', label: t('subsidyRules.amountYuan'), width: 130, formatter: (rule) => fenToYuan(rule.amountFen) },
      { key: 'validFrom', prop: 'validFrom', label: t('subsidyRules.validFrom'), width: 120 },
      { key: 'validTo', label: t('subsidyRules.validTo'), width: 120, formatter: (rule) => rule.validTo ?? t('subsidyRules.openEnded') },
      { key: 'status', label: t('subsidyRules.status'), width: 100, slot: 'status' },
    ]
    return canManage() ? [...columns, { key: 'actions', label: t('common.actions'), width: 100, fixed: 'right', slot: 'actions' }] : columns
  })
}
