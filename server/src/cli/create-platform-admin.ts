/**
 * `pnpm create-platform-admin <username>` with the password in PLATFORM_ADMIN_PASSWORD:
 * creates the first platform operator of an installation (tenant code 000000).
 */
import { createDb } from '@eldercare/db'
import { loadConfig } from '../config.js'
import { bootstrapPlatformAdmin, PLATFORM_TENANT } from '../platform/bootstrap-platform-admin.js'

const username = process.argv[2]
const password = process.env.PLATFORM_ADMIN_PASSWORD
if (!username || !password) {
  console.error('usage: PLATFORM_ADMIN_PASSWORD=… pnpm create-platform-admin <username>')
  process.exit(2)
}
const config = loadConfig(process.env)
const database = await createDb(config.databaseUrl)
try {
  await database.migrate()
  const result = await bootstrapPlatformAdmin(database.db, username, password)
  console.log(
    result === 'created'
      ? `platform admin ${username} created: sign in with tenant code ${PLATFORM_TENANT.code} and change the password`
      : `platform admin ${username} already exists`,
  )
} finally {
  await database.close()
}
