import { Type, type Static } from 'typebox'
import { Instant, PageQuery, Text, Uuid } from './common.js'
import { MealMode, MealSlot } from './facilities.js'
import { PaymentMethod } from './meals.js'
import { SETTLEMENT_STATUSES } from '../constants/settlements.js'
import { SubsidyCheckKind } from './subsidy-checks.js'

export const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' })

export const SettlementStatus = Type.Enum(SETTLEMENT_STATUSES)
export type SettlementStatus = Static<typeof SettlementStatus>

/** The month's figures of a facility; frozen when submitted, live while draft or returned. */
export const SettlementTotals = Type.Object({
  meals: Type.Integer(),
  priceFen: Type.Integer(),
  /** What the bureau owes the facility. */
  subsidyFen: Type.Integer(),
  /** What elders paid, by any method. */
  selfPayFen: Type.Integer(),
  /** Self-pay paid by care card: reimbursed by the bureau as well. */
  cardPaidFen: Type.Integer(),
  bySlotAndMode: Type.Array(Type.Object({ slot: MealSlot, mode: MealMode, meals: Type.Integer(), subsidyFen: Type.Integer(), selfPayFen: Type.Integer() })),
  byPaymentMethod: Type.Array(Type.Object({ paymentMethod: PaymentMethod, meals: Type.Integer(), selfPayFen: Type.Integer() })),
  /** 追回补贴: subsidy of meals of earlier months found not payable and confirmed this month, one line per finding. */
  recoveries: Type.Array(Type.Object({ findingId: Uuid, kind: SubsidyCheckKind, mealRecordIds: Type.Array(Uuid), amountFen: Type.Integer({ minimum: 0 }) })),
  recoveryFen: Type.Integer({ minimum: 0 }),
  /** `subsidyFen` less `recoveryFen`: what the bureau pays; below zero the facility pays the rest back. */
  payableSubsidyFen: Type.Integer(),
})
export type SettlementTotals = Static<typeof SettlementTotals>

/** Who did a step and when: the statement's signature block (经办人, 审核人 (镇街), 审批人 (区民政局)). */
export const SettlementSignature = Type.Object({ name: Type.String(), at: Instant })
export type SettlementSignature = Static<typeof SettlementSignature>

export const Settlement = Type.Object({
  /** Null for a month nobody has submitted yet. */
  id: Type.Union([Uuid, Type.Null()]),
  facilityId: Uuid,
  facilityName: Type.String(),
  month: Month,
  status: SettlementStatus,
  comment: Type.Union([Type.String(), Type.Null()]),
  totals: SettlementTotals,
  submittedAt: Type.Union([Instant, Type.Null()]),
  decidedAt: Type.Union([Instant, Type.Null()]),
  /** Whether this statement goes through its town's review before the bureau (false where the town has no reviewer and the settings let the bureau approve directly). */
  townReview: Type.Boolean(),
  townName: Type.String(),
  signatures: Type.Object({
    /** 经办人: who submitted it. */
    submitted: Type.Union([SettlementSignature, Type.Null()]),
    /** 审核人（镇街）. */
    townReviewed: Type.Union([SettlementSignature, Type.Null()]),
    /** 审批人（区民政局）. */
    approved: Type.Union([SettlementSignature, Type.Null()]),
  }),
})
export type Settlement = Static<typeof Settlement>

export const SettlementKey = Type.Object({ facilityId: Uuid, month: Month })
export type SettlementKey = Static<typeof SettlementKey>

export const SettlementReturn = Type.Object({ facilityId: Uuid, month: Month, comment: Text({ maxLength: 500 }) })
export type SettlementReturn = Static<typeof SettlementReturn>

export const SettlementListQuery = Type.Object({
  ...PageQuery.properties,
  month: Type.Optional(Month),
  status: Type.Optional(SettlementStatus),
  /** Statements waiting for the town's review (镇街待审核) or for the bureau's approval (区民政局待审批). */
  awaiting: Type.Optional(Type.Enum(['town_review', 'bureau_approval'] as const)),
  facilityId: Type.Optional(Uuid),
})
export type SettlementListQuery = Static<typeof SettlementListQuery>
