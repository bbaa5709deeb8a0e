import { Type, type Static } from 'typebox'
import { CalendarDate, Instant, PageQuery, QueryText, Uuid } from './common.js'
import type { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES } from '../constants/audit.js'

export type AuditAction = (typeof AUDIT_ACTIONS)[number]

export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number]

/** One changed field; personal data arrives here already masked. */
export const FieldChange = Type.Object({ from: Type.Optional(Type.Unknown()), to: Type.Optional(Type.Unknown()) })

export const AuditEvent = Type.Object({
  id: Uuid,
  occurredAt: Instant,
  actorUserId: Type.Union([Uuid, Type.Null()]),
  actorUsername: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  entityType: Type.String(),
  entityId: Type.String(),
  /** What the object is called (张桂英 330902********123X, 北园社区幸福食堂 2024-05); null when it has no name or is gone. */
  entityName: Type.Union([Type.String(), Type.Null()]),
  changes: Type.Record(Type.String(), FieldChange),
  ip: Type.Union([Type.String(), Type.Null()]),
})
export type AuditEvent = Static<typeof AuditEvent>

export const AuditListQuery = Type.Object({
  ...PageQuery.properties,
  entityType: Type.Optional(QueryText({ maxLength: 64 })),
  entityId: Type.Optional(QueryText({ maxLength: 64 })),
  action: Type.Optional(QueryText({ maxLength: 64 })),
  actorUsername: Type.Optional(QueryText({ maxLength: 64 })),
  from: Type.Optional(CalendarDate),
  to: Type.Optional(CalendarDate),
})
export type AuditListQuery = Static<typeof AuditListQuery>
