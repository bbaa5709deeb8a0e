import { KITCHEN_ORDER_DAYS_AHEAD, KitchenOrder, KitchenOrderListQuery, KitchenOrderPut, KitchenProduction, KitchenProductionQuery } from '@eldercare/shared'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { actorOf } from '../auth/actor.js'
import { errorResponses } from '../http/responses.js'

const ROLES = ['bureau_admin', 'bureau_staff', 'canteen_operator'] as const

const kitchenOrdersRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = fastify.kitchenOrdersService

  fastify.put(
    '/kitchen-orders',
    {
      config: { roles: ROLES },
      schema: {
        tags: ['kitchen-orders'],
        summary: `A meal point orders (or changes) its quantity for a day and slot, until the cut-off the day before and up to ${KITCHEN_ORDER_DAYS_AHEAD} days ahead`,
        description: 'Refused for a day on which the meal point or its central kitchen is not open, and for a slot the point does not serve.',
        body: KitchenOrderPut,
        response: { 200: KitchenOrder, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    (request) => service.put(actorOf(request), request.body),
  )

  fastify.get(
    '/kitchen-orders',
    {
      config: { roles: ROLES },
      schema: {
        tags: ['kitchen-orders'],
        querystring: KitchenOrderListQuery,
        response: { 200: Type.Object({ items: Type.Array(KitchenOrder), total: Type.Integer() }), ...errorResponses(400, 401, 403) },
      },
    },
    (request) => service.list(actorOf(request), request.query),
  )

  fastify.get(
    '/kitchen-orders/production',
    {
      config: { roles: ROLES },
      schema: {
        tags: ['kitchen-orders'],
        summary: 'A central kitchen’s consolidated production and delivery list for a day',
        querystring: KitchenProductionQuery,
        response: { 200: KitchenProduction, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => service.production(actorOf(request), request.query.kitchenId, request.query.servedOn),
  )
}

export default kitchenOrdersRoutes
