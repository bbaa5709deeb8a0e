import { BUREAU_ROLES, type Role, type SubsidyFinding } from '@eldercare/shared'
import { computed, type ComputedRef } from 'vue'
import { useI18n } from 'vue-i18n'
import type { TableColumn } from '../../components/types'
import { formatDateTime } from '../../utils/format'
import { fenToYuan } from '../meals/money'

/** The bureau confirms (money is recovered); town staff may only clear a finding of their towns. */
export const canConfirm = (role: Role | undefined) => role !== undefined && BUREAU_ROLES.includes(role)

export const FINDING_STATUS_TAG: Record<SubsidyFinding['status'], 'warning' | 'success' | 'info'> = {
  open: 'warning',
  confirmed: 'success',
  dismissed: 'info',
}

export function useFindingColumns(): ComputedRef<TableColumn<SubsidyFinding>[]> {
  const { t } = useI18n()
  return computed(() => [
    { key: 'kind', label: t('subsidyChecks.kind'), minWidth: 150, formatter: (row) => t(`subsidyChecks.kinds.${row.kind}`) },
    { key: 'elder', label: t('subsidyChecks.elder'), minWidth: 90, formatter: (row) => row.elderName ?? '—' },
    { key: 'facility', label: t('subsidyChecks.facility'), minWidth: 140, formatter: (row) => row.facilityName ?? '—' },
    { key: 'period', prop: 'period', label: t('subsidyChecks.period'), width: 110 },
    { key: 'amount', label: t('subsidyChecks.amountYuan'), width: 110, formatter: (row) => fenToYuan(row.amountFen) },
    { key: 'detectedAt', label: t('subsidyChecks.detectedAt'), width: 150, formatter: (row) => formatDateTime(row.detectedAt) },
    { key: 'status', label: t('subsidyChecks.status'), width: 90, slot: 'status' },
    { key: 'actions', label: t('common.actions'), width: 90, fixed: 'right', slot: 'actions' },
  ])
}
