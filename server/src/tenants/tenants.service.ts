import { uuidv7 } from '@eldercare/db'
import { isStrongPassword, type Tenant, type TenantCreate } from '@eldercare/shared'
import fp from 'fastify-plugin'
import type { Actor } from '../auth/actor.js'
import { hashPassword } from '../auth/passwords.js'
import { changedFields } from '../audit/audit-changes.js'
import { AppError, notFound } from '../errors.js'
import { isUniqueViolation } from '../http/postgres-errors.js'
import type { TenantRow } from './tenants.repository.js'

export function mapTenant(row: TenantRow): Tenant {
  return { id: row.id, code: row.code, name: row.name, createdAt: row.createdAt.toISOString() }
}

export default fp(
  async (fastify) => {
    const tenants = fastify.tenantsRepository
    const users = fastify.usersRepository
    const audit = fastify.auditRepository

    async function list(page: number, pageSize: number) {
      const { rows, total } = await tenants.list(page, pageSize)
      return { items: rows.map(mapTenant), total }
    }

    async function get(id: string): Promise<Tenant> {
      const row = await tenants.findById(id)
      if (!row) throw notFound('tenant')
      return mapTenant(row)
    }

    /** A new district and its first bureau admin, who must choose a new password on first sign-in. */
    async function create(actor: Actor, input: TenantCreate): Promise<Tenant> {
      if (!isStrongPassword(input.admin.password)) {
        throw new AppError('AUTH_PASSWORD_WEAK', 'use 8 or more characters with letters and digits')
      }
      if (await tenants.findByCode(input.code)) throw new AppError('TENANT_CODE_TAKEN', `tenant ${input.code} exists`)
      const passwordHash = await hashPassword(input.admin.password)
      try {
        return await fastify.db.transaction(async (tx) => {
          const tenant = await tenants.insert({ id: uuidv7(), code: input.code, name: input.name }, tx)
          await fastify.targetsRepository.seedWorkPlan(tenant.id, tx)
          const admin = await users.insert(
            {
              tenantId: tenant.id,
              id: uuidv7(),
              username: input.admin.username,
              displayName: input.admin.displayName,
              role: 'bureau_admin',
              passwordHash,
              mustChangePassword: true,
            },
            tx,
          )
          // The events belong to the new tenant's history, where its own admins will read them.
          const auditActor = { tenantId: tenant.id, userId: actor.userId, username: actor.username, ip: actor.ip }
          await audit.record(
            auditActor,
            { action: 'tenant.create', entityType: 'tenant', entityId: tenant.id, changes: changedFields(null, { code: tenant.code, name: tenant.name }) },
            tx,
          )
          await audit.record(
            auditActor,
            {
              action: 'user.create',
              entityType: 'user',
              entityId: admin.id,
              changes: changedFields(null, { username: admin.username, displayName: admin.displayName, role: admin.role }),
            },
            tx,
          )
          return mapTenant(tenant)
        })
      } catch (error) {
        if (isUniqueViolation(error)) throw new AppError('TENANT_CODE_TAKEN', `tenant ${input.code} exists`)
        throw error
      }
    }

    fastify.decorate('tenantsService', { list, get, create })
  },
  { name: 'tenants-service', dependencies: ['tenants-repository', 'users-repository', 'audit-repository', 'targets-repository'] },
)

declare module 'fastify' {
  interface FastifyInstance {
    tenantsService: {
      list(page: number, pageSize: number): Promise<{ items: Tenant[]; total: number }>
      get(id: string): Promise<Tenant>
      create(actor: Actor, input: TenantCreate): Promise<Tenant>
    }
  }
}
