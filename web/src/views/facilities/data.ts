import {
  FACILITY_TYPES,
  MEAL_FACILITY_TYPES,
  MEAL_SLOTS,
  type Facility,
  type FacilityListQuery,
  type FacilityStatus,
  type FacilityType,
  type Region,
} from '@eldercare/shared'
import { computed, type ComputedRef, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import type { SearchField, SearchModel, TableColumn } from '../../components/types'

export const FACILITY_STATUSES: readonly FacilityStatus[] = ['planned', 'active', 'closed']

/** The island filter's value for the main island, as the API spells it. */
export const MAIN_ISLAND = 'main'

/** Types that serve elders meals: only these have a service area and a supplying central kitchen. */
export function isMealFacilityType(type: FacilityType | ''): boolean {
  return type !== '' && MEAL_FACILITY_TYPES.includes(type)
}

export const STATUS_TAG: Record<FacilityStatus, 'info' | 'success' | 'danger'> = {
  planned: 'info',
  active: 'success',
  closed: 'danger',
}

function oneOf<T extends string>(values: readonly T[], value: string | undefined): T | undefined {
  return values.find((candidate) => candidate === value)
}

export function emptyFacilitySearch(): SearchModel {
  return { q: '', type: '', townCode: '', island: '', status: '' }
}

/** The list query for a search; blank filters are left out. */
export function facilityQuery(search: SearchModel, page: number, pageSize: number): FacilityListQuery {
  return {
    page,
    pageSize,
    q: search.q?.trim() || undefined,
    type: oneOf(FACILITY_TYPES, search.type),
    townCode: search.townCode || undefined,
    island: search.island || undefined,
    status: oneOf(FACILITY_STATUSES, search.status),
  }
}

export function useFacilitySearchFields(towns: Ref<Region[]>, islands: Ref<string[]>): ComputedRef<SearchField[]> {
  const { t } = useI18n()
  return computed(() => [
    { kind: 'input', field: 'q', label: t('facilities.keyword'), placeholder: t('facilities.keywordPlaceholder') },
    {
      kind: 'select',
      field: 'type',
      label: t('facilities.type'),
      options: FACILITY_TYPES.map((type) => ({ value: type, label: t(`facilities.types.${type}`) })),
    },
    { kind: 'select', field: 'townCode', label: t('facilities.town'), options: towns.value.map((town) => ({ value: town.code, label: town.name })) },
    {
      kind: 'select',
      field: 'island',
      label: t('facilities.island'),
      options: [{ value: MAIN_ISLAND, label: t('facilities.mainIsland') }, ...islands.value.map((island) => ({ value: island, label: island }))],
    },
    {
      kind: 'select',
      field: 'status',
      label: t('facilities.status'),
      options: FACILITY_STATUSES.map((status) => ({ value: status, label: t(`facilities.statuses.${status}`) })),
    },
  ])
}

/** `午 72 · 晚 37`: capacity of each slot served, in slot order. */
export function useCapacityText(): (facility: Pick<Facility, 'mealSlots' | 'dailyCapacity'>) => string {
  const { t } = useI18n()
  return (facility) =>
    MEAL_SLOTS.filter((slot) => facility.mealSlots.includes(slot))
      .map((slot) => {
        const capacity = facility.dailyCapacity[slot]
        return capacity === undefined ? t(`facilities.slotsShort.${slot}`) : `${t(`facilities.slotsShort.${slot}`)} ${capacity}`
      })
      .join(' · ')
}

export function useFacilityColumns(): ComputedRef<TableColumn<Facility>[]> {
  const { t } = useI18n()
  const capacityText = useCapacityText()
  return computed(() => [
    { key: 'name', label: t('facilities.name'), minWidth: 190, slot: 'name' },
    { key: 'type', label: t('facilities.type'), width: 120, formatter: (facility) => t(`facilities.types.${facility.type}`), collapse: 'narrow' },
    {
      key: 'community',
      label: t('facilities.community'),
      minWidth: 190,
      formatter: (facility) => `${facility.townName} / ${facility.communityName}`,
    },
    { key: 'island', label: t('facilities.island'), formatter: (facility) => facility.island ?? t('facilities.mainIsland'), collapse: 'always' },
    { key: 'status', label: t('facilities.status'), width: 90, slot: 'status' },
    { key: 'meals', label: t('facilities.dailyCapacity'), minWidth: 130, formatter: capacityText, collapse: 'narrow' },
    { key: 'serviceAreaCount', prop: 'serviceAreaCount', label: t('facilities.serviceAreaCount'), collapse: 'always' },
    {
      key: 'contact',
      label: t('facilities.contact'),
      formatter: (facility) => [facility.contactName, facility.contactPhoneMasked].filter(Boolean).join(' '),
      collapse: 'always',
    },
    { key: 'openedOn', prop: 'openedOn', label: t('facilities.openedOn'), collapse: 'always' },
    { key: 'actions', label: t('common.actions'), width: 130, fixed: 'right', slot: 'actions' },
  ])
}
