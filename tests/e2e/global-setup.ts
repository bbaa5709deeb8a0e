import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import postgres from 'postgres'
import type { TestProject } from 'vitest/node'
import { freePort } from '../support/free-port.js'
import { ARTIFACTS_DIR } from './support/artifacts.js'
import { ensureChromium } from './support/chromium.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the product under test answers, e.g. `http://127.0.0.1:41234`. */
    baseUrl: string
  }
}

const REPO = fileURLToPath(new URL('../..', import.meta.url))
const SERVER_DIR = path.join(REPO, 'server')
const WEB_DIST = path.join(REPO, 'web', 'dist', 'index.html')
const SERVER_LOG = path.join(ARTIFACTS_DIR, 'server.log')
/** Seeding the demo district takes about a minute on PGlite; a slow CI machine gets room. */
const START_TIMEOUT_MS = 300_000

/** A database of its own on the PostgreSQL server named by TEST_DATABASE_URL, dropped after the run. */
async function createPostgresDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `e2e_${Date.now()}_${randomBytes(4).toString('hex')}`
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database ${name}`)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`)
      await admin.end()
    },
  }
}

function logTail(): string {
  try {
    return readFileSync(SERVER_LOG, 'utf8').split('\n').slice(-40).join('\n')
  } catch {
    return '(no server log)'
  }
}

async function waitForHealth(baseUrl: string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited with code ${server.exitCode} before it was ready:\n${logTail()}`)
    try {
      const response = await fetch(`${baseUrl}/api/health`)
      if (response.ok) return
    } catch {
      // Not listening yet: the demo seed runs before the server listens.
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`the server did not answer ${baseUrl}/api/health within ${START_TIMEOUT_MS / 1000} s:\n${logTail()}`)
}

function stop(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const killer = setTimeout(() => server.kill('SIGKILL'), 15_000)
    server.once('exit', () => {
      clearTimeout(killer)
      resolve()
    })
    server.kill('SIGTERM')
  })
}

/**
 * Starts the built product once for all journeys: the real server (`server/src/server.ts`) in demo
 * mode on a fresh database, a temporary PGlite folder or, with TEST_DATABASE_URL, a new PostgreSQL
 * database. Each journey makes the data it needs, so they share the server but not their objects.
 */
export default async function setup(project: TestProject) {
  ensureChromium()
  mkdirSync(ARTIFACTS_DIR, { recursive: true })
  // While writing a journey: run it against a product already started in demo mode (`pnpm start`).
  if (process.env.E2E_BASE_URL) {
    project.provide('baseUrl', process.env.E2E_BASE_URL.replace(/\/$/, ''))
    return
  }
  if (!existsSync(WEB_DIST)) throw new Error('web/dist is missing: run `pnpm build` first (`pnpm test:e2e` does)')

  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'eldercare-e2e-'))
  const serverUrl = process.env.TEST_DATABASE_URL
  const database = serverUrl ? await createPostgresDatabase(serverUrl) : null
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    APP_MODE: 'demo',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    LOG_PRETTY: 'false',
    // Every journey signs in through the API and the browser, often within the same minute.
    LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
  }
  delete env.DATABASE_URL
  delete env.JWT_SECRET
  delete env.PII_KEY
  if (database) env.DATABASE_URL = database.url

  const log = createWriteStream(SERVER_LOG)
  const server = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: SERVER_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] })
  server.stdout?.pipe(log)
  server.stderr?.pipe(log)
  // An interrupted run (Ctrl-C) must not leave the server behind.
  const killOnExit = () => server.kill('SIGKILL')
  process.once('exit', killOnExit)

  const teardown = async () => {
    process.off('exit', killOnExit)
    await stop(server)
    log.end()
    await rm(dataDir, { recursive: true, force: true })
    await database?.drop()
  }

  try {
    const started = Date.now()
    await waitForHealth(baseUrl, server)
    console.log(`e2e: product ready at ${baseUrl} on ${database ? 'PostgreSQL' : 'PGlite'} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  } catch (error) {
    await teardown()
    throw error
  }

  project.provide('baseUrl', baseUrl)
  return teardown
}
