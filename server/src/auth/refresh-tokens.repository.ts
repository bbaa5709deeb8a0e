import { schema, uuidv7, type Executor } from '@eldercare/db'
import DataLoader from 'dataloader'
import { and, eq, gt, isNull, sql } from 'drizzle-orm'
import fp from 'fastify-plugin'

const { refreshTokens } = schema
export type RefreshTokenRow = typeof refreshTokens.$inferSelect

function refreshTokensRepository(db: Executor) {
  // A session (family) is live while one of its tokens is not revoked: logout, a reused token and a
  // password change revoke them all. Read on every signed-in request, so requests arriving together
  // ask in one statement, each after it arrived.
  const liveQuery = db
    .selectDistinct({ tenantId: refreshTokens.tenantId, familyId: refreshTokens.familyId })
    .from(refreshTokens)
    .where(
      and(
        sql`${refreshTokens.tenantId} = any(${sql.placeholder('tenantIds')}::uuid[])`,
        sql`${refreshTokens.familyId} = any(${sql.placeholder('familyIds')}::uuid[])`,
        isNull(refreshTokens.revokedAt),
      ),
    )
    .prepare('live_sessions')
  const liveSessions = new DataLoader<string, boolean>(
    async (keys) => {
      const pairs = keys.map((key) => key.split('|') as [string, string])
      const rows = await liveQuery.execute({ tenantIds: [...new Set(pairs.map(([tenantId]) => tenantId))], familyIds: [...new Set(pairs.map(([, familyId]) => familyId))] })
      const live = new Set(rows.map((row) => `${row.tenantId}|${row.familyId}`))
      return keys.map((key) => live.has(key))
    },
    { cache: false },
  )

  return {
    /** True while the session a sign-in started has not been ended. */
    sessionLive(tenantId: string, familyId: string): Promise<boolean> {
      return liveSessions.load(`${tenantId}|${familyId}`)
    },

    async insert(
      row: { tenantId: string; userId: string; familyId: string; tokenHash: string; expiresAt: Date },
      exec: Executor = db,
    ): Promise<void> {
      await exec.insert(refreshTokens).values({ id: uuidv7(), ...row })
    },

    /**
     * Marks a live token used and returns it; a token already used, revoked or expired returns
     * nothing. One conditional UPDATE, so two parallel refreshes with one token cannot both win.
     */
    async consume(tenantId: string, tokenHash: string, exec: Executor = db): Promise<RefreshTokenRow | undefined> {
      const [row] = await exec
        .update(refreshTokens)
        .set({ usedAt: new Date() })
        .where(
          and(
            eq(refreshTokens.tenantId, tenantId),
            eq(refreshTokens.tokenHash, tokenHash),
            isNull(refreshTokens.usedAt),
            isNull(refreshTokens.revokedAt),
            gt(refreshTokens.expiresAt, new Date()),
          ),
        )
        .returning()
      return row
    },

    async findByHash(tenantId: string, tokenHash: string, exec: Executor = db): Promise<RefreshTokenRow | undefined> {
      const [row] = await exec
        .select()
        .from(refreshTokens)
        .where(and(eq(refreshTokens.tenantId, tenantId), eq(refreshTokens.tokenHash, tokenHash)))
      return row
    },

    async revokeFamily(tenantId: string, familyId: string, exec: Executor = db): Promise<void> {
      await exec
        .update(refreshTokens)
        .set({ revokedAt: new Date() })
        .where(and(eq(refreshTokens.tenantId, tenantId), eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)))
    },

    async revokeAllOfUser(tenantId: string, userId: string, exec: Executor = db): Promise<void> {
      await exec
        .update(refreshTokens)
        .set({ revokedAt: new Date() })
        .where(and(eq(refreshTokens.tenantId, tenantId), eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)))
    },
  }
}

export type RefreshTokensRepository = ReturnType<typeof refreshTokensRepository>

declare module 'fastify' {
  interface FastifyInstance {
    refreshTokensRepository: RefreshTokensRepository
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('refreshTokensRepository', refreshTokensRepository(fastify.db))
  },
  { name: 'refresh-tokens-repository', dependencies: ['database'] },
)
