import type { Facility, Region, User } from '@eldercare/shared'
import { computed, type ComputedRef, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import type { SearchField, SearchModel, TableColumn } from '../../components/types'
import { useTenantRoleOptions } from '../../composables/use-role-options'
import { formatDateTime } from '../../utils/format'

export function emptyUserSearch(): SearchModel {
  return { q: '', role: '', status: '' }
}

export function useUserSearchFields(): ComputedRef<SearchField[]> {
  const { t } = useI18n()
  const roleOptions = useTenantRoleOptions()
  return computed(() => [
    { kind: 'input', field: 'q', label: t('users.keyword'), placeholder: t('users.keywordPlaceholder') },
    { kind: 'select', field: 'role', label: t('users.role'), options: roleOptions.value },
    {
      kind: 'select',
      field: 'status',
      label: t('users.status'),
      options: [
        { value: 'active', label: t('users.statusActive') },
        { value: 'disabled', label: t('users.statusDisabled') },
      ],
    },
  ])
}

/** A lock that has run out no longer matters to anyone reading the list. */
export function activeLock(user: User, now = Date.now()): string | null {
  return user.lockedUntil && Date.parse(user.lockedUntil) > now ? user.lockedUntil : null
}

export function useUserColumns(towns: Ref<Region[]>, facilities: Ref<Facility[]>): ComputedRef<TableColumn<User>[]> {
  const { t } = useI18n()
  // Read when a cell renders, not when the columns are built: el-table only re-renders its cells for
  // what they read, so names that arrive after the rows still replace the codes.
  const townNames = computed(() => new Map(towns.value.map((town) => [town.code, town.name])))
  const facilityNames = computed(() => new Map(facilities.value.map((facility) => [facility.id, facility.name])))
  return computed(() => [
    { key: 'username', prop: 'username', label: t('users.username'), minWidth: 120 },
    { key: 'displayName', prop: 'displayName', label: t('users.displayName'), minWidth: 140 },
    { key: 'role', label: t('users.role'), minWidth: 130, formatter: (user) => t(`roles.${user.role}`) },
    { key: 'phone', prop: 'phoneMasked', label: t('users.phone'), width: 130 },
    {
      key: 'towns',
      label: t('users.towns'),
      minWidth: 140,
      formatter: (user) => user.townCodes.map((code) => townNames.value.get(code) ?? code).join(t('common.listSeparator')),
    },
    {
      key: 'facilities',
      label: t('users.facilities'),
      minWidth: 180,
      formatter: (user) => user.facilityIds.map((id) => facilityNames.value.get(id) ?? id).join(t('common.listSeparator')),
    },
    { key: 'status', label: t('users.status'), width: 120, slot: 'status' },
    { key: 'lockedUntil', label: t('users.lockedUntil'), width: 150, formatter: (user) => formatDateTime(activeLock(user)) },
    {
      key: 'lastLoginAt',
      label: t('users.lastLoginAt'),
      width: 150,
      formatter: (user) => (user.lastLoginAt ? formatDateTime(user.lastLoginAt) : t('users.neverLoggedIn')),
    },
    { key: 'actions', label: t('common.actions'), width: 230, fixed: 'right', slot: 'actions' },
  ])
}
