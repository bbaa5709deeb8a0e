import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { TEST_SECRETS } from '../../server/test/helper.js'

const SERVER_DIR = fileURLToPath(new URL('../../server', import.meta.url))
const START_TIMEOUT_MS = 120_000

export interface ProductProcess {
  /** What `pnpm start` printed up to and including the addresses it can be reached at. */
  banner: string
  /** The addresses printed, e.g. `https://localhost:41234`. */
  urls: string[]
  stop(): Promise<void>
}

/**
 * The real server (`server/src/server.ts`) as production runs it, on a fresh embedded database of its
 * own (migrated, nothing seeded), started with `env` on top, after `prepare` ran with the same
 * environment. Ready once it has printed its addresses, which it does after it listens.
 */
export async function startProduct(env: Record<string, string>, prepare?: (env: NodeJS.ProcessEnv) => void): Promise<ProductProcess> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'eldercare-product-'))
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    APP_MODE: 'production',
    DATA_DIR: dataDir,
    JWT_SECRET: TEST_SECRETS.jwtSecret,
    PII_KEY: TEST_SECRETS.piiKey,
    LOG_LEVEL: 'warn',
    ...env,
  }
  delete childEnv.DATABASE_URL
  // e.g. `pnpm create-platform-admin` on the database before the server opens it.
  prepare?.(childEnv)
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: SERVER_DIR, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const killOnExit = () => child.kill('SIGKILL')
  process.once('exit', killOnExit)

  const stop = async () => {
    process.off('exit', killOnExit)
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    }
    await rm(dataDir, { recursive: true, force: true })
  }

  const deadline = Date.now() + START_TIMEOUT_MS
  while (!/ {2}database: /.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop()
      throw new Error(`the product did not start (exit code ${child.exitCode}):\n${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  const banner = output
  const urls = [...banner.matchAll(/^ {2}(https?:\/\/\S+)$/gm)].map((match) => match[1]!)
  return { banner, urls, stop }
}
