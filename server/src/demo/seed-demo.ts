import { readFile } from 'node:fs/promises'
import { uuidv7, type Database } from '@eldercare/db'
import type { FastifyInstance } from 'fastify'
import { hashPassword } from '../auth/passwords.js'
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TENANT, DEMO_TOWN_CODE } from './demo-accounts.js'

/**
 * Seeds the demo tenant 定海区 once: its real towns and communities and one account per role.
 * It runs through the app's own services and repositories, so demo data obeys the same rules as real
 * data. Only ever called in demo mode; production never has these accounts.
 * Returns false when the tenant was already there.
 */
export async function seedDemo(app: FastifyInstance): Promise<boolean> {
  if (await app.tenantsRepository.findByCode(DEMO_TENANT.code)) return false
  const csv = await readFile(new URL('./dinghai-regions.csv', import.meta.url), 'utf8')
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  const db: Database = app.db
  await db.transaction(async (tx) => {
    const tenant = await app.tenantsRepository.insert({ id: uuidv7(), ...DEMO_TENANT }, tx)
    const actor = { tenantId: tenant.id, userId: null, username: 'demo-seed', ip: null }
    await app.regionsService.importCsv(actor, csv, tx)
    for (const account of DEMO_ACCOUNTS) {
      const id = uuidv7()
      await app.usersRepository.insert(
        { tenantId: tenant.id, id, username: account.username, displayName: account.displayName, role: account.username, passwordHash },
        tx,
      )
      if (account.username === 'town_staff') await app.usersRepository.replaceTownScopes(tenant.id, id, [DEMO_TOWN_CODE], tx)
      await app.auditRepository.record(actor, { action: 'user.create', entityType: 'user', entityId: id, changes: { username: { to: account.username } } }, tx)
    }
  })
  return true
}
