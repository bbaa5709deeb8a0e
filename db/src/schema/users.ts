import { sql } from 'drizzle-orm'
import { check, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, unique, uuid, boolean } from 'drizzle-orm/pg-core'
import { regions } from './regions.js'
import { tenants } from './tenants.js'

export const users = pgTable(
  'users',
  {
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id),
    id: uuid().notNull(),
    username: text().notNull(),
    displayName: text().notNull(),
    role: text({
      enum: ['platform_admin', 'bureau_admin', 'bureau_staff', 'town_staff', 'canteen_operator', 'institution_reporter'],
    }).notNull(),
    passwordHash: text().notNull(),
    /** AES-256-GCM ciphertext; phone numbers are personal information. */
    phoneEncrypted: text(),
    status: text({ enum: ['active', 'disabled'] }).notNull().default('active'),
    mustChangePassword: boolean().notNull().default(false),
    failedLoginCount: integer().notNull().default(0),
    lockedUntil: timestamp({ withTimezone: true }),
    lastLoginAt: timestamp({ withTimezone: true }),
    /** Bumped on disable, password reset and role change: access tokens carrying an older value are refused. */
    tokenVersion: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique().on(t.tenantId, t.username),
    check('users_failed_login_count_nonnegative', sql`${t.failedLoginCount} >= 0`),
  ],
)

/** Towns a `town_staff` user may see. */
export const userTownScopes = pgTable(
  'user_town_scopes',
  {
    tenantId: uuid().notNull(),
    userId: uuid().notNull(),
    townCode: text().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.userId, t.townCode] }),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.townCode], foreignColumns: [regions.tenantId, regions.code] }),
  ],
)

/**
 * Refresh tokens, stored as SHA-256 hashes. A token is used once: refreshing marks it used and issues
 * the next one of the same family; presenting a used token again revokes the whole family.
 */
export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    tenantId: uuid().notNull(),
    id: uuid().notNull(),
    userId: uuid().notNull(),
    familyId: uuid().notNull(),
    tokenHash: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique().on(t.tenantId, t.tokenHash),
    // A family is one signed-in session: every access token names it, and each request checks it is live.
    index().on(t.tenantId, t.familyId),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete('cascade'),
  ],
)
