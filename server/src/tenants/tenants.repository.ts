import { schema, type Executor } from '@eldercare/db'
import { asc, count, eq } from 'drizzle-orm'
import fp from 'fastify-plugin'

export type TenantRow = typeof schema.tenants.$inferSelect

function tenantsRepository(db: Executor) {
  return {
    async findByCode(code: string, exec: Executor = db): Promise<TenantRow | undefined> {
      const [row] = await exec.select().from(schema.tenants).where(eq(schema.tenants.code, code))
      return row
    },
    async findById(id: string, exec: Executor = db): Promise<TenantRow | undefined> {
      const [row] = await exec.select().from(schema.tenants).where(eq(schema.tenants.id, id))
      return row
    },
    async list(page: number, pageSize: number): Promise<{ rows: TenantRow[]; total: number }> {
      const rows = await db
        .select()
        .from(schema.tenants)
        .orderBy(asc(schema.tenants.code))
        .limit(pageSize)
        .offset((page - 1) * pageSize)
      const [totalRow] = await db.select({ total: count() }).from(schema.tenants)
      return { rows, total: totalRow?.total ?? 0 }
    },
    async insert(row: typeof schema.tenants.$inferInsert, exec: Executor = db): Promise<TenantRow> {
      const [created] = await exec.insert(schema.tenants).values(row).returning()
      return created!
    },
  }
}

export type TenantsRepository = ReturnType<typeof tenantsRepository>

declare module 'fastify' {
  interface FastifyInstance {
    tenantsRepository: TenantsRepository
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('tenantsRepository', tenantsRepository(fastify.db))
  },
  { name: 'tenants-repository', dependencies: ['database'] },
)
