import { sql } from 'drizzle-orm'
import { check, doublePrecision, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core'
import { elders } from './elders.js'
import { facilities } from './facilities.js'
import { mealRecords } from './meals.js'
import { tenants } from './tenants.js'
import { users } from './users.js'

/**
 * A finding of the subsidy checks (防骗补). `key` names what was found (the kind and its first meal,
 * entry, elder-day or month): the unique key is what raises a finding once however often, or however
 * concurrently, the checks run. A finding never edits a meal; confirming adds recoveries.
 */
export const subsidyFindings = pgTable(
  'subsidy_findings',
  {
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id),
    id: uuid().notNull(),
    kind: text({ enum: ['after_death', 'after_move', 'two_places', 'delegate_heavy', 'external_list'] }).notNull(),
    key: text().notNull(),
    elderId: uuid(),
    facilityId: uuid(),
    /** The town the finding is reviewed in: the elder's, or the facility's for `delegate_heavy`. */
    townCode: text(),
    period: text().notNull(),
    mealRecordIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    ledgerEntryIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    amountFen: integer().notNull(),
    evidence: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    status: text({ enum: ['open', 'confirmed', 'dismissed'] }).notNull().default('open'),
    reason: text(),
    /** What confirming recovered: meals' subsidy to deduct, allowance reversed on the card, and what could not be. */
    recovery: jsonb().$type<{ month: string; mealsFen: number; allowanceFen: number; unrecoverableFen: number }>(),
    detectedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp({ withTimezone: true }),
    decidedBy: uuid(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('subsidy_findings_raised_once').on(t.tenantId, t.key),
    foreignKey({ columns: [t.tenantId, t.elderId], foreignColumns: [elders.tenantId, elders.id] }),
    foreignKey({ columns: [t.tenantId, t.facilityId], foreignColumns: [facilities.tenantId, facilities.id] }),
    foreignKey({ columns: [t.tenantId, t.decidedBy], foreignColumns: [users.tenantId, users.id] }),
    check('subsidy_findings_amount_nonnegative', sql`${t.amountFen} >= 0`),
    check('subsidy_findings_decision', sql`(${t.status} = 'open') = (${t.decidedAt} is null)`),
    index().on(t.tenantId, t.status, t.kind),
    index().on(t.tenantId, t.townCode),
  ],
)

/**
 * The meals and ledger entries a finding holds, one finding per item and family of checks (a death
 * found by the checks and by an imported list is one family): a later scan raises only what is new.
 */
export const subsidyFindingItems = pgTable(
  'subsidy_finding_items',
  {
    tenantId: uuid().notNull(),
    family: text({ enum: ['death', 'move', 'two_places'] }).notNull(),
    itemId: uuid().notNull(),
    findingId: uuid().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.family, t.itemId] }),
    foreignKey({ columns: [t.tenantId, t.findingId], foreignColumns: [subsidyFindings.tenantId, subsidyFindings.id] }),
  ],
)

/**
 * 追回补贴: a confirmed meal's subsidy, deducted in its facility's settlement of `month` (the month it
 * was confirmed in, which is never submitted yet). A meal is recovered once whatever found it.
 */
export const subsidyRecoveries = pgTable(
  'subsidy_recoveries',
  {
    tenantId: uuid().notNull(),
    id: uuid().notNull(),
    findingId: uuid().notNull(),
    facilityId: uuid().notNull(),
    mealRecordId: uuid().notNull(),
    month: text().notNull(),
    amountFen: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('subsidy_recoveries_meal_once').on(t.tenantId, t.mealRecordId),
    foreignKey({ columns: [t.tenantId, t.findingId], foreignColumns: [subsidyFindings.tenantId, subsidyFindings.id] }),
    foreignKey({ columns: [t.tenantId, t.facilityId], foreignColumns: [facilities.tenantId, facilities.id] }),
    foreignKey({ columns: [t.tenantId, t.mealRecordId], foreignColumns: [mealRecords.tenantId, mealRecords.id] }),
    check('subsidy_recoveries_amount_positive', sql`${t.amountFen} > 0`),
    index().on(t.tenantId, t.facilityId, t.month),
  ],
)

/** A tenant's check settings; a missing row means `DEFAULT_CHECK_SETTINGS`. */
export const subsidyCheckSettings = pgTable('subsidy_check_settings', {
  tenantId: uuid()
    .primaryKey()
    .references(() => tenants.id),
  twoPlacesKm: doublePrecision().notNull(),
  delegateShareFactor: doublePrecision().notNull(),
  delegateMinMeals: integer().notNull(),
  /** The shortest crossing per island pair (null island = the main island); pairs not listed use distance alone. */
  islandCrossings: jsonb().$type<{ from: string | null; to: string | null; minutes: number }[]>().notNull().default([]),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})

/**
 * When a tenant's last full scan began. The next scan's `two_places` and `delegate_heavy` look only at
 * elder-days and months with a meal stored or voided since shortly before then, unless the settings, a
 * facility or a region changed since (then at everything again).
 */
export const subsidyCheckScans = pgTable('subsidy_check_scans', {
  tenantId: uuid()
    .primaryKey()
    .references(() => tenants.id),
  startedAt: timestamp({ withTimezone: true }).notNull(),
})

/** A death or 户籍注销 list imported: who imported which file, and what matched. */
export const subsidyExternalLists = pgTable(
  'subsidy_external_lists',
  {
    tenantId: uuid().notNull(),
    id: uuid().notNull(),
    fileName: text().notNull(),
    importedBy: uuid().notNull(),
    importedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    rows: integer().notNull(),
    matched: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), foreignKey({ columns: [t.tenantId, t.importedBy], foreignColumns: [users.tenantId, users.id] })],
)
