import { randomInt } from 'node:crypto'
import { Redis } from 'ioredis'
import type { TokenPair } from '@eldercare/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { as, createTestApp, login, seedTenant, signIn, TEST_PASSWORD, TEST_SECRETS, type SeededTenant, type TestApp } from './helper.js'
import { decodePayload, forgeJwt } from './jwt-forgery.js'

let t: TestApp
let tenant: SeededTenant

beforeAll(async () => {
  t = await createTestApp()
  tenant = await seedTenant(t.app, '330902')
})
afterAll(() => t.close())

const me = (token: string) => as(t.app, token)({ method: 'GET', url: '/api/v1/auth/me' })

describe('sign-in', () => {
  it('returns an access token of at most 15 minutes, a refresh token and the user with role and scope', async () => {
    const response = await login(t.app, { tenantCode: '330902', username: 'town_staff', password: TEST_PASSWORD })
    expect(response.statusCode).toBe(200)
    const body = response.json<TokenPair>()
    expect(body.user).toMatchObject({ username: 'town_staff', role: 'town_staff', tenantCode: '330902', townCodes: ['330902001'] })
    const claims = decodePayload(body.accessToken)
    expect(Number(claims.exp) - Number(claims.iat)).toBeLessThanOrEqual(900)
    expect(JSON.parse(Buffer.from(body.accessToken.split('.')[0]!, 'base64url').toString()).alg).toBe('HS256')
    expect((await me(body.accessToken)).json()).toMatchObject({ username: 'town_staff' })
  })

  it('uses the configured default tenant when no tenant code is given', async () => {
    const response = await login(t.app, { username: 'bureau_staff', password: TEST_PASSWORD })
    expect(response.statusCode).toBe(401) // test mode has no default tenant
    const withDefault = await createTestApp({ DEFAULT_TENANT_CODE: '330902' })
    try {
      await seedTenant(withDefault.app, '330902')
      expect((await login(withDefault.app, { username: 'bureau_staff', password: TEST_PASSWORD })).statusCode).toBe(200)
    } finally {
      await withDefault.close()
    }
  })

  it('answers a wrong password, an unknown user and an unknown tenant alike', async () => {
    for (const body of [
      { tenantCode: '330902', username: 'bureau_staff', password: 'wrong-password1' },
      { tenantCode: '330902', username: 'nobody', password: TEST_PASSWORD },
      { tenantCode: '110101', username: 'bureau_staff', password: TEST_PASSWORD },
    ]) {
      const response = await login(t.app, body)
      expect(response.statusCode).toBe(401)
      expect(response.json()).toEqual({ statusCode: 401, code: 'AUTH_INVALID', message: 'wrong tenant, username or password' })
    }
  })

  it('refuses a body that does not match the schema', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { tenantCode: 'abc', username: '' } })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED' })
  })

  it('locks the account for 15 minutes after 5 failed attempts, even for the right password', async () => {
    const codes: number[] = []
    for (let i = 0; i < 5; i++) {
      codes.push((await login(t.app, { tenantCode: '330902', username: 'canteen_operator', password: `wrong-${i}-pass` })).statusCode)
    }
    expect(codes).toEqual([401, 401, 401, 401, 423])
    const locked = await login(t.app, { tenantCode: '330902', username: 'canteen_operator', password: TEST_PASSWORD })
    expect(locked.statusCode).toBe(423)
    expect(locked.json()).toMatchObject({ code: 'AUTH_LOCKED' })
    const [user] = await t.app.db.query.users.findMany({ where: (u, { eq }) => eq(u.id, tenant.users.canteen_operator) })
    const minutes = (user!.lockedUntil!.getTime() - Date.now()) / 60_000
    expect(minutes).toBeGreaterThan(14)
    expect(minutes).toBeLessThanOrEqual(15)
  })

  it('writes audit events for sign-ins and failures', async () => {
    const admin = await signIn(t.app, '330902', 'bureau_admin')
    const response = await as(t.app, admin.accessToken)({ method: 'GET', url: '/api/v1/audit-events?entityId=' + tenant.users.canteen_operator })
    const actions = response.json<{ items: { action: string }[] }>().items.map((event) => event.action)
    expect(actions).toContain('auth.locked')
    expect(actions.filter((action) => action === 'auth.login_failed')).toHaveLength(4)
  })
})

