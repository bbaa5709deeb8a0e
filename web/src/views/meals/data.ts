import { ELDER_CATEGORIES, MEAL_SLOTS, type Elder, type ElderCategory, type Facility, type MealRecordListItem, type MealRecordListQuery } from '@eldercare/shared'
import { computed, type ComputedRef, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import type { SearchField, SearchModel, TableColumn } from '../../components/types'
import { formatDateTime, shanghaiToday } from '../../utils/format'
import { fenToYuan } from './money'

/** The categories an elder holds on `day`, once each, in the roster's order. */
export function currentCategories(elder: Pick<Elder, 'categories'>, day: string): ElderCategory[] {
  const held = new Set(
    elder.categories.filter((entry) => entry.startOn <= day && (entry.endOn === null || entry.endOn === undefined || entry.endOn >= day)).map((entry) => entry.category),
  )
  return ELDER_CATEGORIES.filter((category) => held.has(category))
}

/** The search value that asks for voided records too. */
export const INCLUDE_VOIDED = 'include'

/** The list opens on this month so far, the period a settlement covers. */
export function emptyMealRecordSearch(today = shanghaiToday()): SearchModel {
  return { facilityId: '', from: `${today.slice(0, 8)}01`, to: today, slot: '', voided: '' }
}

export function mealRecordQuery(search: SearchModel, page: number, pageSize: number): MealRecordListQuery {
  return {
    page,
    pageSize,
    facilityId: search.facilityId || undefined,
    from: search.from || undefined,
    to: search.to || undefined,
    slot: MEAL_SLOTS.find((slot) => slot === search.slot),
    includeVoided: search.voided === INCLUDE_VOIDED ? true : undefined,
  }
}

export function useMealRecordSearchFields(facilities: Ref<Facility[]>): ComputedRef<SearchField[]> {
  const { t } = useI18n()
  return computed(() => [
    {
      kind: 'select',
      field: 'facilityId',
      label: t('meals.facility'),
      options: facilities.value.map((facility) => ({ value: facility.id, label: facility.name })),
    },
    { kind: 'date-range', field: 'from', toField: 'to', label: t('meals.servedOn'), startPlaceholder: t('meals.startDate'), endPlaceholder: t('meals.endDate') },
    { kind: 'select', field: 'slot', label: t('meals.slot'), options: MEAL_SLOTS.map((slot) => ({ value: slot, label: t(`meals.slots.${slot}`) })) },
    { kind: 'select', field: 'voided', label: t('meals.recordStatus'), options: [{ value: INCLUDE_VOIDED, label: t('meals.includeVoided') }] },
  ])
}

export function useMealRecordColumns(): ComputedRef<TableColumn<MealRecordListItem>[]> {
  const { t } = useI18n()
  return computed(() => [
    { key: 'servedOn', prop: 'servedOn', label: t('meals.servedOn'), width: 110 },
    { key: 'slot', label: t('meals.slot'), width: 70, formatter: (record) => t(`meals.slots.${record.slot}`) },
    { key: 'elderName', prop: 'elderName', label: t('meals.elder'), minWidth: 90 },
    { key: 'facility', prop: 'facilityName', label: t('meals.facility'), minWidth: 150, collapse: 'narrow' },
    { key: 'mode', label: t('meals.mode'), width: 70, formatter: (record) => t(`meals.modes.${record.mode}`) },
    { key: 'selfPay', label: t('meals.selfPayYuan'), width: 100, formatter: (record) => fenToYuan(record.selfPayFen) },
    { key: 'status', label: t('meals.recordStatus'), minWidth: 150, slot: 'status' },
    { key: 'price', label: t('meals.priceYuan'), formatter: (record) => fenToYuan(record.priceFen), collapse: 'always' },
    { key: 'subsidy', label: t('meals.subsidyYuan'), formatter: (record) => fenToYuan(record.subsidyFen), collapse: 'always' },
    { key: 'payment', label: t('meals.payment'), formatter: (record) => t(`meals.paymentMethods.${record.paymentMethod}`), collapse: 'always' },
    { key: 'recordedBy', prop: 'recordedByName', label: t('meals.recordedBy'), collapse: 'always' },
    { key: 'recordedAt', label: t('meals.recordedAt'), formatter: (record) => formatDateTime(record.recordedAt), collapse: 'always' },
  ])
}

const timeFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false })

/** `11:42` in Asia/Shanghai: the counter's list is always of one day. */
export function formatTime(iso: string): string {
  return timeFormat.format(new Date(iso))
}
