import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'

/** One district bureau. Not tenant-owned itself: every other table points here. */
export const tenants = pgTable('tenants', {
  id: uuid().primaryKey(),
  code: text().notNull().unique(),
  name: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})
