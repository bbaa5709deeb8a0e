import { Type, type Static } from 'typebox'
import { CalendarDate, Instant, PageQuery, PlainText, Text, Uuid } from './common.js'
import { ElderCategory } from './elders.js'
import { Month } from './settlements.js'

export const CARD_STATUSES = ['active', 'frozen', 'cancelled'] as const
export const CardStatus = Type.Enum(CARD_STATUSES)
export type CardStatus = Static<typeof CardStatus>

export const LEDGER_KINDS = ['allowance', 'top_up', 'meal_payment', 'service_payment', 'refund', 'expiry', 'transfer_out', 'transfer_in', 'cancellation', 'recovery'] as const
export const LedgerKind = Type.Enum(LEDGER_KINDS)
export type LedgerKind = Static<typeof LedgerKind>

/** Card numbers are what the scanner reads: 6–20 digits or upper-case letters. */
export const CardNo = Type.String({ pattern: '^[0-9A-Z]{6,20}$' })
export const PurseCode = Type.String({ pattern: '^[a-z][a-z_]{0,19}$' })

export const CardPurseBalance = Type.Object({ purse: Type.String(), name: Type.String(), balanceFen: Type.Integer() })

export const CareCard = Type.Object({
  id: Uuid,
  cardNo: Type.String(),
  elderId: Uuid,
  elderName: Type.String(),
  idNumberMasked: Type.String(),
  status: CardStatus,
  issuedOn: CalendarDate,
  purses: Type.Array(CardPurseBalance),
  balanceFen: Type.Integer(),
  cancelledAt: Type.Union([Instant, Type.Null()]),
  cancelReason: Type.Union([Type.String(), Type.Null()]),
  replacedByCardId: Type.Union([Uuid, Type.Null()]),
})
export type CareCard = Static<typeof CareCard>

export const CareCardIssue = Type.Object({ elderId: Uuid, cardNo: Type.Optional(CardNo) })
export type CareCardIssue = Static<typeof CareCardIssue>

export const CareCardReissue = Type.Object({ cardNo: Type.Optional(CardNo), reason: Text({ maxLength: 200 }) })
export type CareCardReissue = Static<typeof CareCardReissue>

export const CareCardCancel = Type.Object({ reason: Text({ maxLength: 200 }) })
export type CareCardCancel = Static<typeof CareCardCancel>

export const CareCardListQuery = Type.Object({
  ...PageQuery.properties,
  /** A card number (as scanned), an elder's name or pinyin initials, or the last 4 of the 身份证号. */
  q: Type.Optional(PlainText({ maxLength: 32 })),
  status: Type.Optional(CardStatus),
  elderId: Type.Optional(Uuid),
})
export type CareCardListQuery = Static<typeof CareCardListQuery>

/** Movements a client may post directly; allowances, meals, expiry and transfers come from their own flows. */
export const CardTransactionKind = Type.Enum(['top_up', 'service_payment', 'refund'] as const)
export const CardTransaction = Type.Object({
  /** Made by the client (UUID): a retry never moves money twice. */
  id: Uuid,
  kind: CardTransactionKind,
  amountFen: Type.Integer({ minimum: 1, maximum: 100_000_00 }),
  /** Defaults to the purse that pays this kind. */
  purse: Type.Optional(PurseCode),
  /** The provider paid (service payments) or refunding. */
  facilityId: Type.Optional(Uuid),
  serviceType: Type.Optional(Text({ maxLength: 32 })),
  note: Type.Optional(Text({ maxLength: 200 })),
})
export type CardTransaction = Static<typeof CardTransaction>

