import { uuidv7, type Executor } from '@eldercare/db'
import { isStrongPassword, type Role, type User, type UserCreate, type UserListQuery, type UserUpdate } from '@eldercare/shared'
import fp from 'fastify-plugin'
import { changedFields } from '../audit/audit-changes.js'
import type { Actor } from '../auth/actor.js'
import { hashPassword } from '../auth/passwords.js'
import { AppError, notFound } from '../errors.js'
import { isUniqueViolation } from '../http/postgres-errors.js'
import { auditedUserFields, mapUser } from './users.mapper.js'
import type { UserWithScopes } from './users.repository.js'

const weakPassword = () => new AppError('AUTH_PASSWORD_WEAK', 'use 8 or more characters with letters and digits')

export default fp(
  async (fastify) => {
    const users = fastify.usersRepository
    const regions = fastify.regionsRepository
    const facilities = fastify.facilitiesRepository
    const refreshTokens = fastify.refreshTokensRepository
    const audit = fastify.auditRepository
    const { pii } = fastify

    const phoneOf = (row: UserWithScopes) => (row.phoneEncrypted ? pii.decrypt(row.phoneEncrypted) : null)

    /** Scopes must match the role: towns for town staff, facilities for operators and reporters, none otherwise. */
    async function checkScope(tenantId: string, role: Role, townCodes: string[], facilityIds: string[], exec: Executor) {
      const facilityRole = role === 'canteen_operator' || role === 'institution_reporter'
      if (role === 'town_staff') {
        if (townCodes.length === 0) throw new AppError('USER_SCOPE_INVALID', 'town staff need at least one town')
        const known = new Set((await regions.findTowns(tenantId, townCodes, exec)).map((town) => town.code))
        const unknown = townCodes.filter((code) => !known.has(code))
        if (unknown.length > 0) {
          throw new AppError('USER_SCOPE_INVALID', 'unknown towns', unknown.map((code) => ({ path: '/body/townCodes', message: `town ${code} does not exist` })))
        }
      } else if (townCodes.length > 0) {
        throw new AppError('USER_SCOPE_INVALID', `role ${role} has no town scope`)
      }
      if (!facilityRole) {
        if (facilityIds.length > 0) throw new AppError('USER_SCOPE_INVALID', `role ${role} has no facility scope`)
        return
      }
      if (facilityIds.length === 0) throw new AppError('USER_SCOPE_INVALID', `role ${role} needs at least one facility`)
      const found = await facilities.findByIds(tenantId, facilityIds, exec)
      const fitting = new Set(found.filter((row) => role === 'canteen_operator' || row.type === 'institution').map((row) => row.id))
      const wrong = facilityIds.filter((id) => !fitting.has(id))
      if (wrong.length > 0) {
        throw new AppError(
          'USER_SCOPE_INVALID',
          role === 'institution_reporter' ? 'reporters are scoped to institutions of this district' : 'unknown facilities',
          wrong.map((id) => ({ path: '/body/facilityIds', message: `facility ${id} does not fit` })),
        )
      }
    }

    async function load(tenantId: string, id: string, exec: Executor = fastify.db): Promise<UserWithScopes> {
      const row = await users.findById(tenantId, id, exec)
      if (!row) throw notFound('user')
      return row
    }

    /** Platform operators are managed by the platform, not by a bureau. */
    function assertManageable(row: UserWithScopes) {
      if (row.role === 'platform_admin') throw new AppError('FORBIDDEN', 'platform accounts are managed by the platform')
    }

    async function list(actor: Actor, query: UserListQuery) {
      const { page = 1, pageSize = 20 } = query
      const { rows, total } = await users.list(actor.tenantId, { q: query.q, role: query.role, status: query.status }, page, pageSize)
      return { items: rows.map((row) => mapUser(row, pii)), total }
    }

    async function get(actor: Actor, id: string): Promise<User> {
      return mapUser(await load(actor.tenantId, id), pii)
    }

    async function create(actor: Actor, input: UserCreate): Promise<User> {
      if (!isStrongPassword(input.password)) throw weakPassword()
      const townCodes = input.townCodes ?? []
      const facilityIds = input.facilityIds ?? []
      await checkScope(actor.tenantId, input.role, townCodes, facilityIds, fastify.db)
      const passwordHash = await hashPassword(input.password)
      try {
        return await fastify.db.transaction(async (tx) => {
          const id = uuidv7()
          await users.insert(
            {
              tenantId: actor.tenantId,
              id,
              username: input.username,
              displayName: input.displayName,
              role: input.role,
              passwordHash,
              phoneEncrypted: input.phone ? pii.encrypt(input.phone) : null,
              mustChangePassword: true,
            },
            tx,
          )
          await users.replaceTownScopes(actor.tenantId, id, townCodes, tx)
          await users.replaceFacilityScopes(actor.tenantId, id, facilityIds, tx)
          const created = await load(actor.tenantId, id, tx)
          await audit.record(
            actor,
            { action: 'user.create', entityType: 'user', entityId: id, changes: changedFields(null, auditedUserFields(created, input.phone ?? null)) },
            tx,
          )
          return mapUser(created, pii)
        })
      } catch (error) {
        if (isUniqueViolation(error)) throw new AppError('USERNAME_TAKEN', 'this username is taken')
        throw error
      }
    }

    async function update(actor: Actor, id: string, input: UserUpdate): Promise<User> {
      return fastify.db.transaction(async (tx) => {
        const before = await load(actor.tenantId, id, tx)
        assertManageable(before)
        const role = input.role ?? before.role
        const townCodes = input.townCodes ?? (role === before.role ? before.townCodes : [])
        const facilityIds = input.facilityIds ?? (role === before.role ? before.facilityIds : [])
        await checkScope(actor.tenantId, role, townCodes, facilityIds, tx)
        if (id === actor.userId && role !== before.role) throw new AppError('FORBIDDEN', 'you cannot change your own role')
        await users.update(
          actor.tenantId,
          id,
          {
            ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
            ...(input.role !== undefined ? { role: input.role } : {}),
            ...(input.phone !== undefined ? { phoneEncrypted: input.phone === null ? null : pii.encrypt(input.phone) } : {}),
          },
          tx,
        )
        await users.replaceTownScopes(actor.tenantId, id, townCodes, tx)
        await users.replaceFacilityScopes(actor.tenantId, id, facilityIds, tx)
        const after = await load(actor.tenantId, id, tx)
        const changes = changedFields(
          auditedUserFields(before, phoneOf(before)),
          auditedUserFields(after, input.phone !== undefined ? input.phone : phoneOf(before)),
        )
        await audit.record(actor, { action: 'user.update', entityType: 'user', entityId: id, changes }, tx)
        return mapUser(after, pii)
      })
    }

    /** Disabling ends every session at once: the token version moves on and refresh tokens are revoked. */
    async function setStatus(actor: Actor, id: string, status: 'active' | 'disabled'): Promise<User> {
      if (id === actor.userId && status === 'disabled') throw new AppError('USER_SELF_DISABLE', 'you cannot disable yourself')
      return fastify.db.transaction(async (tx) => {
        const before = await load(actor.tenantId, id, tx)
        assertManageable(before)
        if (before.status === status) return mapUser(before, pii)
        await users.update(
          actor.tenantId,
          id,
          { status, tokenVersion: before.tokenVersion + 1, failedLoginCount: 0, lockedUntil: null },
          tx,
        )
        if (status === 'disabled') await refreshTokens.revokeAllOfUser(actor.tenantId, id, tx)
        await audit.record(
          actor,
          { action: status === 'disabled' ? 'user.disable' : 'user.enable', entityType: 'user', entityId: id, changes: { status: { from: before.status, to: status } } },
          tx,
        )
        return mapUser(await load(actor.tenantId, id, tx), pii)
      })
    }

    /** A reset unlocks the account, ends its sessions and makes the user choose a new password. */
    async function resetPassword(actor: Actor, id: string, newPassword: string): Promise<User> {
      if (!isStrongPassword(newPassword)) throw weakPassword()
      const passwordHash = await hashPassword(newPassword)
      return fastify.db.transaction(async (tx) => {
        const before = await load(actor.tenantId, id, tx)
        assertManageable(before)
        await users.update(
          actor.tenantId,
          id,
          { passwordHash, mustChangePassword: true, tokenVersion: before.tokenVersion + 1, failedLoginCount: 0, lockedUntil: null },
          tx,
        )
        await refreshTokens.revokeAllOfUser(actor.tenantId, id, tx)
        await audit.record(
          actor,
          { action: 'user.reset_password', entityType: 'user', entityId: id, changes: { password: { to: '******' } } },
          tx,
        )
        return mapUser(await load(actor.tenantId, id, tx), pii)
      })
    }

    fastify.decorate('usersService', { list, get, create, update, setStatus, resetPassword })
  },
  {
    name: 'users-service',
    dependencies: ['users-repository', 'regions-repository', 'facilities-repository', 'refresh-tokens-repository', 'audit-repository', 'pii'],
  },
)

declare module 'fastify' {
  interface FastifyInstance {
    usersService: {
      list(actor: Actor, query: UserListQuery): Promise<{ items: User[]; total: number }>
      get(actor: Actor, id: string): Promise<User>
      create(actor: Actor, input: UserCreate): Promise<User>
      update(actor: Actor, id: string, input: UserUpdate): Promise<User>
      setStatus(actor: Actor, id: string, status: 'active' | 'disabled'): Promise<User>
      resetPassword(actor: Actor, id: string, newPassword: string): Promise<User>
    }
  }
}
