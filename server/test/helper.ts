import { randomBytes } from 'node:crypto'
import { createDb, uuidv7, type DbHandle } from '@eldercare/db'
import type { LoginBody, Role, TokenPair } from '@eldercare/shared'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import postgres from 'postgres'
import { buildApp } from '../src/app.js'
import { hashPassword } from '../src/auth/passwords.js'
import { loadConfig, type AppConfig, type Secrets } from '../src/config.js'

export const TEST_SECRETS: Secrets = { jwtSecret: 'test-jwt-secret-of-at-least-32-characters!!', piiKey: 'a'.repeat(64) }
export const TEST_PASSWORD = 'Test#2024pass'

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new database on the
 * PostgreSQL server named by TEST_DATABASE_URL (dropped again by `drop`).
 */
export async function createTestDatabase(poolSize = 10): Promise<{ handle: DbHandle; drop(): Promise<void>; url: string | null }> {
  const serverUrl = process.env.TEST_DATABASE_URL
  if (!serverUrl) {
    const handle = await createDb('memory://')
    await handle.migrate()
    return { handle, drop: () => handle.close(), url: null }
  }
  const name = `t_${Date.now()}_${randomBytes(4).toString('hex')}`
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database ${name}`)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  const handle = await createDb(url.toString(), { poolSize })
  await handle.migrate()
  return {
    handle,
    url: url.toString(),
    async drop() {
      await handle.close()
      await admin.unsafe(`drop database if exists ${name} with (force)`)
      await admin.end()
    },
  }
}

export interface TestApp {
  app: FastifyInstance
  database: DbHandle
  /** The PostgreSQL database of this app, or null on PGlite. */
  databaseUrl: string | null
  config: AppConfig
  close(): Promise<void>
}

/** A fresh app on a fresh database; `env` overrides configuration as environment variables would. */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const config = loadConfig({ APP_MODE: 'test', LOGIN_RATE_LIMIT_PER_MINUTE: '100000', ...env })
  const { handle, drop, url } = await createTestDatabase(config.databasePoolSize)
  const app = await buildApp({ config, secrets: TEST_SECRETS, database: handle })
  return {
    app,
    database: handle,
    databaseUrl: url,
    config,
    async close() {
      await app.close()
      await drop()
    },
  }
}

/** A small district for tests: two towns, three communities. */
export function sampleRegionCsv(code: string, townName = '测试街道'): string {
  return [
    'code,name,level,parent_code,kind,island',
    `${code},测试区,district,330900,district,`,
    `${code}001,${townName},town,${code},subdistrict,`,
    `${code}001001,一号社区居委会,community,${code}001,community,`,
    `${code}001200,二号村委会,community,${code}001,village,`,
    `${code}100,海岛镇,town,${code},town,测试岛`,
    `${code}100200,海岛村委会,community,${code}100,village,测试岛`,
  ].join('\n')
}

export interface SeededTenant {
  tenantId: string
  code: string
  /** User id per role; every account's password is TEST_PASSWORD and its username the role name. */
  users: Record<Role, string>
  townCode: string
}

const ALL_ROLES: Role[] = ['platform_admin', 'bureau_admin', 'bureau_staff', 'town_staff', 'canteen_operator', 'institution_reporter']

/** A tenant with regions and one account per role, written straight to the database. */
export async function seedTenant(app: FastifyInstance, code: string): Promise<SeededTenant> {
  const tenantId = uuidv7()
  const passwordHash = await hashPassword(TEST_PASSWORD)
  const users = {} as Record<Role, string>
  await app.db.transaction(async (tx) => {
    await app.tenantsRepository.insert({ id: tenantId, code, name: `测试区${code}` }, tx)
    await app.targetsRepository.seedWorkPlan(tenantId, tx)
    await app.regionsService.importCsv({ tenantId, userId: null, username: 'test-seed', ip: null }, sampleRegionCsv(code), tx)
    for (const role of ALL_ROLES) {
      const id = uuidv7()
      users[role] = id
      await app.usersRepository.insert({ tenantId, id, username: role, displayName: role, role, passwordHash }, tx)
      if (role === 'town_staff') await app.usersRepository.replaceTownScopes(tenantId, id, [`${code}001`], tx)
    }
  })
  return { tenantId, code, users, townCode: `${code}001` }
}

export async function login(app: FastifyInstance, body: LoginBody): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: body })
}

/** Signs in and returns the token pair; fails the test when sign-in does not succeed. */
export async function signIn(app: FastifyInstance, tenantCode: string, username: string, password = TEST_PASSWORD): Promise<TokenPair> {
  const response = await login(app, { tenantCode, username, password })
  if (response.statusCode !== 200) throw new Error(`sign-in of ${username}@${tenantCode} failed: ${response.body}`)
  return response.json<TokenPair>()
}

/** `app.inject` with a bearer token. */
export function as(app: FastifyInstance, token: string) {
  return (options: InjectOptions) =>
    app.inject({ ...options, headers: { ...(options.headers ?? {}), authorization: `Bearer ${token}` } })
}
