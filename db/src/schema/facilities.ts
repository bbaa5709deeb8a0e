import { sql } from 'drizzle-orm'
import { check, date, doublePrecision, foreignKey, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { regions } from './regions.js'
import { tenants } from './tenants.js'
import { users } from './users.js'

/** Every place the bureau counts: canteens, kitchens, care centres, mutual-aid and meal points, institutions. */
export const facilities = pgTable(
  'facilities',
  {
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id),
    id: uuid().notNull(),
    name: text().notNull(),
    type: text({ enum: ['canteen', 'central_kitchen', 'care_center', 'mutual_aid_point', 'meal_point', 'institution'] }).notNull(),
    communityCode: text().notNull(),
    address: text().notNull(),
    latitude: doublePrecision(),
    longitude: doublePrecision(),
    operatorOrg: text(),
    contactName: text(),
    /** AES-256-GCM ciphertext: a contact's phone is personal information. */
    contactPhoneEncrypted: text(),
    openedOn: date({ mode: 'string' }).notNull(),
    closedOn: date({ mode: 'string' }),
    mealSlots: text().array().notNull().default(sql`'{}'::text[]`),
    mealModes: text().array().notNull().default(sql`'{}'::text[]`),
    dailyCapacity: jsonb().$type<{ breakfast?: number; lunch?: number; dinner?: number }>().notNull().default({}),
    supplierKitchenId: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.communityCode], foreignColumns: [regions.tenantId, regions.code] }),
    foreignKey({ columns: [t.tenantId, t.supplierKitchenId], foreignColumns: [t.tenantId, t.id] }),
    check('facilities_closed_after_opened', sql`${t.closedOn} is null or ${t.closedOn} >= ${t.openedOn}`),
    index().on(t.tenantId, t.communityCode),
    index().on(t.tenantId, t.type),
  ],
)

/**
 * The communities a facility serves, effective-dated: `validTo` is the first day no longer served
 * (null: still served). Changing an area closes rows and opens new ones, so past coverage can be recomputed.
 */
export const facilityServiceAreas = pgTable(
  'facility_service_areas',
  {
    tenantId: uuid().notNull(),
    id: uuid().notNull(),
    facilityId: uuid().notNull(),
    communityCode: text().notNull(),
    validFrom: date({ mode: 'string' }).notNull(),
    validTo: date({ mode: 'string' }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.facilityId], foreignColumns: [facilities.tenantId, facilities.id] }),
    foreignKey({ columns: [t.tenantId, t.communityCode], foreignColumns: [regions.tenantId, regions.code] }),
    check('facility_service_areas_valid_range', sql`${t.validTo} is null or ${t.validTo} > ${t.validFrom}`),
    index().on(t.tenantId, t.facilityId),
    index().on(t.tenantId, t.communityCode),
  ],
)

/**
 * Tags (幸福汇 happiness hub, 康养联合体 health-and-care union), effective-dated like service areas:
 * `validTo` is the first day without the tag (null: still tagged). Tagging today leaves past figures as they were.
 */
export const facilityTagPeriods = pgTable(
  'facility_tag_periods',
  {
    tenantId: uuid().notNull(),
    id: uuid().notNull(),
    facilityId: uuid().notNull(),
    tag: text({ enum: ['happiness_hub', 'health_union'] }).notNull(),
    validFrom: date({ mode: 'string' }).notNull(),
    validTo: date({ mode: 'string' }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.facilityId], foreignColumns: [facilities.tenantId, facilities.id] }),
    check('facility_tag_periods_valid_range', sql`${t.validTo} is null or ${t.validTo} > ${t.validFrom}`),
    index().on(t.tenantId, t.facilityId),
  ],
)

/** Facilities a `canteen_operator` or `institution_reporter` may see. */
export const userFacilityScopes = pgTable(
  'user_facility_scopes',
  {
    tenantId: uuid().notNull(),
    userId: uuid().notNull(),
    facilityId: uuid().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.userId, t.facilityId] }),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.facilityId], foreignColumns: [facilities.tenantId, facilities.id] }),
  ],
)
