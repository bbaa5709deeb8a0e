import { index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { tenants } from './tenants.js'

/** Who changed what. Append-only; personal data in `changes` is masked before it is written. */
export const auditEvents = pgTable(
  'audit_events',
  {
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id),
    id: uuid().notNull(),
    occurredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    actorUserId: uuid(),
    actorUsername: text(),
    action: text().notNull(),
    entityType: text().notNull(),
    entityId: text().notNull(),
    changes: jsonb().$type<Record<string, { from?: unknown; to?: unknown }>>().notNull().default({}),
    ip: text(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index().on(t.tenantId, t.occurredAt),
    index().on(t.tenantId, t.entityType, t.entityId),
  ],
)
