import { Type, type Static } from 'typebox'
import { CalendarDate, Instant, PageQuery, PlainText, Uuid } from './common.js'

/**
 * Every action the server records. The audit repository accepts nothing else, so the log's filter and
 * its labels (zh-CN and English) can list them all.
 */
export const AUDIT_ACTIONS = [
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
  'elder.import_mapping',
  'subsidy_rule.create',
  'subsidy_rule.end',
  'meal_settings.update',
  'meal.void',
  'settlement.submit',
  'settlement.town_approve',
  'settlement.approve',
  'settlement.return',
  'kitchen_order.put',
  'card.issue',
  'card.freeze',
  'card.unfreeze',
  'card.cancel',
  'card.reissue',
  'card_settings.update',
  'allowance_rule.create',
  'allowance.grant',
  'allowance.expire',
  'institution.profile',
  'institution_settings.update',
  'bed_report.create',
  'bed_report.update',
  'bed_report.unchanged',
  'bed_report.import',
  'bed_report.submit',
  'bed_report.approve',
  'bed_report.return',
  'star_rating.create',
  'population_stats.update',
  'indicator_targets.update',
  'indicator_settings.update',
] as const
export type AuditAction = (typeof AUDIT_ACTIONS)[number]

/** Every kind of object an audit event is about. */
export const AUDIT_ENTITY_TYPES = [
  'user',
  'tenant',
  'region',
  'facility',
  'elder',
  'subsidy_rule',
  'meal_settings',
  'meal_record',
  'settlement',
  'kitchen_order',
  'care_card',
  'card_settings',
  'allowance_rule',
  'allowance',
  'institution_settings',
  'bed_report',
  'star_rating',
  'population_stats',
  'indicator_targets',
  'indicator_settings',
] as const
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
  entityType: Type.Optional(PlainText({ maxLength: 64 })),
  entityId: Type.Optional(PlainText({ maxLength: 64 })),
  action: Type.Optional(PlainText({ maxLength: 64 })),
  actorUsername: Type.Optional(PlainText({ maxLength: 64 })),
  from: Type.Optional(CalendarDate),
  to: Type.Optional(CalendarDate),
})
export type AuditListQuery = Static<typeof AuditListQuery>
