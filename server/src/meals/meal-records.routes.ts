import {
  IdParams,
  MealBatch,
  MealBatchResult,
  MealDaySummary,
  MealDaySummaryQuery,
  MealRecord,
  MealRecordCreate,
  MealRecordListItem,
  MealRecordListQuery,
  MealVoid,
  Page,
} from '@eldercare/shared'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { actorOf } from '../auth/actor.js'
import { errorResponses } from '../http/responses.js'

/** Who records meals: the counter, and the bureau when it corrects one. */
export const MEAL_RECORDERS = ['bureau_admin', 'bureau_staff', 'canteen_operator'] as const

const mealRecordsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = fastify.mealRecordsService

  fastify.post(
    '/meal-records',
    {
      config: { roles: MEAL_RECORDERS },
      schema: {
        tags: ['meals'],
        summary: 'Record one meal, exactly once per client-made id (201 created, 200 the first result of a retry)',
        body: MealRecordCreate,
        response: { 200: MealRecord, 201: MealRecord, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { created, record } = await service.record(actorOf(request), request.body)
      return reply.code(created ? 201 : 200).send(record)
    },
  )

  fastify.post(
    '/meal-records/batch',
    {
      config: { roles: MEAL_RECORDERS },
      schema: {
        tags: ['meals'],
        summary: 'Record up to 500 meals; each gets created, duplicate or an error code',
        body: MealBatch,
        response: { 200: MealBatchResult, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => ({ results: await service.recordMany(actorOf(request), request.body.records) }),
  )

  fastify.get(
    '/meal-records',
    {
      config: { roles: MEAL_RECORDERS },
      schema: { tags: ['meals'], querystring: MealRecordListQuery, response: { 200: Page(MealRecordListItem), ...errorResponses(400, 401, 403) } },
    },
    (request) => service.list(actorOf(request), request.query),
  )

  fastify.get(
    '/meal-records/summary',
    {
      config: { roles: MEAL_RECORDERS },
      schema: {
        tags: ['meals'],
        summary: 'Meals and money of a facility on a day by slot and mode',
        querystring: MealDaySummaryQuery,
        response: { 200: MealDaySummary, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => service.daySummary(actorOf(request), request.query.facilityId, request.query.servedOn),
  )

  fastify.post(
    '/meal-records/:id/void',
    {
      config: { roles: MEAL_RECORDERS },
      schema: {
        tags: ['meals'],
        summary: 'Void a meal with a reason; the record stays, audited',
        params: IdParams,
        body: MealVoid,
        response: { 200: MealRecord, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    (request) => service.voidRecord(actorOf(request), request.params.id, request.body.reason),
  )
}

export default mealRecordsRoutes
