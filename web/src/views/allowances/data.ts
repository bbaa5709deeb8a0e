import type { AllowanceGrantResult, AllowanceRule } from '@eldercare/shared'
import { computed, type ComputedRef } from 'vue'
import { useI18n } from 'vue-i18n'
import type { TableColumn } from '../../components/types'
import { fenToYuan } from '../meals/money'

export type GrantItem = AllowanceGrantResult['items'][number]

/** `YYYY-MM` of a calendar date. */
export function monthOf(day: string): string {
  return day.slice(0, 7)
}

/** The first day of the month after `day`: allowances are granted by the rules in force on a month's 1st. */
export function firstOfNextMonth(day: string): string {
  const year = Number(day.slice(0, 4))
  const month = Number(day.slice(5, 7))
  return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`
}

export function useRuleColumns(purseName: (code: string) => string): ComputedRef<TableColumn<AllowanceRule>[]> {
  const { t } = useI18n()
  return computed(() => [
    { key: 'name', prop: 'name', label: t('allowances.rules.name'), minWidth: 160 },
    { key: 'category', label: t('allowances.rules.category'), width: 130, formatter: (rule) => t(`meals.categories.${rule.category}`) },
    { key: 'amount', label: t('allowances.rules.amountYuan'), width: 140, formatter: (rule) => fenToYuan(rule.amountFen) },
    { key: 'purse', label: t('allowances.rules.purse'), width: 110, formatter: (rule) => purseName(rule.purse) },
    { key: 'validFrom', prop: 'validFrom', label: t('allowances.rules.validFrom'), width: 120 },
    { key: 'validTo', label: t('allowances.rules.validTo'), width: 120, formatter: (rule) => rule.validTo ?? t('allowances.rules.openEnded') },
  ])
}

export function useGrantItemColumns(purseName: (code: string) => string): ComputedRef<TableColumn<GrantItem>[]> {
  const { t } = useI18n()
  return computed(() => [
    { key: 'cardNo', prop: 'cardNo', label: t('careCards.cardNo'), minWidth: 150 },
    { key: 'elderName', prop: 'elderName', label: t('careCards.elder'), minWidth: 100 },
    { key: 'rule', prop: 'rule', label: t('allowances.grant.rule'), minWidth: 160 },
    { key: 'purse', label: t('allowances.rules.purse'), width: 100, formatter: (item) => purseName(item.purse) },
    { key: 'amount', label: t('allowances.grant.amountYuan'), width: 120, formatter: (item) => fenToYuan(item.amountFen) },
  ])
}
