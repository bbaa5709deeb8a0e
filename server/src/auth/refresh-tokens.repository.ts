import { schema, uuidv7, type Executor } from '@eldercare/db'
import { and, eq, gt, isNull } from 'drizzle-orm'
import fp from 'fastify-plugin'

const { refreshTokens } = schema
export type RefreshTokenRow = typeof refreshTokens.$inferSelect

function refreshTokensRepository(db: Executor) {
  return {
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
