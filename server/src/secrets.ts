import { randomBytes } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Secrets } from './config.js'

/**
 * Demo mode only: reads the secrets generated into the data folder on first start, or creates them.
 * Keeping them on disk means tokens and encrypted data survive restarts of the demo.
 */
export async function loadOrCreateDemoSecrets(dataDir: string): Promise<Secrets> {
  const file = path.join(dataDir, 'secrets.json')
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Secrets
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  const secrets: Secrets = {
    jwtSecret: randomBytes(48).toString('base64url'),
    piiKey: randomBytes(32).toString('hex'),
  }
  await mkdir(dataDir, { recursive: true })
  await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600, flag: 'wx' })
  return secrets
}
