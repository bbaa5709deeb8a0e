import { existsSync, readFileSync } from 'node:fs'
import { networkInterfaces } from 'node:os'
import { fileURLToPath } from 'node:url'
import { createDb } from '@eldercare/db'
import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.js'
import { ConfigError, loadConfig, type TlsFiles } from './config.js'
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo/demo-accounts.js'
import { seedDemo } from './demo/seed-demo.js'
import { reachableUrls } from './http/reachable-urls.js'
import { loadOrCreateDemoSecrets } from './secrets.js'

const WEB_ROOT = fileURLToPath(new URL('../../web/dist', import.meta.url))

function readTls(files: TlsFiles): { cert: Buffer; key: Buffer } {
  const read = (file: string, name: string) => {
    try {
      return readFileSync(file)
    } catch (error) {
      throw new ConfigError(`${name} ${file} cannot be read: ${(error as Error).message}`)
    }
  }
  return { cert: read(files.certPath, 'TLS_CERT'), key: read(files.keyPath, 'TLS_KEY') }
}

async function main() {
  const config = loadConfig(process.env)
  const tls = config.tls ? readTls(config.tls) : null
  const secrets = config.secrets ?? (await loadOrCreateDemoSecrets(config.dataDir))
  const database = await createDb(config.databaseUrl, { poolSize: config.databasePoolSize })
  await database.migrate()
  const app = await buildApp({ config, secrets, database, tls, webRoot: existsSync(WEB_ROOT) ? WEB_ROOT : null })

  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an error')
    else app.log.info({ signal }, 'shutting down')
    await app.close()
    await database.close()
  })

  if (config.mode === 'demo' && (await seedDemo(app))) app.log.info('demo tenant seeded')
  await app.listen({ host: config.host, port: config.port })

  const port = app.server.address()
  const listeningPort = typeof port === 'object' && port !== null ? port.port : config.port
  const urls = reachableUrls(config.host, listeningPort, tls ? 'https' : 'http', networkInterfaces())
  const lines = ['养老助餐与设施管理 is running at', ...urls.map((url) => `  ${url}`), `  database: ${database.driver}`]
  if (config.mode === 'demo') {
    lines.push(`  demo accounts (password ${DEMO_PASSWORD}):`)
    for (const code of new Set(DEMO_ACCOUNTS.map((account) => account.tenantCode))) {
      const usernames = DEMO_ACCOUNTS.filter((account) => account.tenantCode === code).map((account) => account.username)
      lines.push(`    tenant code ${code}: ${usernames.join(', ')}`)
    }
  }
  if (!tls && !config.trustProxy && urls.some((url) => !url.includes('//localhost:'))) {
    lines.push('  (over plain http from another machine the counter cannot work offline: see "Production" in README.md)')
  }
  if (!existsSync(WEB_ROOT)) lines.push('  (web app not built: run `pnpm build`, or use `pnpm dev`)')
  console.log(lines.join('\n'))
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? `configuration error: ${error.message}` : error)
  process.exit(1)
})
