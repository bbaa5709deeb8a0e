import { Type, type Static } from 'typebox'
import { CalendarDate, Instant, PageQuery, Text, Uuid } from './common.js'
import { ElderCategory } from './elders.js'
import { MealMode, MealSlot } from './facilities.js'
import { SUBSIDY_RULE_KINDS, PAYMENT_METHODS } from '../constants/meals.js'

/** Money in integer fen (分); yuan only on screen. */
export const Fen = Type.Integer({ minimum: 0, maximum: 100_000_00 })

export const SubsidyRuleKind = Type.Enum(SUBSIDY_RULE_KINDS)
export type SubsidyRuleKind = Static<typeof SubsidyRuleKind>

const subsidyRuleFields = {
  name: Text({ maxLength: 64 }),
  kind: SubsidyRuleKind,
  category: Type.Union([ElderCategory, Type.Null()]),
  minAge: Type.Union([Type.Integer({ minimum: 60, maximum: 120 }), Type.Null()]),
  amountFen: Fen,
  validFrom: CalendarDate,
  /** Last day the rule applies; null while in force. */
  validTo: Type.Union([CalendarDate, Type.Null()]),
}

export const SubsidyRule = Type.Object({ id: Uuid, ...subsidyRuleFields, createdAt: Instant })
export type SubsidyRule = Static<typeof SubsidyRule>

export const SubsidyRuleCreate = Type.Object({
  ...subsidyRuleFields,
  category: Type.Optional(subsidyRuleFields.category),
  minAge: Type.Optional(subsidyRuleFields.minAge),
  validTo: Type.Optional(subsidyRuleFields.validTo),
})
export type SubsidyRuleCreate = Static<typeof SubsidyRuleCreate>

/** A rule in force is ended, never edited: meals already recorded keep the subsidy they got. */
export const SubsidyRuleEnd = Type.Object({ validTo: CalendarDate })

export const SubsidyRuleListQuery = Type.Object({ asOf: Type.Optional(CalendarDate) })

/** Meal settings of a tenant (policy, not code). */
export const MealSettings = Type.Object({
  /** Subsidised meals per elder per day and slot. */
  subsidisedMealsPerSlot: Type.Integer({ minimum: 1, maximum: 5 }),
  /** How many days back a meal may still be recorded. */
  backDatingDays: Type.Integer({ minimum: 0, maximum: 62 }),
  /** Orders for a day close at this time the day before (Asia/Shanghai), HH:MM. */
  kitchenOrderCutoff: Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' }),
  /** An offline counter's snapshot not refreshed for this many days is wiped from the device. */
  counterSnapshotMaxAgeDays: Type.Integer({ minimum: 1, maximum: 31 }),
  /** For how many minutes the counter's 撤销上一条 offers the meal just recorded on that device; older meals are voided from the list. */
  undoWindowMinutes: Type.Integer({ minimum: 1, maximum: 60 }),
  /** Where a town has no active town staff to review settlements, the bureau approves them directly (else they wait for one). */
  bureauApprovesWithoutTownReviewer: Type.Boolean(),
})
export type MealSettings = Static<typeof MealSettings>

/** Settings as saved: a setting left out keeps its value (clients older than it send none). */
export const MealSettingsPut = Type.Object({
  ...MealSettings.properties,
  counterSnapshotMaxAgeDays: Type.Optional(MealSettings.properties.counterSnapshotMaxAgeDays),
  undoWindowMinutes: Type.Optional(MealSettings.properties.undoWindowMinutes),
  bureauApprovesWithoutTownReviewer: Type.Optional(MealSettings.properties.bureauApprovesWithoutTownReviewer),
})
export type MealSettingsPut = Static<typeof MealSettingsPut>
export const PaymentMethod = Type.Enum(PAYMENT_METHODS)
export type PaymentMethod = Static<typeof PaymentMethod>