describe('refresh tokens', () => {
  it('rotate: the new pair works, the old refresh token is refused', async () => {
    const first = await signIn(t.app, '330902', 'bureau_staff')
    const refreshed = await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: first.refreshToken } })
    expect(refreshed.statusCode).toBe(200)
    const second = refreshed.json<TokenPair>()
    expect(second.refreshToken).not.toBe(first.refreshToken)
    expect((await me(second.accessToken)).statusCode).toBe(200)

    const reused = await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: first.refreshToken } })
    expect(reused.statusCode).toBe(401)
    expect(reused.json()).toMatchObject({ code: 'AUTH_REFRESH_INVALID' })
  })

  it('end the whole session when a used token comes back', async () => {
    const first = await signIn(t.app, '330902', 'bureau_staff')
    const second = (await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: first.refreshToken } })).json<TokenPair>()
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: first.refreshToken } })
    const afterTheft = await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: second.refreshToken } })
    expect(afterTheft.statusCode).toBe(401)
  })

  it('refuse garbage and unknown tokens', async () => {
    for (const refreshToken of ['x'.repeat(40), `${tenant.tenantId}.${'A'.repeat(43)}`]) {
      const response = await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken } })
      expect(response.statusCode).toBe(401)
      expect(response.json()).toMatchObject({ code: 'AUTH_REFRESH_INVALID' })
    }
  })
})

describe('logout', () => {
  it('revokes the refresh token', async () => {
    const pair = await signIn(t.app, '330902', 'bureau_staff')
    const response = await as(t.app, pair.accessToken)({ method: 'POST', url: '/api/v1/auth/logout', payload: { refreshToken: pair.refreshToken } })
    expect(response.statusCode).toBe(200)
    const refreshed = await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: pair.refreshToken } })
    expect(refreshed.statusCode).toBe(401)
  })

  it('ends that session’s access tokens at once, and only that session’s', async () => {
    const first = await signIn(t.app, '330902', 'bureau_staff')
    const rotated = (await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: first.refreshToken } })).json<TokenPair>()
    const elsewhere = await signIn(t.app, '330902', 'bureau_staff')
    const me = (token: string) => as(t.app, token)({ method: 'GET', url: '/api/v1/auth/me' })
    expect((await me(first.accessToken)).statusCode).toBe(200)
    expect(decodePayload(first.accessToken).sid).toBe(decodePayload(rotated.accessToken).sid)
    expect(decodePayload(elsewhere.accessToken).sid).not.toBe(decodePayload(first.accessToken).sid)

    const out = await as(t.app, rotated.accessToken)({ method: 'POST', url: '/api/v1/auth/logout', payload: { refreshToken: rotated.refreshToken } })
    expect(out.statusCode).toBe(200)
    // Both access tokens of the session, the first and the rotated one, stop working before they expire.
    for (const token of [first.accessToken, rotated.accessToken]) {
      expect((await me(token)).json()).toMatchObject({ statusCode: 401, code: 'AUTH_TOKEN_INVALID' })
    }
    // The same user signed in elsewhere stays signed in.
    expect((await me(elsewhere.accessToken)).statusCode).toBe(200)
  })

  it('refuses an access token that names no session, or one that does not exist', async () => {
    const pair = await signIn(t.app, '330902', 'bureau_staff')
    const { sid: _sid, ...claims } = decodePayload(pair.accessToken)
    for (const payload of [claims, { ...claims, sid: 'not-a-session' }, { ...claims, sid: '01900000-0000-7000-8000-000000000000' }]) {
      const token = forgeJwt({ alg: 'HS256', typ: 'JWT' }, payload, TEST_SECRETS.jwtSecret)
      expect((await as(t.app, token)({ method: 'GET', url: '/api/v1/auth/me' })).json()).toMatchObject({ statusCode: 401, code: 'AUTH_TOKEN_INVALID' })
    }
  })
})