export const LedgerEntry = Type.Object({
  id: Uuid,
  cardId: Uuid,
  purse: Type.String(),
  kind: LedgerKind,
  /** Positive for credits, negative for debits. */
  amountFen: Type.Integer(),
  balanceAfterFen: Type.Integer(),
  referenceId: Type.Union([Type.String(), Type.Null()]),
  facilityId: Type.Union([Uuid, Type.Null()]),
  serviceType: Type.Union([Type.String(), Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
  createdAt: Instant,
})
export type LedgerEntry = Static<typeof LedgerEntry>

export const Reconciliation = Type.Object({
  cards: Type.Integer(),
  purses: Type.Integer(),
  totalBalanceFen: Type.Integer(),
  totalLedgerFen: Type.Integer(),
  /** Purses whose balance differs from the sum of their entries; empty when all is well. */
  mismatches: Type.Array(Type.Object({ cardId: Uuid, cardNo: Type.String(), purse: Type.String(), balanceFen: Type.Integer(), ledgerFen: Type.Integer() })),
})
export type Reconciliation = Static<typeof Reconciliation>

export const PurseSetting = Type.Object({
  code: PurseCode,
  name: Text({ maxLength: 16 }),
  pays: Type.Array(Type.Enum(['meal', 'service'] as const), { uniqueItems: true }),
})

export const CardSettings = Type.Object({
  purses: Type.Array(PurseSetting, { minItems: 1, maxItems: 4 }),
  allowanceExpiry: Type.Enum(['never', 'year_end'] as const),
  /** What happens to the balance when a card is cancelled: refunded to the family, or returned to the bureau. */
  cancellationRule: Type.Enum(['refund_family', 'return_bureau'] as const),
  serviceTypes: Type.Array(Text({ maxLength: 32 }), { maxItems: 30 }),
})
export type CardSettings = Static<typeof CardSettings>

export const AllowanceRule = Type.Object({
  id: Uuid,
  name: Type.String(),
  category: ElderCategory,
  amountFen: Type.Integer(),
  purse: Type.String(),
  validFrom: CalendarDate,
  validTo: Type.Union([CalendarDate, Type.Null()]),
})
export type AllowanceRule = Static<typeof AllowanceRule>

export const AllowanceRuleCreate = Type.Object({
  name: Text({ maxLength: 64 }),
  category: ElderCategory,
  amountFen: Type.Integer({ minimum: 1, maximum: 100_000_00 }),
  purse: PurseCode,
  validFrom: CalendarDate,
  validTo: Type.Optional(Type.Union([CalendarDate, Type.Null()])),
})
export type AllowanceRuleCreate = Static<typeof AllowanceRuleCreate>

export const AllowanceGrant = Type.Object({ month: Month, dryRun: Type.Optional(Type.Boolean({ default: true })) })
export type AllowanceGrant = Static<typeof AllowanceGrant>

export const AllowanceGrantResult = Type.Object({
  month: Month,
  dryRun: Type.Boolean(),
  /** Credits the run makes (or would make); cards already credited for the month are not repeated. */
  credits: Type.Integer(),
  alreadyCredited: Type.Integer(),
  totalFen: Type.Integer(),
  items: Type.Array(Type.Object({ cardId: Uuid, cardNo: Type.String(), elderName: Type.String(), rule: Type.String(), purse: Type.String(), amountFen: Type.Integer() })),
})
export type AllowanceGrantResult = Static<typeof AllowanceGrantResult>

export const AllowanceExpiry = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }), dryRun: Type.Optional(Type.Boolean({ default: true })) })
export const AllowanceExpiryResult = Type.Object({ year: Type.Integer(), dryRun: Type.Boolean(), cards: Type.Integer(), totalFen: Type.Integer() })

/** What cards paid a facility or provider in a month: the bureau reimburses it. */
export const CardFacilityStatement = Type.Object({
  facilityId: Uuid,
  month: Month,
  mealPaymentsFen: Type.Integer(),
  servicePaymentsFen: Type.Integer(),
  refundsFen: Type.Integer(),
  /** Net amount the bureau owes the facility for card payments. */
  reimbursableFen: Type.Integer(),
  entries: Type.Integer(),
})
export type CardFacilityStatement = Static<typeof CardFacilityStatement>

/** The district's card money in a month, by kind of movement. */
export const CardTotals = Type.Object({
  month: Month,
  cards: Type.Integer(),
  activeCards: Type.Integer(),
  /** All purse balances now. */
  balanceFen: Type.Integer(),
  byKind: Type.Array(Type.Object({ kind: LedgerKind, entries: Type.Integer(), amountFen: Type.Integer() })),
})
export type CardTotals = Static<typeof CardTotals>
export const CardTotalsQuery = Type.Object({ month: Month })
