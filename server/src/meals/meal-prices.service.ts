import { priceOn, type FacilityMealPrices, type MealPrice, type MealPricesPut } from '@eldercare/shared'
import fp from 'fastify-plugin'
import type { Actor } from '../auth/actor.js'
import { scopeOf } from '../auth/scope.js'
import { AppError, forbidden } from '../errors.js'
import { shanghaiToday } from '../http/dates.js'
import type { MealPriceRow } from './meal-prices.repository.js'

export function mapMealPrice(row: MealPriceRow): MealPrice {
  return { slot: row.slot, mode: row.mode, priceFen: row.priceFen, validFrom: row.validFrom }
}

/** Who keeps a facility's price list: the bureau, or the facility's own operator. */
function mayEdit(actor: Actor, facilityId: string): boolean {
  const scope = scopeOf(actor)
  if (scope.kind === 'tenant') return true
  return actor.role === 'canteen_operator' && scope.kind === 'facilities' && scope.facilityIds.includes(facilityId)
}

export default fp(
  async (fastify) => {
    const prices = fastify.mealPricesRepository

    async function list(actor: Actor, facilityId: string): Promise<FacilityMealPrices> {
      await fastify.facilitiesService.findInScope(actor, facilityId)
      return { facilityId, prices: (await prices.ofFacilities(actor.tenantId, [facilityId])).map(mapMealPrice) }
    }

    /**
     * New prices take effect today or later: a meal already recorded keeps its price, and the list
     * keeps what was charged on every past day.
     */
    async function replace(actor: Actor, facilityId: string, input: MealPricesPut): Promise<FacilityMealPrices> {
      const facility = await fastify.facilitiesService.findInScope(actor, facilityId)
      if (!mayEdit(actor, facility.id)) throw forbidden('only the bureau or the facility’s operator keeps its prices')
      if (input.validFrom < shanghaiToday()) throw new AppError('MEAL_PRICE_IN_PAST', 'new prices take effect today or later')
      const before = await prices.ofFacilities(actor.tenantId, [facilityId])
      await fastify.db.transaction(async (tx) => {
        await prices.upsert(
          input.prices.map((price) => ({ tenantId: actor.tenantId, facilityId, ...price, validFrom: input.validFrom, updatedBy: actor.userId })),
          tx,
        )
        const changes = Object.fromEntries(
          input.prices.map((price) => [`${price.slot}.${price.mode}`, { from: priceOn(before, price.slot, price.mode, input.validFrom), to: price.priceFen }]),
        )
        await fastify.auditRepository.record(actor, { action: 'meal_prices.update', entityType: 'facility', entityId: facilityId, changes: { validFrom: { to: input.validFrom }, ...changes } }, tx)
      })
      return list(actor, facilityId)
    }

    fastify.decorate('mealPricesService', { list, replace })
  },
  { name: 'meal-prices-service', dependencies: ['meal-prices-repository', 'facilities-service', 'audit-repository'] },
)

declare module 'fastify' {
  interface FastifyInstance {
    mealPricesService: {
      list(actor: Actor, facilityId: string): Promise<FacilityMealPrices>
      replace(actor: Actor, facilityId: string, input: MealPricesPut): Promise<FacilityMealPrices>
    }
  }
}
