import { sql } from 'drizzle-orm'
import { boolean, check, date, foreignKey, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { elders } from './elders.js'
import { facilities } from './facilities.js'
import { tenants } from './tenants.js'

/** Per-meal subsidy rules, effective-dated: a rule is ended (validTo), never edited, once meals used it. */
export const subsidyRules = pgTable(
  'subsidy_rules',
  {
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id),
    id: uuid().notNull(),
    name: text().notNull(),
    kind: text({ enum: ['category', 'age', 'delivery_extra'] }).notNull(),
    category: text(),
    minAge: integer(),
    amountFen: integer().notNull(),
    validFrom: date({ mode: 'string' }).notNull(),
    validTo: date({ mode: 'string' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    check('subsidy_rules_amount_nonnegative', sql`${t.amountFen} >= 0`),
    check('subsidy_rules_valid_range', sql`${t.validTo} is null or ${t.validTo} >= ${t.validFrom}`),
    check(
      'subsidy_rules_kind_fields',
      sql`(${t.kind} = 'category' and ${t.category} is not null and ${t.minAge} is null)
        or (${t.kind} = 'age' and ${t.minAge} is not null and ${t.category} is null)
        or (${t.kind} = 'delivery_extra' and ${t.category} is null and ${t.minAge} is null)`,
    ),
  ],
)

/** A tenant's meal policy settings; a missing row means the defaults. */
export const mealSettings = pgTable('meal_settings', {
  tenantId: uuid()
    .primaryKey()
    .references(() => tenants.id),
  subsidisedMealsPerSlot: integer().notNull().default(1),
  backDatingDays: integer().notNull().default(3),
  kitchenOrderCutoff: text().notNull().default('16:00'),
  /** A counter's offline snapshot older than this many days without a refresh is wiped. */
  counterSnapshotMaxAgeDays: integer().notNull().default(7),
  undoWindowMinutes: integer().notNull().default(5),
  bureauApprovesWithoutTownReviewer: boolean().notNull().default(true),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})

/**
 * One meal for one elder. The id is made by the client, so a retry finds the first record. Subsidy and
 * self-pay are computed once and stored. `subsidySeq` numbers an elder's subsidised meals of a day and
 * slot (1..cap): the partial unique index makes the cap hold even for parallel requests.
 */
export const mealRecords = pgTable(
  'meal_records',
  {
    tenantId: uuid().notNull(),
    id: uuid().notNull(),
    elderId: uuid().notNull(),
    facilityId: uuid().notNull(),
    servedOn: date({ mode: 'string' }).notNull(),
    slot: text({ enum: ['breakfast', 'lunch', 'dinner'] }).notNull(),
    mode: text({ enum: ['dine_in', 'delivery', 'pickup'] }).notNull(),
    priceFen: integer().notNull(),
    subsidyFen: integer().notNull(),
    selfPayFen: integer().notNull(),
    paymentMethod: text({ enum: ['cash', 'wechat', 'alipay', 'care_card', 'free'] }).notNull(),
    subsidised: boolean().notNull(),
    subsidySeq: smallint(),
    subsidyRuleIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    collectedByDelegateId: uuid(),
    /** SHA-256 of the request's content: a retry with other content under the same id is refused. */
    contentHash: text().notNull(),
    /** Who served the meal: the signed-in user, or for an offline counter the user who recorded it there. */
    recordedBy: uuid().notNull(),
    recordedByName: text().notNull(),
    /** When the meal was recorded: the server's time, or the device's for a meal recorded offline. */
    recordedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** When the server stored it; later than `recordedAt` for a meal that waited in a counter's outbox. */
    syncedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** The user whose session sent an offline meal, when not the one who recorded it. */
    syncedBy: uuid(),
    /** The counter device an offline meal came from, and its number in that device's outbox. */
    deviceId: uuid(),
    deviceSeq: integer(),
    /**
     * 需补收: the subsidy the device granted offline that the server could not (the elder's subsidised
     * meals of the slot were already taken elsewhere): self-pay the counter has to collect.
     */
    selfPayDueFen: integer(),
    voidedAt: timestamp({ withTimezone: true }),
    voidReason: text(),
    voidedBy: uuid(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.elderId], foreignColumns: [elders.tenantId, elders.id] }),
    foreignKey({ columns: [t.tenantId, t.facilityId], foreignColumns: [facilities.tenantId, facilities.id] }),
    check('meal_records_money', sql`${t.priceFen} >= 0 and ${t.subsidyFen} >= 0 and ${t.selfPayFen} >= 0 and ${t.subsidyFen} + ${t.selfPayFen} = ${t.priceFen}`),
    check('meal_records_subsidy_seq', sql`(${t.subsidised} and ${t.subsidySeq} >= 1) or (not ${t.subsidised} and ${t.subsidySeq} is null and ${t.subsidyFen} = 0)`),
    check('meal_records_self_pay_due', sql`${t.selfPayDueFen} is null or (${t.selfPayDueFen} > 0 and not ${t.subsidised})`),
    check('meal_records_device', sql`(${t.deviceId} is null) = (${t.deviceSeq} is null)`),
    check('meal_records_void_reason', sql`(${t.voidedAt} is null) = (${t.voidReason} is null)`),
    uniqueIndex('meal_records_subsidy_cap')
      .on(t.tenantId, t.elderId, t.servedOn, t.slot, t.subsidySeq)
      .where(sql`${t.subsidised} and ${t.voidedAt} is null`),
    index().on(t.tenantId, t.facilityId, t.servedOn),
    index().on(t.tenantId, t.elderId, t.servedOn),
    index().on(t.tenantId, t.deviceId, t.deviceSeq),
    // The subsidy checks' incremental scan: meals stored, and meals voided, since the last scan.
    index().on(t.tenantId, t.syncedAt),
    index('meal_records_tenant_id_voided_at_index').on(t.tenantId, t.voidedAt).where(sql`${t.voidedAt} is not null`),
  ],
)

