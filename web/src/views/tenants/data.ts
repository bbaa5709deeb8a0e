import type { Tenant } from '@eldercare/shared'
import { computed, type ComputedRef } from 'vue'
import { useI18n } from 'vue-i18n'
import type { TableColumn } from '../../components/types'
import { formatDateTime } from '../../utils/format'

export function useTenantColumns(): ComputedRef<TableColumn<Tenant>[]> {
  const { t } = useI18n()
  return computed(() => [
    { key: 'code', prop: 'code', label: t('tenants.code'), width: 140 },
    { key: 'name', prop: 'name', label: t('tenants.name'), minWidth: 180 },
    { key: 'createdAt', label: t('tenants.createdAt'), width: 170, formatter: (tenant) => formatDateTime(tenant.createdAt) },
  ])
}
