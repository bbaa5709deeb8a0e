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
  /** Names of the objects the changed values refer to (a kitchen's id → its name), by value. */
  valueNames: Type.Record(Type.String(), Type.String()),
  ip: Type.Union([Type.String(), Type.Null()]),
})
export type AuditEvent = Static<typeof AuditEvent>

/**
 * An audited object's id: a UUID, a region code (6, 9 or 12 digits), or a short key (a year, a month,
 * 'roster'). Not QueryText: the hex groups of a UUID now and then hold 11 digits in a row, which
 * QueryText refuses as a possible phone number; a short key still may not carry one.
 */
const AuditEntityId = Type.String({
  maxLength: 64,
  pattern: '^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|\\d{6}|\\d{9}|\\d{12}|(?!.*(?:\\d[\\s-]*){11})[A-Za-z0-9:._-]{1,64})$',
})

export const AuditListQuery = Type.Object({
  ...PageQuery.properties,
  entityType: Type.Optional(QueryText({ maxLength: 64 })),
  entityId: Type.Optional(AuditEntityId),
  action: Type.Optional(QueryText({ maxLength: 64 })),
  actorUsername: Type.Optional(QueryText({ maxLength: 64 })),
  from: Type.Optional(CalendarDate),
  to: Type.Optional(CalendarDate),
})
export type AuditListQuery = Static<typeof AuditListQuery>
