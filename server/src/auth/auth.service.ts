import { uuidv7, type Executor } from '@eldercare/db'
import { isStrongPassword, type CurrentUser, type LoginBody, type TokenPair } from '@eldercare/shared'
import fp from 'fastify-plugin'
import type { AuditActor } from '../audit/audit.repository.js'
import { AppError } from '../errors.js'
import type { TenantRow } from '../tenants/tenants.repository.js'
import type { UserWithScopes } from '../users/users.repository.js'
import type { Actor, RouteAccess } from './actor.js'
import { hashPassword, UNUSABLE_PASSWORD_HASH, verifyPassword } from './passwords.js'
import { newRefreshToken, parseRefreshToken } from './refresh-tokens.js'

/**
 * Claims of an access token: tenant, token version and session; the user id travels as `sub`. The
 * session is the refresh-token family the sign-in started: signing out ends it, and with it every
 * access token it issued, at once rather than when they expire.
 */
export interface AccessClaims {
  sub: string
  tid: string
  tv: number
  sid: string
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: { tid: string; tv: number; sid: string }
    user: AccessClaims
  }
}

export function mapCurrentUser(user: UserWithScopes, tenant: TenantRow): CurrentUser {
  return {
    id: user.id,
    tenantId: tenant.id,
    tenantCode: tenant.code,
    tenantName: tenant.name,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    townCodes: user.townCodes,
    facilityIds: user.facilityIds,
    mustChangePassword: user.mustChangePassword,
  }
}

const invalidLogin = () => new AppError('AUTH_INVALID', 'wrong tenant, username or password')
const invalidRefresh = () => new AppError('AUTH_REFRESH_INVALID', 'refresh token is invalid, used or expired: sign in again')

