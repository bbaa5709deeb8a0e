import { schema, uuidv7, type Database } from '@eldercare/db'
import { isStrongPassword } from '@eldercare/shared'
import { and, eq } from 'drizzle-orm'
import { hashPassword } from '../auth/passwords.js'

/** Tenant that holds the platform operators of a production installation (not a district). */
export const PLATFORM_TENANT = { code: '000000', name: '平台运营' }

/**
 * Creates the platform tenant if needed and a platform admin in it, who must change the password on
 * first sign-in. A production database starts empty: this is how its first account comes to exist.
 */
export async function bootstrapPlatformAdmin(db: Database, username: string, password: string): Promise<'created' | 'exists'> {
  if (!isStrongPassword(password)) throw new Error('password needs 8+ characters with letters and digits')
  if (!/^[A-Za-z0-9_.-]{3,32}$/.test(username)) throw new Error('username: 3–32 letters, digits, _ . -')
  const passwordHash = await hashPassword(password)
  const { tenants, users, auditEvents } = schema
  return db.transaction(async (tx) => {
    let [tenant] = await tx.select().from(tenants).where(eq(tenants.code, PLATFORM_TENANT.code))
    if (!tenant) [tenant] = await tx.insert(tenants).values({ id: uuidv7(), ...PLATFORM_TENANT }).returning()
    const [existing] = await tx
      .select()
      .from(users)
      .where(and(eq(users.tenantId, tenant!.id), eq(users.username, username)))
    if (existing) return 'exists'
    const id = uuidv7()
    await tx.insert(users).values({
      tenantId: tenant!.id,
      id,
      username,
      displayName: '平台管理员',
      role: 'platform_admin',
      passwordHash,
      mustChangePassword: true,
    })
    await tx.insert(auditEvents).values({
      tenantId: tenant!.id,
      id: uuidv7(),
      actorUsername: 'cli',
      action: 'user.create',
      entityType: 'user',
      entityId: id,
      changes: { username: { to: username }, role: { to: 'platform_admin' } },
    })
    return 'created'
  })
}
