import { schema, type Executor } from '@eldercare/db'
import { and, asc, eq, inArray } from 'drizzle-orm'
import fp from 'fastify-plugin'

const { facilityMealPrices } = schema
export type MealPriceRow = typeof facilityMealPrices.$inferSelect

function mealPricesRepository(db: Executor) {
  return {
    async ofFacilities(tenantId: string, facilityIds: string[], exec: Executor = db): Promise<MealPriceRow[]> {
      if (facilityIds.length === 0) return []
      return exec
        .select()
        .from(facilityMealPrices)
        .where(and(eq(facilityMealPrices.tenantId, tenantId), inArray(facilityMealPrices.facilityId, facilityIds)))
        .orderBy(asc(facilityMealPrices.slot), asc(facilityMealPrices.mode), asc(facilityMealPrices.validFrom))
    },

    /** Sets prices from a day on; saving the same day again replaces that day's price. */
    async upsert(rows: (typeof facilityMealPrices.$inferInsert)[], exec: Executor = db): Promise<void> {
      for (const row of rows) {
        await exec
          .insert(facilityMealPrices)
          .values(row)
          .onConflictDoUpdate({
            target: [facilityMealPrices.tenantId, facilityMealPrices.facilityId, facilityMealPrices.slot, facilityMealPrices.mode, facilityMealPrices.validFrom],
            set: { priceFen: row.priceFen, updatedBy: row.updatedBy, updatedAt: new Date() },
          })
      }
    },
  }
}

export type MealPricesRepository = ReturnType<typeof mealPricesRepository>

declare module 'fastify' {
  interface FastifyInstance {
    mealPricesRepository: MealPricesRepository
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('mealPricesRepository', mealPricesRepository(fastify.db))
  },
  { name: 'meal-prices-repository', dependencies: ['database'] },
)
