import type { AuditEvent } from '@eldercare/shared'
import { computed, type ComputedRef } from 'vue'
import { useI18n } from 'vue-i18n'
import type { SearchField, SearchModel, TableColumn } from '../../components/types'
import { translateIfKnown } from '../../locales'
import { formatDateTime } from '../../utils/format'

/** Entity types the server records; any other can still be typed into the filter. */
export const ENTITY_TYPES = ['user', 'tenant', 'region', 'facility', 'elder', 'subsidy_rule', 'meal_settings', 'meal_record', 'settlement', 'kitchen_order'] as const

/** Every action the server records; the filter offers them all, and any other name can still be typed. */
export const ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.locked',
  'auth.logout',
  'auth.refresh_reused',
  'user.create',
  'user.update',
  'user.disable',
  'user.enable',
  'user.reset_password',
  'user.password_changed',
  'tenant.create',
  'region.import',
  'region.update',
  'facility.create',
  'facility.update',
  'facility.service_area',
  'elder.create',
  'elder.update',
  'elder.reveal',
  'elder.import',
  'elder.export',
  'subsidy_rule.create',
  'subsidy_rule.end',
  'meal_settings.update',
  'meal.void',
  'settlement.submit',
  'settlement.approve',
  'settlement.return',
  'kitchen_order.put',
] as const

/** An action the locale files do not name yet (a newer server) shows its raw name. */
export function actionLabel(action: string): string {
  return translateIfKnown(`audit.actions.${action.replaceAll('.', '_')}`) ?? action
}

export function entityTypeLabel(entityType: string): string {
  return translateIfKnown(`audit.entityTypes.${entityType}`) ?? entityType
}

function formatValue(value: unknown, empty: string): string {
  if (value === undefined || value === null || value === '') return empty
  return typeof value === 'string' ? value : JSON.stringify(value)
}

/** `field: from → to` per changed field; personal data arrives already masked by the server. */
export function changeLines(changes: AuditEvent['changes'], empty: string): string[] {
  return Object.entries(changes).map(([field, change]) => {
    if (!('from' in change)) return `${field}: ${formatValue(change.to, empty)}`
    return `${field}: ${formatValue(change.from, empty)} → ${formatValue(change.to, empty)}`
  })
}

export function emptyAuditSearch(): SearchModel {
  return { entityType: '', action: '', actorUsername: '', from: '', to: '' }
}

export function useAuditSearchFields(): ComputedRef<SearchField[]> {
  const { t } = useI18n()
  return computed(() => [
    {
      kind: 'select',
      field: 'entityType',
      label: t('audit.entityType'),
      options: ENTITY_TYPES.map((value) => ({ value, label: entityTypeLabel(value) })),
      allowCreate: true,
    },
    {
      kind: 'select',
      field: 'action',
      label: t('audit.action'),
      options: ACTIONS.map((value) => ({ value, label: actionLabel(value) })),
      allowCreate: true,
    },
    { kind: 'input', field: 'actorUsername', label: t('audit.actor'), placeholder: t('audit.actorPlaceholder') },
    {
      kind: 'date-range',
      field: 'from',
      toField: 'to',
      label: t('audit.dateRange'),
      startPlaceholder: t('audit.startDate'),
      endPlaceholder: t('audit.endDate'),
    },
  ])
}

export function useAuditColumns(): ComputedRef<TableColumn<AuditEvent>[]> {
  const { t } = useI18n()
  return computed(() => [
    { key: 'occurredAt', label: t('audit.occurredAt'), width: 150, formatter: (event) => formatDateTime(event.occurredAt) },
    { key: 'actor', label: t('audit.actor'), minWidth: 120, formatter: (event) => event.actorUsername ?? t('audit.system') },
    { key: 'action', label: t('audit.action'), minWidth: 120, formatter: (event) => actionLabel(event.action) },
    { key: 'entityType', label: t('audit.entityType'), width: 100, formatter: (event) => entityTypeLabel(event.entityType) },
    { key: 'entityId', prop: 'entityId', label: t('audit.entityId'), minWidth: 160 },
    { key: 'changes', label: t('audit.changes'), minWidth: 280, slot: 'changes' },
    { key: 'ip', prop: 'ip', label: t('audit.ip'), width: 130 },
  ])
}
