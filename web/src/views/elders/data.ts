import {
  ELDER_CATEGORIES,
  ELDER_STATUSES,
  type Elder,
  type ElderCategoryEntry,
  type ElderSearchBody,
  type ElderStatus,
  type PickupDelegate,
  type Role,
  type RosterExportQuery,
} from '@eldercare/shared'
import { computed, type ComputedRef, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import type { SearchField, SearchModel, TableColumn } from '../../components/types'
import type { TownGroup } from '../../composables/use-region-options'

/** Roles the API lets edit, import, export and reveal whole numbers (its ELDER_WRITERS and REVEAL_ROLES). */
export const ELDER_EDITORS: readonly Role[] = ['bureau_admin', 'bureau_staff', 'town_staff']

export const ELDER_STATUS_TAG: Record<ElderStatus, 'success' | 'info' | 'warning' | 'danger'> = {
  active: 'success',
  moved_away: 'info',
  in_institution: 'warning',
  deceased: 'danger',
}

function oneOf<T extends string>(values: readonly T[], value: string | undefined): T | undefined {
  return values.find((candidate) => candidate === value)
}

export function emptyElderSearch(): SearchModel {
  return { q: '', townCode: '', communityCode: '', category: '', status: '' }
}

function filters(search: SearchModel): Omit<RosterExportQuery, 'reveal'> {
  return {
    townCode: search.townCode || undefined,
    communityCode: search.communityCode || undefined,
    category: oneOf(ELDER_CATEGORIES, search.category),
    status: oneOf(ELDER_STATUSES, search.status),
  }
}

export function elderQuery(search: SearchModel, page: number, pageSize: number): ElderSearchBody {
  return { page, pageSize, q: search.q?.trim() || undefined, ...filters(search) }
}

/** The export takes the list's filters, not its page nor its search text (a number never goes in a URL). */
export function exportQuery(search: SearchModel, reveal: boolean): RosterExportQuery {
  return { ...filters(search), ...(reveal ? { reveal: true } : {}) }
}

/** True when the category applies on `day`, its end day included. */
export function inForceOn(entry: Pick<ElderCategoryEntry, 'startOn' | 'endOn'>, day: string): boolean {
  return entry.startOn <= day && (!entry.endOn || entry.endOn >= day)
}

/** Categories that apply on `day`; ended ones stay in the record as history. */
export function categoriesOn(elder: Pick<Elder, 'categories'>, day: string): ElderCategoryEntry[] {
  return elder.categories.filter((entry) => inForceOn(entry, day))
}

/** `失能（重度）` for a disabled elder with a level, the category name otherwise. */
export function useCategoryLabel(): (entry: Pick<ElderCategoryEntry, 'category' | 'level'>) => string {
  const { t } = useI18n()
  return (entry) =>
    entry.category === 'disabled' && entry.level
      ? t('elders.categoryWithLevel', { category: t('elders.categories.disabled'), level: t(`elders.levels.${entry.level}`) })
      : t(`elders.categories.${entry.category}`)
}

export function useElderSearchFields(search: Ref<SearchModel>, groups: Ref<TownGroup[]>): ComputedRef<SearchField[]> {
  const { t } = useI18n()
  return computed(() => {
    const town = search.value.townCode
    const communities = groups.value.filter((group) => !town || group.value === town).flatMap((group) => group.children)
    return [
      { kind: 'input', field: 'q', label: t('elders.search'), placeholder: t('elders.searchPlaceholder'), wide: true },
      { kind: 'select', field: 'townCode', label: t('elders.town'), options: groups.value.map(({ value, label }) => ({ value, label })) },
      { kind: 'select', field: 'communityCode', label: t('elders.community'), options: communities },
      {
        kind: 'select',
        field: 'category',
        label: t('elders.category'),
        options: ELDER_CATEGORIES.map((category) => ({ value: category, label: t(`elders.categories.${category}`) })),
      },
      {
        kind: 'select',
        field: 'status',
        label: t('elders.status'),
        options: ELDER_STATUSES.map((status) => ({ value: status, label: t(`elders.statuses.${status}`) })),
      },
    ]
  })
}

export function useElderColumns(): ComputedRef<TableColumn<Elder>[]> {
  const { t } = useI18n()
  return computed(() => [
    { key: 'name', label: t('elders.name'), minWidth: 100, slot: 'name' },
    { key: 'gender', label: t('elders.gender'), formatter: (elder) => t(`elders.genders.${elder.gender}`), collapse: 'always' },
    { key: 'age', prop: 'age', label: t('elders.age'), width: 70 },
    { key: 'idNumber', prop: 'idNumberMasked', label: t('elders.idNumber'), width: 190, collapse: 'narrow' },
    { key: 'phone', prop: 'phoneMasked', label: t('elders.phone'), collapse: 'always' },
    { key: 'community', prop: 'communityName', label: t('elders.community'), minWidth: 150 },
    { key: 'categories', label: t('elders.category'), minWidth: 180, slot: 'categories' },
    { key: 'status', label: t('elders.status'), width: 100, slot: 'status' },
    { key: 'actions', label: t('common.actions'), width: 130, fixed: 'right', slot: 'actions' },
  ])
}

/** A category's history in the detail: every period, current or ended. */
export function useCategoryColumns(): ComputedRef<TableColumn<ElderCategoryEntry>[]> {
  const { t } = useI18n()
  return computed(() => [
    { key: 'category', label: t('elders.category'), minWidth: 150, slot: 'category' },
    { key: 'startOn', prop: 'startOn', label: t('elders.startOn'), width: 120 },
    { key: 'endOn', label: t('elders.endOn'), width: 120, formatter: (entry) => entry.endOn ?? t('elders.noEnd') },
  ])
}

export function useDelegateColumns(): ComputedRef<TableColumn<PickupDelegate>[]> {
  const { t } = useI18n()
  return computed(() => [
    { key: 'name', prop: 'name', label: t('elders.delegateName'), minWidth: 100 },
    { key: 'relation', prop: 'relation', label: t('elders.delegateRelation'), width: 100 },
    { key: 'phone', label: t('elders.delegatePhone'), width: 130, formatter: (delegate) => delegate.phoneMasked ?? t('common.none') },
    { key: 'consentOn', prop: 'consentOn', label: t('elders.consentOn'), width: 120 },
  ])
}