export const MealRecordCreate = Type.Object({
  /** Made by the client (UUID); retrying with the same id never records twice. */
  id: Uuid,
  elderId: Uuid,
  facilityId: Uuid,
  servedOn: CalendarDate,
  slot: MealSlot,
  mode: MealMode,
  priceFen: Fen,
  paymentMethod: PaymentMethod,
  /** false records the meal without subsidy, e.g. a second lunch. Default true. */
  subsidised: Type.Optional(Type.Boolean()),
  /** The pick-up delegate who collected the meal. */
  collectedByDelegateId: Type.Optional(Type.Union([Uuid, Type.Null()])),
})
export type MealRecordCreate = Static<typeof MealRecordCreate>

export const MealRecord = Type.Object({
  id: Uuid,
  elderId: Uuid,
  elderName: Type.String(),
  facilityId: Uuid,
  servedOn: CalendarDate,
  slot: MealSlot,
  mode: MealMode,
  priceFen: Fen,
  subsidyFen: Fen,
  selfPayFen: Fen,
  paymentMethod: PaymentMethod,
  subsidised: Type.Boolean(),
  /** The rule that set the subsidy, kept so the figure can be explained later. */
  subsidyRuleIds: Type.Array(Uuid),
  collectedByDelegateId: Type.Union([Uuid, Type.Null()]),
  recordedBy: Type.String(),
  /** When it was recorded; on the device's clock for a meal recorded offline. */
  recordedAt: Instant,
  /** When the server stored it. */
  syncedAt: Instant,
  /** The counter device and its outbox number, for a meal that came through a counter's sync. */
  deviceId: Type.Union([Uuid, Type.Null()]),
  deviceSeq: Type.Union([Type.Integer(), Type.Null()]),
  /** 需补收: subsidy given offline that the server could not grant; the counter collects it as self-pay. */
  selfPayDueFen: Type.Union([Fen, Type.Null()]),
  voidedAt: Type.Union([Instant, Type.Null()]),
  voidReason: Type.Union([Type.String(), Type.Null()]),
})
export type MealRecord = Static<typeof MealRecord>

/** A meal record as the list shows it: with its facility's name and the recording person's name, not their username. */
export const MealRecordListItem = Type.Object({
  ...MealRecord.properties,
  facilityName: Type.String(),
  /** The display name of the user who recorded it (the username when that user is gone). */
  recordedByName: Type.String(),
})
export type MealRecordListItem = Static<typeof MealRecordListItem>

export const MealBatch = Type.Object({ records: Type.Array(MealRecordCreate, { minItems: 1, maxItems: 500 }) })
export type MealBatch = Static<typeof MealBatch>

export const MealBatchResult = Type.Object({
  results: Type.Array(
    Type.Object({
      id: Type.String(),
      status: Type.Enum(['created', 'duplicate', 'error'] as const),
      record: Type.Optional(MealRecord),
      code: Type.Optional(Type.String()),
      message: Type.Optional(Type.String()),
    }),
  ),
})
export type MealBatchResult = Static<typeof MealBatchResult>

export const MealRecordListQuery = Type.Object({
  ...PageQuery.properties,
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  facilityId: Type.Optional(Uuid),
  elderId: Type.Optional(Uuid),
  from: Type.Optional(CalendarDate),
  to: Type.Optional(CalendarDate),
  slot: Type.Optional(MealSlot),
  includeVoided: Type.Optional(Type.Boolean()),
})
export type MealRecordListQuery = Static<typeof MealRecordListQuery>

export const MealVoid = Type.Object({ reason: Text({ maxLength: 200 }) })
export type MealVoid = Static<typeof MealVoid>

/** Meals and money of a facility on a day, per slot and mode: the operator screen's totals. */
export const MealDaySummary = Type.Object({
  facilityId: Uuid,
  servedOn: CalendarDate,
  rows: Type.Array(
    Type.Object({ slot: MealSlot, mode: MealMode, meals: Type.Integer(), subsidyFen: Type.Integer(), selfPayFen: Type.Integer() }),
  ),
})
export type MealDaySummary = Static<typeof MealDaySummary>
export const MealDaySummaryQuery = Type.Object({ facilityId: Uuid, servedOn: Type.Optional(CalendarDate) })