/**
 * What a facility charges for a meal of a slot and mode from a day on, until a later row of the same
 * slot and mode. Rows are never edited once a day has passed: a new price is a new row.
 */
export const facilityMealPrices = pgTable(
  'facility_meal_prices',
  {
    tenantId: uuid().notNull(),
    facilityId: uuid().notNull(),
    slot: text({ enum: ['breakfast', 'lunch', 'dinner'] }).notNull(),
    mode: text({ enum: ['dine_in', 'delivery', 'pickup'] }).notNull(),
    validFrom: date({ mode: 'string' }).notNull(),
    priceFen: integer().notNull(),
    updatedBy: uuid().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.facilityId, t.slot, t.mode, t.validFrom] }),
    foreignKey({ columns: [t.tenantId, t.facilityId], foreignColumns: [facilities.tenantId, facilities.id] }),
    check('facility_meal_prices_price', sql`${t.priceFen} >= 0 and ${t.priceFen} <= 10000000`),
  ],
)

/** A counter device (tablet or phone) as it last reported: the bureau sees "not synced" apart from "no meals". */
export const counterDevices = pgTable(
  'counter_devices',
  {
    tenantId: uuid().notNull(),
    deviceId: uuid().notNull(),
    facilityId: uuid().notNull(),
    /** Who was signed in when it last reported. */
    userId: uuid().notNull(),
    userName: text().notNull(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** The last time its outbox was sent and answered; null until the first sync. */
    lastSyncAt: timestamp({ withTimezone: true }),
    outboxSize: integer().notNull().default(0),
    /** Meals still waiting: the oldest one's device time, so the bureau sees since when it has not synced. */
    oldestUnsyncedAt: timestamp({ withTimezone: true }),
    snapshotVersion: text(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.deviceId] }),
    foreignKey({ columns: [t.tenantId, t.facilityId], foreignColumns: [facilities.tenantId, facilities.id] }),
    check('counter_devices_outbox_size', sql`${t.outboxSize} >= 0`),
    index().on(t.tenantId, t.facilityId),
  ],
)

/** A facility's monthly statement to the bureau: draft → submitted → approved, or returned with a comment. */
export const settlements = pgTable(
  'settlements',
  {
    tenantId: uuid().notNull(),
    id: uuid().notNull(),
    facilityId: uuid().notNull(),
    /** `YYYY-MM`. */
    month: text().notNull(),
    status: text({ enum: ['draft', 'submitted', 'town_approved', 'approved', 'returned'] }).notNull().default('draft'),
    comment: text(),
    /** Figures frozen at submission, so what was approved is what was submitted. */
    totals: jsonb().$type<Record<string, unknown>>(),
    submittedAt: timestamp({ withTimezone: true }),
    submittedBy: uuid(),
    /** 镇街审核: the town staff member who passed it on to the bureau. */
    townReviewedAt: timestamp({ withTimezone: true }),
    townReviewedBy: uuid(),
    decidedAt: timestamp({ withTimezone: true }),
    decidedBy: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique().on(t.tenantId, t.facilityId, t.month),
    foreignKey({ columns: [t.tenantId, t.facilityId], foreignColumns: [facilities.tenantId, facilities.id] }),
    check('settlements_month_format', sql`${t.month} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
  ],
)

/** What a meal point orders from its central kitchen for a day and slot. */
export const kitchenOrders = pgTable(
  'kitchen_orders',
  {
    tenantId: uuid().notNull(),
    id: uuid().notNull(),
    mealPointId: uuid().notNull(),
    kitchenId: uuid().notNull(),
    servedOn: date({ mode: 'string' }).notNull(),
    slot: text({ enum: ['breakfast', 'lunch', 'dinner'] }).notNull(),
    quantity: integer().notNull(),
    note: text(),
    updatedBy: uuid().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique().on(t.tenantId, t.mealPointId, t.servedOn, t.slot),
    foreignKey({ columns: [t.tenantId, t.mealPointId], foreignColumns: [facilities.tenantId, facilities.id] }),
    foreignKey({ columns: [t.tenantId, t.kitchenId], foreignColumns: [facilities.tenantId, facilities.id] }),
    check('kitchen_orders_quantity', sql`${t.quantity} >= 0 and ${t.quantity} <= 100000`),
    index().on(t.tenantId, t.kitchenId, t.servedOn),
  ],
)
