import { schema, type Executor } from '@eldercare/db'
import type { Role } from '@eldercare/shared'
import { and, asc, count, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm'
import DataLoader from 'dataloader'
import fp from 'fastify-plugin'

export type UserRow = typeof schema.users.$inferSelect
export type UserWithScopes = UserRow & { townCodes: string[]; facilityIds: string[] }

const { users, userTownScopes, userFacilityScopes } = schema

export interface UserFilter {
  q?: string
  role?: Role
  status?: 'active' | 'disabled'
}

/** What every signed-in request needs to know about its user. */
export interface SessionUser {
  id: string
  tenantId: string
  username: string
  role: Role
  status: 'active' | 'disabled'
  tokenVersion: number
  mustChangePassword: boolean
  townCodes: string[]
  facilityIds: string[]
}

function usersRepository(db: Executor) {
  // Every API request runs this: one prepared statement for all the requests of a moment, scopes
  // aggregated in the same round trip.
  // The subqueries name the outer table explicitly: Drizzle renders a bare column unqualified there.
  const sessionQuery = db
    .select({
      id: users.id,
      tenantId: users.tenantId,
      username: users.username,
      role: users.role,
      status: users.status,
      tokenVersion: users.tokenVersion,
      mustChangePassword: users.mustChangePassword,
      townCodes: sql<string[]>`coalesce((select array_agg(s.town_code order by s.town_code) from ${userTownScopes} s
        where s.tenant_id = "users"."tenant_id" and s.user_id = "users"."id"), '{}'::text[])`,
      facilityIds: sql<string[]>`coalesce((select array_agg(s.facility_id::text order by s.facility_id) from ${userFacilityScopes} s
        where s.tenant_id = "users"."tenant_id" and s.user_id = "users"."id"), '{}'::text[])`,
    })
    .from(users)
    .where(and(sql`${users.tenantId} = any(${sql.placeholder('tenantIds')}::uuid[])`, sql`${users.id} = any(${sql.placeholder('userIds')}::uuid[])`))
    .prepare('user_sessions')

  // Requests arriving at the same moment read their users in one statement; each request still reads
  // its user afresh after it arrived, so a disabled account or a new password stops it as before.
  const sessions = new DataLoader<string, SessionUser | undefined>(
    async (keys) => {
      const pairs = keys.map((key) => key.split('|') as [string, string])
      const rows = await sessionQuery.execute({ tenantIds: [...new Set(pairs.map(([tenantId]) => tenantId))], userIds: [...new Set(pairs.map(([, userId]) => userId))] })
      const byKey = new Map(rows.map((row) => [`${row.tenantId}|${row.id}`, row]))
      return keys.map((key) => byKey.get(key))
    },
    { cache: false },
  )

  async function scopesOf(tenantId: string, userIds: string[], exec: Executor) {
    const towns = new Map<string, string[]>(userIds.map((id) => [id, []]))
    const facilities = new Map<string, string[]>(userIds.map((id) => [id, []]))
    if (userIds.length === 0) return { towns, facilities }
    const [townRows, facilityRows] = await Promise.all([
      exec
        .select()
        .from(userTownScopes)
        .where(and(eq(userTownScopes.tenantId, tenantId), inArray(userTownScopes.userId, userIds)))
        .orderBy(asc(userTownScopes.townCode)),
      exec
        .select()
        .from(userFacilityScopes)
        .where(and(eq(userFacilityScopes.tenantId, tenantId), inArray(userFacilityScopes.userId, userIds)))
        .orderBy(asc(userFacilityScopes.facilityId)),
    ])
    for (const row of townRows) towns.get(row.userId)?.push(row.townCode)
    for (const row of facilityRows) facilities.get(row.userId)?.push(row.facilityId)
    return { towns, facilities }
  }

  async function withScopes(tenantId: string, rows: UserRow[], exec: Executor): Promise<UserWithScopes[]> {
    const { towns, facilities } = await scopesOf(
      tenantId,
      rows.map((row) => row.id),
      exec,
    )
    return rows.map((row) => ({ ...row, townCodes: towns.get(row.id) ?? [], facilityIds: facilities.get(row.id) ?? [] }))
  }

  return {
    session(tenantId: string, userId: string): Promise<SessionUser | undefined> {
      return sessions.load(`${tenantId}|${userId}`)
    },

    async findById(tenantId: string, id: string, exec: Executor = db): Promise<UserWithScopes | undefined> {
      const rows = await exec.select().from(users).where(and(eq(users.tenantId, tenantId), eq(users.id, id)))
      return (await withScopes(tenantId, rows, exec))[0]
    },

    async findByUsername(tenantId: string, username: string, exec: Executor = db): Promise<UserRow | undefined> {
      const [row] = await exec
        .select()
        .from(users)
        .where(and(eq(users.tenantId, tenantId), eq(users.username, username)))
      return row
    },

    async list(
      tenantId: string,
      filter: UserFilter,
      page: number,
      pageSize: number,
    ): Promise<{ rows: UserWithScopes[]; total: number }> {
      const conditions: SQL[] = [eq(users.tenantId, tenantId)]
      if (filter.role) conditions.push(eq(users.role, filter.role))
      if (filter.status) conditions.push(eq(users.status, filter.status))
      if (filter.q) {
        const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
        conditions.push(or(ilike(users.username, pattern), ilike(users.displayName, pattern))!)
      }
      const where = and(...conditions)
      const rows = await db
        .select()
        .from(users)
        .where(where)
        .orderBy(asc(users.username))
        .limit(pageSize)
        .offset((page - 1) * pageSize)
      const [totalRow] = await db.select({ total: count() }).from(users).where(where)
      return { rows: await withScopes(tenantId, rows, db), total: totalRow?.total ?? 0 }
    },

    async insert(row: typeof users.$inferInsert, exec: Executor = db): Promise<UserRow> {
      const [created] = await exec.insert(users).values(row).returning()
      return created!
    },

    async update(
      tenantId: string,
      id: string,
      changes: Partial<typeof users.$inferInsert>,
      exec: Executor = db,
    ): Promise<UserRow | undefined> {
      const [row] = await exec
        .update(users)
        .set({ ...changes, updatedAt: new Date() })
        .where(and(eq(users.tenantId, tenantId), eq(users.id, id)))
        .returning()
      return row
    },

    async replaceTownScopes(tenantId: string, userId: string, townCodes: string[], exec: Executor = db): Promise<void> {
      await exec.delete(userTownScopes).where(and(eq(userTownScopes.tenantId, tenantId), eq(userTownScopes.userId, userId)))
      if (townCodes.length > 0) {
        await exec.insert(userTownScopes).values(townCodes.map((townCode) => ({ tenantId, userId, townCode })))
      }
    },

    async replaceFacilityScopes(tenantId: string, userId: string, facilityIds: string[], exec: Executor = db): Promise<void> {
      await exec
        .delete(userFacilityScopes)
        .where(and(eq(userFacilityScopes.tenantId, tenantId), eq(userFacilityScopes.userId, userId)))
      if (facilityIds.length > 0) {
        await exec.insert(userFacilityScopes).values(facilityIds.map((facilityId) => ({ tenantId, userId, facilityId })))
      }
    },

    /**
     * Counts a failed sign-in in one statement, so parallel attempts cannot slip past the limit;
     * the attempt that reaches the limit locks the account and restarts the count.
     */
    async recordFailedLogin(
      tenantId: string,
      id: string,
      maxFailures: number,
      lockMinutes: number,
      exec: Executor = db,
    ): Promise<{ locked: boolean }> {
      const [row] = await exec
        .update(users)
        .set({
          failedLoginCount: sql`case when ${users.failedLoginCount} + 1 >= ${maxFailures} then 0 else ${users.failedLoginCount} + 1 end`,
          lockedUntil: sql`case when ${users.failedLoginCount} + 1 >= ${maxFailures}
            then now() + make_interval(mins => ${lockMinutes}) else ${users.lockedUntil} end`,
        })
        .where(and(eq(users.tenantId, tenantId), eq(users.id, id)))
        .returning({ lockedUntil: users.lockedUntil })
      return { locked: row?.lockedUntil != null && row.lockedUntil.getTime() > Date.now() }
    },

    async recordSuccessfulLogin(tenantId: string, id: string, exec: Executor = db): Promise<void> {
      await exec
        .update(users)
        .set({ failedLoginCount: 0, lockedUntil: null, lastLoginAt: new Date() })
        .where(and(eq(users.tenantId, tenantId), eq(users.id, id)))
    },
  }
}

export type UsersRepository = ReturnType<typeof usersRepository>

declare module 'fastify' {
  interface FastifyInstance {
    usersRepository: UsersRepository
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('usersRepository', usersRepository(fastify.db))
  },
  { name: 'users-repository', dependencies: ['database'] },
)