describe('access tokens', () => {
  let pair: TokenPair
  beforeAll(async () => {
    pair = await signIn(t.app, '330902', 'bureau_staff')
  })

  it('are required', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me' })
    expect(response.statusCode).toBe(401)
    expect(response.json()).toEqual({ statusCode: 401, code: 'AUTH_REQUIRED', message: 'sign in first' })
  })

  it('expire', async () => {
    const claims = decodePayload(pair.accessToken)
    const now = Math.floor(Date.now() / 1000)
    const expired = forgeJwt({ alg: 'HS256', typ: 'JWT' }, { ...claims, iat: now - 1000, exp: now - 100 }, TEST_SECRETS.jwtSecret)
    const response = await me(expired)
    expect(response.statusCode).toBe(401)
    expect(response.json()).toMatchObject({ code: 'AUTH_TOKEN_EXPIRED' })
  })

  it('signed with another key, unsigned (alg none) or altered are refused', async () => {
    const claims = decodePayload(pair.accessToken)
    const forged = [
      forgeJwt({ alg: 'HS256', typ: 'JWT' }, claims, 'another-secret-of-at-least-32-characters'),
      forgeJwt({ alg: 'none', typ: 'JWT' }, claims, null),
      forgeJwt({ alg: 'HS512', typ: 'JWT' }, claims, TEST_SECRETS.jwtSecret),
      `${pair.accessToken.split('.')[0]}.${Buffer.from(JSON.stringify({ ...claims, sub: tenant.users.bureau_admin })).toString('base64url')}.${pair.accessToken.split('.')[2]}`,
    ]
    for (const token of forged) {
      const response = await me(token)
      expect(response.statusCode).toBe(401)
      expect(response.json()).toMatchObject({ code: 'AUTH_TOKEN_INVALID' })
    }
  })
})

describe('a disabled user', () => {
  it('is refused at once, on the next request, and cannot refresh or sign in', async () => {
    const admin = await signIn(t.app, '330902', 'bureau_admin')
    const victim = await signIn(t.app, '330902', 'institution_reporter')
    expect((await me(victim.accessToken)).statusCode).toBe(200)

    const disabled = await as(t.app, admin.accessToken)({ method: 'POST', url: `/api/v1/users/${tenant.users.institution_reporter}/disable` })
    expect(disabled.statusCode).toBe(200)

    expect((await me(victim.accessToken)).statusCode).toBe(401)
    const refreshed = await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: victim.refreshToken } })
    expect(refreshed.statusCode).toBe(401)
    const again = await login(t.app, { tenantCode: '330902', username: 'institution_reporter', password: TEST_PASSWORD })
    expect(again.statusCode).toBe(401)
    expect(again.json()).toMatchObject({ code: 'AUTH_USER_DISABLED' })

    await as(t.app, admin.accessToken)({ method: 'POST', url: `/api/v1/users/${tenant.users.institution_reporter}/enable` })
    expect((await login(t.app, { tenantCode: '330902', username: 'institution_reporter', password: TEST_PASSWORD })).statusCode).toBe(200)
  })
})

