import { schema, type Executor } from '@eldercare/db'
import { and, asc, eq, gte, inArray, lte, or, sql, type SQL } from 'drizzle-orm'
import fp from 'fastify-plugin'

const { kitchenOrders, facilities } = schema
export type KitchenOrderRow = typeof kitchenOrders.$inferSelect

function kitchenOrdersRepository(db: Executor) {
  const withPoint = (exec: Executor) =>
    exec
      .select({ order: kitchenOrders, mealPointName: facilities.name, address: facilities.address, openedOn: facilities.openedOn, closedOn: facilities.closedOn })
      .from(kitchenOrders)
      .innerJoin(facilities, and(eq(facilities.tenantId, kitchenOrders.tenantId), eq(facilities.id, kitchenOrders.mealPointId)))

  return {
    /** One order per meal point, day and slot: ordering again replaces the quantity. */
    async upsert(row: typeof kitchenOrders.$inferInsert, exec: Executor = db): Promise<KitchenOrderRow> {
      const [saved] = await exec
        .insert(kitchenOrders)
        .values(row)
        .onConflictDoUpdate({
          target: [kitchenOrders.tenantId, kitchenOrders.mealPointId, kitchenOrders.servedOn, kitchenOrders.slot],
          // A note left out keeps the one on file; null clears it.
          set: { quantity: row.quantity, ...(row.note !== undefined ? { note: row.note } : {}), kitchenId: row.kitchenId, updatedBy: row.updatedBy, updatedAt: new Date() },
        })
        .returning()
      return saved!
    },

    async list(tenantId: string, filter: { mealPointId?: string; kitchenId?: string; from: string; to: string; scopeFacilityIds?: string[] }) {
      const where: SQL[] = [eq(kitchenOrders.tenantId, tenantId), gte(kitchenOrders.servedOn, filter.from), lte(kitchenOrders.servedOn, filter.to)]
      if (filter.mealPointId) where.push(eq(kitchenOrders.mealPointId, filter.mealPointId))
      if (filter.kitchenId) where.push(eq(kitchenOrders.kitchenId, filter.kitchenId))
      if (filter.scopeFacilityIds) {
        const ids = filter.scopeFacilityIds
        where.push(ids.length > 0 ? or(inArray(kitchenOrders.mealPointId, ids), inArray(kitchenOrders.kitchenId, ids))! : sql`false`)
      }
      return withPoint(db)
        .where(and(...where))
        .orderBy(asc(kitchenOrders.servedOn), asc(kitchenOrders.slot), asc(facilities.name))
    },

    async forKitchenDay(tenantId: string, kitchenId: string, servedOn: string) {
      return withPoint(db)
        .where(and(eq(kitchenOrders.tenantId, tenantId), eq(kitchenOrders.kitchenId, kitchenId), eq(kitchenOrders.servedOn, servedOn)))
        .orderBy(asc(kitchenOrders.slot), asc(facilities.name))
    },
  }
}

export type KitchenOrdersRepository = ReturnType<typeof kitchenOrdersRepository>

declare module 'fastify' {
  interface FastifyInstance {
    kitchenOrdersRepository: KitchenOrdersRepository
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('kitchenOrdersRepository', kitchenOrdersRepository(fastify.db))
  },
  { name: 'kitchen-orders-repository', dependencies: ['database'] },
)
