import { uuidv7, type Executor } from '@eldercare/db'
import type { FastifyInstance } from 'fastify'
import { PLATFORM_TENANT } from '../platform/bootstrap-platform-admin.js'
import { DEMO_ACCOUNTS, DEMO_TENANT, DEMO_TOWN_CODE } from './demo-accounts.js'

/**
 * The demo's accounts, one per role: the district's in the demo tenant, scoped as `facilityScopes`
 * says, and the platform operator in the platform tenant (made here when the database has none), so
 * the district's admin neither lists nor reads it. Returns each account's user id by username.
 */
export async function seedDemoAccounts(
  app: FastifyInstance,
  districtTenantId: string,
  passwordHash: string,
  facilityScopes: Partial<Record<string, string[]>>,
  tx: Executor,
): Promise<Map<string, string>> {
  const platform = (await app.tenantsRepository.findByCode(PLATFORM_TENANT.code, tx)) ?? (await app.tenantsRepository.insert({ id: uuidv7(), ...PLATFORM_TENANT }, tx))
  const userIds = new Map<string, string>()
  for (const account of DEMO_ACCOUNTS) {
    const tenantId = account.tenantCode === DEMO_TENANT.code ? districtTenantId : platform.id
    // A platform tenant made before (`pnpm create-platform-admin`) may hold an operator of that name already.
    const existing = await app.usersRepository.findByUsername(tenantId, account.username, tx)
    if (existing) {
      userIds.set(account.username, existing.id)
      continue
    }
    const id = uuidv7()
    userIds.set(account.username, id)
    await app.usersRepository.insert({ tenantId, id, username: account.username, displayName: account.displayName, role: account.username, passwordHash }, tx)
    if (account.username === 'town_staff') await app.usersRepository.replaceTownScopes(tenantId, id, [DEMO_TOWN_CODE], tx)
    await app.usersRepository.replaceFacilityScopes(tenantId, id, facilityScopes[account.username] ?? [], tx)
    const actor = { tenantId, userId: null, username: 'demo-seed', ip: null }
    await app.auditRepository.record(actor, { action: 'user.create', entityType: 'user', entityId: id, changes: { username: { to: account.username } } }, tx)
  }
  return userIds
}