export default fp(
  async (fastify) => {
    const { config } = fastify
    const users = fastify.usersRepository
    const tenants = fastify.tenantsRepository
    const refreshTokens = fastify.refreshTokensRepository
    const audit = fastify.auditRepository

    async function issueTokens(
      user: UserWithScopes,
      tenant: TenantRow,
      familyId: string,
      exec: Executor,
    ): Promise<TokenPair> {
      const refresh = newRefreshToken(tenant.id)
      await refreshTokens.insert(
        {
          tenantId: tenant.id,
          userId: user.id,
          familyId,
          tokenHash: refresh.hash,
          expiresAt: new Date(Date.now() + config.refreshTokenTtlDays * 86_400_000),
        },
        exec,
      )
      const accessToken = fastify.jwt.sign({ tid: tenant.id, tv: user.tokenVersion, sid: familyId }, { sub: user.id })
      return {
        accessToken,
        refreshToken: refresh.token,
        expiresIn: config.accessTokenTtlSeconds,
        user: mapCurrentUser(user, tenant),
      }
    }

    async function login(body: LoginBody, ip: string | null): Promise<TokenPair> {
      const tenantCode = body.tenantCode ?? config.defaultTenantCode
      const tenant = tenantCode ? await tenants.findByCode(tenantCode) : undefined
      const found = tenant ? await users.findByUsername(tenant.id, body.username) : undefined
      if (!tenant || !found) {
        await verifyPassword(body.password, UNUSABLE_PASSWORD_HASH)
        throw invalidLogin()
      }
      const actor: AuditActor = { tenantId: tenant.id, userId: found.id, username: found.username, ip }
      if (found.lockedUntil && found.lockedUntil.getTime() > Date.now()) {
        const minutes = Math.ceil((found.lockedUntil.getTime() - Date.now()) / 60_000)
        throw new AppError('AUTH_LOCKED', `too many failed attempts: locked for ${minutes} more minute(s)`)
      }
      if (!(await verifyPassword(body.password, found.passwordHash))) {
        const { locked } = await fastify.db.transaction(async (tx) => {
          const result = await users.recordFailedLogin(tenant.id, found.id, config.lockout.maxFailures, config.lockout.minutes, tx)
          await audit.record(actor, { action: result.locked ? 'auth.locked' : 'auth.login_failed', entityType: 'user', entityId: found.id }, tx)
          return result
        })
        if (locked) throw new AppError('AUTH_LOCKED', `too many failed attempts: locked for ${config.lockout.minutes} minutes`)
        throw invalidLogin()
      }
      if (found.status !== 'active') throw new AppError('AUTH_USER_DISABLED', 'this account is disabled')
      return fastify.db.transaction(async (tx) => {
        await users.recordSuccessfulLogin(tenant.id, found.id, tx)
        await audit.record(actor, { action: 'auth.login', entityType: 'user', entityId: found.id }, tx)
        const user = (await users.findById(tenant.id, found.id, tx))!
        return issueTokens(user, tenant, uuidv7(), tx)
      })
    }

    async function refresh(token: string, ip: string | null): Promise<TokenPair> {
      const parsed = parseRefreshToken(token)
      if (!parsed) throw invalidRefresh()
      const consumed = await refreshTokens.consume(parsed.tenantId, parsed.hash)
      if (!consumed) {
        const known = await refreshTokens.findByHash(parsed.tenantId, parsed.hash)
        if (known?.usedAt && !known.revokedAt) {
          // A used token came back: someone holds a copy. End the whole session family.
          await fastify.db.transaction(async (tx) => {
            await refreshTokens.revokeFamily(known.tenantId, known.familyId, tx)
            await audit.record(
              { tenantId: known.tenantId, userId: known.userId, username: null, ip },
              { action: 'auth.refresh_reused', entityType: 'user', entityId: known.userId },
              tx,
            )
          })
        }
        throw invalidRefresh()
      }
      const tenant = await tenants.findById(consumed.tenantId)
      const user = await users.findById(consumed.tenantId, consumed.userId)
      if (!tenant || !user) throw invalidRefresh()
      if (user.status !== 'active') throw new AppError('AUTH_USER_DISABLED', 'this account is disabled')
      return fastify.db.transaction((tx) => issueTokens(user, tenant, consumed.familyId, tx))
    }

    /** Ends the session of the refresh token: it and every access token of the session stop working. */
    async function logout(actor: Actor, token: string): Promise<void> {
      const parsed = parseRefreshToken(token)
      if (!parsed || parsed.tenantId !== actor.tenantId) return
      const known = await refreshTokens.findByHash(parsed.tenantId, parsed.hash)
      if (!known || known.userId !== actor.userId) return
      await fastify.db.transaction(async (tx) => {
        await refreshTokens.revokeFamily(known.tenantId, known.familyId, tx)
        await audit.record(actor, { action: 'auth.logout', entityType: 'user', entityId: actor.userId }, tx)
      })
    }

    /** Turns verified token claims into the request's actor, or refuses. Runs on every signed-in request. */
    async function authenticate(claims: AccessClaims, access: RouteAccess, ip: string | null): Promise<Actor> {
      const [user, sessionLive] = await Promise.all([users.session(claims.tid, claims.sub), refreshTokens.sessionLive(claims.tid, claims.sid)])
      if (!user || user.tokenVersion !== claims.tv || !sessionLive) throw new AppError('AUTH_TOKEN_INVALID', 'token is no longer valid: sign in again')
      if (user.status !== 'active') throw new AppError('AUTH_USER_DISABLED', 'this account is disabled')
      if (!access.roles?.includes(user.role)) throw new AppError('FORBIDDEN', 'not allowed for your role')
      if (user.mustChangePassword && !access.allowWhilePasswordChangeRequired) {
        throw new AppError('AUTH_PASSWORD_CHANGE_REQUIRED', 'change your password first')
      }
      return {
        tenantId: user.tenantId,
        userId: user.id,
        username: user.username,
        role: user.role,
        townCodes: user.townCodes,
        facilityIds: user.facilityIds,
        ip,
      }
    }

    async function currentUser(actor: Actor): Promise<CurrentUser> {
      const tenant = await tenants.findById(actor.tenantId)
      const user = await users.findById(actor.tenantId, actor.userId)
      if (!tenant || !user) throw new AppError('AUTH_TOKEN_INVALID', 'token is no longer valid: sign in again')
      return mapCurrentUser(user, tenant)
    }

    /** Changing the password ends every other session; the caller gets a fresh pair of tokens. */
    async function changePassword(actor: Actor, currentPassword: string, newPassword: string): Promise<TokenPair> {
      const user = await users.findById(actor.tenantId, actor.userId)
      const tenant = await tenants.findById(actor.tenantId)
      if (!user || !tenant) throw new AppError('AUTH_TOKEN_INVALID', 'token is no longer valid: sign in again')
      if (!(await verifyPassword(currentPassword, user.passwordHash))) {
        throw new AppError('AUTH_PASSWORD_MISMATCH', 'the current password is wrong')
      }
      if (!isStrongPassword(newPassword) || newPassword === currentPassword) {
        throw new AppError('AUTH_PASSWORD_WEAK', 'use 8 or more characters with letters and digits, different from the old password')
      }
      const passwordHash = await hashPassword(newPassword)
      return fastify.db.transaction(async (tx) => {
        const updated = await users.update(
          actor.tenantId,
          actor.userId,
          { passwordHash, mustChangePassword: false, tokenVersion: user.tokenVersion + 1 },
          tx,
        )
        await refreshTokens.revokeAllOfUser(actor.tenantId, actor.userId, tx)
        await audit.record(
          actor,
          { action: 'user.password_changed', entityType: 'user', entityId: actor.userId, changes: { password: { to: '******' } } },
          tx,
        )
        return issueTokens({ ...updated!, townCodes: user.townCodes, facilityIds: user.facilityIds }, tenant, uuidv7(), tx)
      })
    }

    fastify.decorate('authService', { login, refresh, logout, authenticate, currentUser, changePassword })
  },
  {
    name: 'auth-service',
    dependencies: ['users-repository', 'tenants-repository', 'refresh-tokens-repository', 'audit-repository', 'auth-guard'],
  },
)

declare module 'fastify' {
  interface FastifyInstance {
    authService: {
      login(body: LoginBody, ip: string | null): Promise<TokenPair>
      refresh(token: string, ip: string | null): Promise<TokenPair>
      logout(actor: Actor, token: string): Promise<void>
      authenticate(claims: AccessClaims, access: RouteAccess, ip: string | null): Promise<Actor>
      currentUser(actor: Actor): Promise<CurrentUser>
      changePassword(actor: Actor, currentPassword: string, newPassword: string): Promise<TokenPair>
    }
  }
}
