import { FacilityMealPrices, IdParams, MealPricesPut } from '@eldercare/shared'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { actorOf } from '../auth/actor.js'
import { errorResponses } from '../http/responses.js'
import { MEAL_RECORDERS } from './meal-records.routes.js'

const mealPricesRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = fastify.mealPricesService

  fastify.get(
    '/facilities/:id/meal-prices',
    {
      config: { roles: MEAL_RECORDERS },
      schema: {
        tags: ['meals'],
        summary: 'The facility’s meal prices per slot and mode, each with the day it took effect',
        params: IdParams,
        response: { 200: FacilityMealPrices, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => service.list(actorOf(request), request.params.id),
  )

  fastify.put(
    '/facilities/:id/meal-prices',
    {
      config: { roles: MEAL_RECORDERS },
      schema: {
        tags: ['meals'],
        summary: 'Set prices from a day on (today or later); the bureau or the facility’s operator',
        params: IdParams,
        body: MealPricesPut,
        response: { 200: FacilityMealPrices, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => service.replace(actorOf(request), request.params.id, request.body),
  )
}

export default mealPricesRoutes
