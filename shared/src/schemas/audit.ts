import { Type, type Static } from 'typebox'
import { CalendarDate, Instant, PageQuery, QueryText, Uuid } from './common.js'

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
