import { doublePrecision, foreignKey, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { tenants } from './tenants.js'

/** Towns (镇/街道) and communities (村/社区) of a tenant's district, keyed by statistical code. */
export const regions = pgTable(
  'regions',
  {
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id),
    code: text().notNull(),
    name: text().notNull(),
    level: text({ enum: ['town', 'community'] }).notNull(),
    parentCode: text(),
    kind: text({ enum: ['subdistrict', 'town', 'community', 'village', 'other'] }).notNull(),
    urbanRural: text({ enum: ['urban', 'rural'] }).notNull(),
    island: text(),
    latitude: doublePrecision(),
    longitude: doublePrecision(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.code] }),
    foreignKey({ columns: [t.tenantId, t.parentCode], foreignColumns: [t.tenantId, t.code] }),
    index().on(t.tenantId, t.parentCode),
  ],
)
