import { sql } from 'drizzle-orm'
import { bigint, check, date, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { elders } from './elders.js'
import { facilities } from './facilities.js'
import { tenants } from './tenants.js'

/** A purse of a card and the payment kinds it pays (policy of the tenant). */
export interface PurseSetting {
  code: string
  name: string
  pays: ('meal' | 'service')[]
}

/** Card policy of a tenant; a missing row means one purse paying everything and no expiry. */
export const cardSettings = pgTable('card_settings', {
  tenantId: uuid()
    .primaryKey()
    .references(() => tenants.id),
  purses: jsonb().$type<PurseSetting[]>().notNull(),
  allowanceExpiry: text({ enum: ['never', 'year_end'] }).notNull().default('never'),
  cancellationRule: text({ enum: ['refund_family', 'return_bureau'] }).notNull().default('return_bureau'),
  serviceTypes: text().array().notNull().default(sql`'{助浴,助洁,助医,康复护理,陪护}'::text[]`),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})

/** 养老服务爱心卡: one active (or frozen) card per elder at a time. */
export const careCards = pgTable(
  'care_cards',
  {
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id),
    id: uuid().notNull(),
    cardNo: text().notNull(),
    elderId: uuid().notNull(),
    status: text({ enum: ['active', 'frozen', 'cancelled'] }).notNull().default('active'),
    issuedOn: date({ mode: 'string' }).notNull(),
    issuedBy: uuid().notNull(),
    cancelledAt: timestamp({ withTimezone: true }),
    cancelReason: text(),
    replacedByCardId: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique().on(t.tenantId, t.cardNo),
    foreignKey({ columns: [t.tenantId, t.elderId], foreignColumns: [elders.tenantId, elders.id] }),
    uniqueIndex('care_cards_one_live_card_per_elder').on(t.tenantId, t.elderId).where(sql`${t.status} <> 'cancelled'`),
  ],
)

/** A card's balance per purse, in fen. The CHECK is the last line that keeps money from going negative. */
export const cardPurses = pgTable(
  'card_purses',
  {
    tenantId: uuid().notNull(),
    cardId: uuid().notNull(),
    purse: text().notNull(),
    balanceFen: bigint({ mode: 'number' }).notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.cardId, t.purse] }),
    foreignKey({ columns: [t.tenantId, t.cardId], foreignColumns: [careCards.tenantId, careCards.id] }),
    check('card_purses_balance_nonnegative', sql`${t.balanceFen} >= 0`),
  ],
)

/**
 * Every money movement on a card, append-only. The id is the client's (exactly-once); credits are
 * positive, debits negative; `balanceAfterFen` is the purse balance right after this entry.
 */
export const cardLedgerEntries = pgTable(
  'card_ledger_entries',
  {
    tenantId: uuid().notNull(),
    id: uuid().notNull(),
    cardId: uuid().notNull(),
    purse: text().notNull(),
    kind: text({
      enum: ['allowance', 'top_up', 'meal_payment', 'service_payment', 'refund', 'expiry', 'transfer_out', 'transfer_in', 'cancellation', 'recovery'],
    }).notNull(),
    amountFen: bigint({ mode: 'number' }).notNull(),
    balanceAfterFen: bigint({ mode: 'number' }).notNull(),
    /** What the movement belongs to: a meal record, an allowance month, a card on reissue. */
    referenceId: text(),
    /** The facility or service provider the card paid, to be reimbursed by the bureau. */
    facilityId: uuid(),
    serviceType: text(),
    note: text(),
    contentHash: text().notNull(),
    createdBy: uuid().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.cardId], foreignColumns: [careCards.tenantId, careCards.id] }),
    foreignKey({ columns: [t.tenantId, t.facilityId], foreignColumns: [facilities.tenantId, facilities.id] }),
    check('card_ledger_amount_nonzero', sql`${t.amountFen} <> 0`),
    check('card_ledger_balance_nonnegative', sql`${t.balanceAfterFen} >= 0`),
    // An allowance is credited once per card, purse and reference (`YYYY-MM:ruleId`), however often the run is repeated.
    uniqueIndex('card_ledger_allowance_once').on(t.tenantId, t.cardId, t.purse, t.referenceId).where(sql`${t.kind} = 'allowance'`),
    index().on(t.tenantId, t.cardId, t.createdAt),
    index().on(t.tenantId, t.facilityId, t.createdAt),
    // Refunds by day: the elders whose card payments may have been reversed (card users, indicators.repository.ts).
    index('card_ledger_refunds_by_day').on(t.tenantId, t.createdAt).where(sql`${t.kind} = 'refund'`),
  ],
)

/** Monthly allowance per elder category, credited to one purse. */
export const allowanceRules = pgTable(
  'allowance_rules',
  {
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id),
    id: uuid().notNull(),
    name: text().notNull(),
    category: text().notNull(),
    amountFen: integer().notNull(),
    purse: text().notNull(),
    validFrom: date({ mode: 'string' }).notNull(),
    validTo: date({ mode: 'string' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), check('allowance_rules_amount_positive', sql`${t.amountFen} > 0`)],
)

/**
 * Card operations refused for the card's state (balance too low, frozen, cancelled), kept by their
 * client-made id: retrying a refused operation answers the same refusal instead of trying again later.
 */
export const cardRefusedOperations = pgTable(
  'card_refused_operations',
  {
    tenantId: uuid().notNull(),
    id: uuid().notNull(),
    cardId: uuid().notNull(),
    contentHash: text().notNull(),
    code: text().notNull(),
    message: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), foreignKey({ columns: [t.tenantId, t.cardId], foreignColumns: [careCards.tenantId, careCards.id] })],
)
