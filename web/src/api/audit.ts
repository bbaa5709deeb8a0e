import type { AuditEvent, AuditListQuery } from '@eldercare/shared'
import type { Page } from './page'
import { get } from './request'

/** Newest first; `from` and `to` are calendar days in Asia/Shanghai, both included. */
export function listAuditEvents(query: AuditListQuery): Promise<Page<AuditEvent>> {
  return get<Page<AuditEvent>>('/audit-events', query)
}
