import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES, type AuditEvent } from '@eldercare/shared'
import { computed, type ComputedRef } from 'vue'
import { useI18n } from 'vue-i18n'
import type { SearchField, SearchModel, TableColumn } from '../../components/types'
import { translateIfKnown } from '../../locales'
import { formatDateTime } from '../../utils/format'
import { formatValue } from './audit-values'

/** Entity types the server records; any other can still be typed into the filter. */
export const ENTITY_TYPES = AUDIT_ENTITY_TYPES

/** Every action the server records; the filter offers them all, and any other name can still be typed. */
export const ACTIONS = AUDIT_ACTIONS

/** An action the locale files do not name yet (a newer server) shows its raw name. */
export function actionLabel(action: string): string {
  return translateIfKnown(`audit.actions.${action.replaceAll('.', '_')}`) ?? action
}

export function entityTypeLabel(entityType: string): string {
  return translateIfKnown(`audit.entityTypes.${entityType}`) ?? entityType
}

/** The field's own name in the log's language; the bed report's figures and the yearly targets' indicators already have theirs. */
export function fieldLabel(field: string): string {
  return translateIfKnown(`audit.fields.${field}`) ?? translateIfKnown(`bedReports.fields.${field}`) ?? translateIfKnown(`indicators.names.${field}`) ?? field
}

/** `字段: from → to` per changed field, in words and yuan (see `formatValue`); personal data arrives already masked by the server. */
export function changeLines(changes: AuditEvent['changes'], empty: string, entityType = '', names: AuditEvent['valueNames'] = {}): string[] {
  return Object.entries(changes).map(([field, change]) => {
    const label = fieldLabel(field)
    if (!('from' in change)) return `${label}: ${formatValue(entityType, field, change.to, empty, names)}`
    return `${label}: ${formatValue(entityType, field, change.from, empty, names)} → ${formatValue(entityType, field, change.to, empty, names)}`
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

/** Objects whose id is itself readable (a month, a year) when they have no name. */
const ENTITY_IDS_SHOWN = new Set(['allowance', 'population_stats', 'indicator_targets', 'region'])

export function useAuditColumns(): ComputedRef<TableColumn<AuditEvent>[]> {
  const { t } = useI18n()
  return computed(() => [
    { key: 'occurredAt', label: t('audit.occurredAt'), width: 150, formatter: (event) => formatDateTime(event.occurredAt) },
    { key: 'actor', label: t('audit.actor'), minWidth: 120, formatter: (event) => event.actorUsername ?? t('audit.system') },
    { key: 'action', label: t('audit.action'), minWidth: 120, formatter: (event) => actionLabel(event.action) },
    { key: 'entityType', label: t('audit.entityType'), width: 110, formatter: (event) => entityTypeLabel(event.entityType) },
    { key: 'entity', label: t('audit.entity'), minWidth: 180, formatter: (event) =>
        event.entityName ?? translateIfKnown(`audit.objectKeys.${event.entityId}`) ?? (ENTITY_IDS_SHOWN.has(event.entityType) ? event.entityId : ''),
    },
    { key: 'changes', label: t('audit.changes'), minWidth: 280, slot: 'changes' },
    { key: 'entityId', prop: 'entityId', label: t('audit.entityId'), collapse: 'always' },
    { key: 'ip', prop: 'ip', label: t('audit.ip'), collapse: 'always' },
  ])
}
