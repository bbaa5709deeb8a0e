import { sql } from 'drizzle-orm'
import { bigint, check, date, doublePrecision, foreignKey, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core'
import { regions } from './regions.js'
import { tenants } from './tenants.js'

/** Official population figures of a community for a year (户籍 or 常住), entered or imported by the bureau. */
export const populationStats = pgTable(
  'population_stats',
  {
    tenantId: uuid().notNull(),
    communityCode: text().notNull(),
    year: smallint().notNull(),
    basis: text({ enum: ['registered', 'resident'] }).notNull(),
    population60Plus: integer().notNull(),
    population80Plus: integer().notNull(),
    populationTotal: integer().notNull(),
    updatedBy: uuid().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.year, t.basis, t.communityCode] }),
    foreignKey({ columns: [t.tenantId, t.communityCode], foreignColumns: [regions.tenantId, regions.code] }),
    check('population_stats_figures', sql`${t.population80Plus} >= 0 and ${t.population80Plus} <= ${t.population60Plus} and ${t.population60Plus} <= ${t.populationTotal}`),
  ],
)

/**
 * The year's goal for an indicator, for the district (`townCode` null) or one town; `value` is null for
 * "higher than last year". A town without its own target is measured against the district's.
 */
export const indicatorTargets = pgTable(
  'indicator_targets',
  {
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id),
    id: uuid().notNull().defaultRandom(),
    year: smallint().notNull(),
    key: text().notNull(),
    townCode: text(),
    comparator: text({ enum: ['at_least', 'above_last_year'] }).notNull(),
    value: doublePrecision(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('indicator_targets_scope').on(t.tenantId, t.year, t.key, t.townCode).nullsNotDistinct(),
    foreignKey({ columns: [t.tenantId, t.townCode], foreignColumns: [regions.tenantId, regions.code] }),
    check('indicator_targets_value', sql`(${t.comparator} = 'at_least') = (${t.value} is not null)`),
  ],
)

/** Population basis, dementia denominator and the "no data" threshold of a tenant; a missing row means the defaults. */
export const indicatorSettings = pgTable('indicator_settings', {
  tenantId: uuid()
    .primaryKey()
    .references(() => tenants.id),
  settings: jsonb().$type<Record<string, unknown>>().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})

/**
 * What the meal summaries count per facility, day, slot and mode, and the day the count became known:
 * totals and deltas alike. A meal adds +1 on the Asia/Shanghai day it reached the server (an offline
 * counter's meal: its `synced_at`, not when the tablet recorded it; a meal entered online: its
 * `recorded_at`) and, once voided, −1 on the day of its void. So the meals of a day as known at the end of day D are the rows with `knownOn` ≤ D: a meal
 * synced or voided after D never moves D's figures (migration 0021).
 */
const mealCountColumns = () => ({
  tenantId: uuid().notNull(),
  facilityId: uuid().notNull(),
  servedOn: date({ mode: 'string' }).notNull(),
  slot: text().notNull(),
  mode: text().notNull(),
  knownOn: date({ mode: 'string' }).notNull(),
  meals: integer().notNull(),
  subsidisedMeals: integer().notNull(),
  subsidyFen: bigint({ mode: 'number' }).notNull(),
  selfPayFen: bigint({ mode: 'number' }).notNull(),
})

/**
 * Meals per facility, day, slot and mode by the day they became known, voids taken off on their day:
 * `meal_daily_totals` plus the rows of `meal_daily_deltas` not yet folded into it. Read both in one
 * statement (one snapshot) and the sum over `knownOn` ≤ D is exact as of D under concurrent writes and voids.
 */
export const mealDailyTotals = pgTable(
  'meal_daily_totals',
  mealCountColumns(),
  // Also read by day over all facilities (the dashboard's meals per day): migration 0021 keeps a covering
  // index (tenant_id, served_on) INCLUDE (facility_id, slot, mode, known_on, meals), which Drizzle cannot declare.
  (t) => [primaryKey({ columns: [t.tenantId, t.facilityId, t.servedOn, t.slot, t.mode, t.knownOn] })],
)

/**
 * Elders who paid by care card in a year, with the first day they paid. Kept by a trigger on
 * `card_ledger_entries`, which is append-only (migrations 0007 and 0012). Reversals (refunds) are not
 * folded in: the few elders with a refund are recounted from the ledger (indicators.repository.ts).
 */
export const cardUsers = pgTable(
  'card_users',
  {
    tenantId: uuid().notNull(),
    year: smallint().notNull(),
    elderId: uuid().notNull(),
    firstPaidOn: date({ mode: 'string' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.year, t.elderId] }), index().on(t.tenantId, t.year, t.firstPaidOn)],
)

/**
 * The same per month: the first day an elder paid by card in each month, so a month's users can be
 * counted as of any day of it (kept by the same trigger, migration 0012).
 */
export const cardUserMonths = pgTable(
  'card_user_months',
  {
    tenantId: uuid().notNull(),
    year: smallint().notNull(),
    month: smallint().notNull(),
    elderId: uuid().notNull(),
    firstPaidOn: date({ mode: 'string' }).notNull(),
    /** The last day paid in the month and what was paid in all: exact as of any day from `lastPaidOn` on. */
    lastPaidOn: date({ mode: 'string' }).notNull(),
    paidFen: bigint({ mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.year, t.month, t.elderId] }), index().on(t.tenantId, t.year, t.month, t.firstPaidOn)],
)

/**
 * Each refund as the card-user rule counts it (card-users.ts), kept by the ledger's trigger (migration
 * 0024): against the month of the payment it names (`year`, `month` of that payment), or, naming none,
 * against the month it was posted; `reversedOn` is the day it was posted, so any past day counts only
 * the refunds posted by then. A refund naming no payment of its elder's cards counts nothing and has
 * no row. Refunds are few: the indicators read these rows and the months they touch, never the ledger.
 */
export const cardUserReversals = pgTable(
  'card_user_reversals',
  {
    tenantId: uuid().notNull(),
    refundId: uuid().notNull(),
    elderId: uuid().notNull(),
    year: smallint().notNull(),
    month: smallint().notNull(),
    reversedOn: date({ mode: 'string' }).notNull(),
    fen: bigint({ mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.refundId] }), index().on(t.tenantId, t.year, t.reversedOn)],
)

/**
 * What each meal record and void adds to `meal_daily_totals` (+1 or −1 meal, on the day it became
 * known), written by a trigger on `meal_records` in the recording transaction (migrations 0009, 0010, 0021). Append-only, so parallel meals
 * of one canteen's lunch never wait for each other on one summary row; `meal_daily_totals_compact()`
 * folds the rows into the totals in one statement, every few seconds.
 */
export const mealDailyDeltas = pgTable(
  'meal_daily_deltas',
  mealCountColumns(),
  (t) => [index().on(t.tenantId, t.facilityId, t.servedOn), index().on(t.tenantId, t.servedOn)],
)