describe('first sign-in', () => {
  it('must change the password before anything else', async () => {
    const admin = await signIn(t.app, '330902', 'bureau_admin')
    const created = await as(t.app, admin.accessToken)({
      method: 'POST',
      url: '/api/v1/users',
      payload: { username: 'new.staff', displayName: '新同事', role: 'bureau_staff', password: 'Initial#123' },
    })
    expect(created.statusCode).toBe(201)
    const first = await signIn(t.app, '330902', 'new.staff', 'Initial#123')
    expect(first.user.mustChangePassword).toBe(true)
    const blocked = await as(t.app, first.accessToken)({ method: 'GET', url: '/api/v1/regions' })
    expect(blocked.statusCode).toBe(403)
    expect(blocked.json()).toMatchObject({ code: 'AUTH_PASSWORD_CHANGE_REQUIRED' })

    const weak = await as(t.app, first.accessToken)({
      method: 'POST',
      url: '/api/v1/auth/change-password',
      payload: { currentPassword: 'Initial#123', newPassword: 'onlyletters' },
    })
    expect(weak.json()).toMatchObject({ statusCode: 400, code: 'AUTH_PASSWORD_WEAK' })
    const wrong = await as(t.app, first.accessToken)({
      method: 'POST',
      url: '/api/v1/auth/change-password',
      payload: { currentPassword: 'not-it-123', newPassword: 'Chosen#2024' },
    })
    expect(wrong.json()).toMatchObject({ statusCode: 400, code: 'AUTH_PASSWORD_MISMATCH' })

    const changed = await as(t.app, first.accessToken)({
      method: 'POST',
      url: '/api/v1/auth/change-password',
      payload: { currentPassword: 'Initial#123', newPassword: 'Chosen#2024' },
    })
    expect(changed.statusCode).toBe(200)
    const next = changed.json<TokenPair>()
    expect(next.user.mustChangePassword).toBe(false)
    expect((await as(t.app, next.accessToken)({ method: 'GET', url: '/api/v1/regions' })).statusCode).toBe(200)
    // The tokens from before the change are dead.
    expect((await me(first.accessToken)).statusCode).toBe(401)
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: first.refreshToken } })).statusCode).toBe(401)
  })
})

describe('rate limit on sign-in', () => {
  it('answers 429 with a clear code past the limit', async () => {
    const limited = await createTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' })
    try {
      const codes: number[] = []
      for (let i = 0; i < 4; i++) codes.push((await login(limited.app, { tenantCode: '330902', username: 'x', password: 'y' })).statusCode)
      expect(codes).toEqual([401, 401, 401, 429])
      const response = await login(limited.app, { tenantCode: '330902', username: 'x', password: 'y' })
      expect(response.json()).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' })
    } finally {
      await limited.close()
    }
  })
})

const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
const redisReachable = await (async () => {
  const probe = new Redis(redisUrl, { lazyConnect: true, connectTimeout: 500, maxRetriesPerRequest: 0, retryStrategy: () => null })
  try {
    await probe.connect()
    await probe.quit()
    return true
  } catch {
    probe.disconnect()
    return false
  }
})()
if (!redisReachable) console.warn(`rate limits across instances: no Redis at ${redisUrl}, not tested here (CI has one)`)

describe.runIf(redisReachable)('rate limit on sign-in across API instances sharing Redis', () => {
  it('counts the attempts of all instances together', async () => {
    const instances = [await createTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '3', REDIS_URL: redisUrl }), await createTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '3', REDIS_URL: redisUrl })]
    try {
      // A client address of its own per run: the window in Redis outlives the test.
      const remoteAddress = `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`
      const codes: number[] = []
      for (let i = 0; i < 5; i++) {
        const response = await instances[i % 2]!.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, payload: { tenantCode: '330902', username: 'x', password: 'y' } })
        codes.push(response.statusCode)
      }
      expect(codes).toEqual([401, 401, 401, 429, 429])
    } finally {
      await Promise.all(instances.map((instance) => instance.close()))
    }
    // Two apps on two fresh databases: slow on a busy machine.
  }, 120_000)
})

describe('security headers', () => {
  it('are set by helmet', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/health' })
    expect(response.headers['x-content-type-options']).toBe('nosniff')
    expect(response.headers['content-security-policy']).toContain("default-src 'self'")
  })
})
