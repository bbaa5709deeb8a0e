import { CounterDevice, CounterHeartbeat, CounterSnapshot, CounterSnapshotQuery, MealSync, MealSyncResult, SyncStatus, SyncStatusQuery } from '@eldercare/shared'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { actorOf } from '../auth/actor.js'
import { errorResponses } from '../http/responses.js'
import { MEAL_RECORDERS } from '../meals/meal-records.routes.js'

/** Who watches the counters' freshness: the bureau, and town staff for their towns. */
export const SYNC_WATCHERS = ['bureau_admin', 'bureau_staff', 'town_staff'] as const

const countersRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = fastify.countersService

  fastify.get(
    '/counter-snapshot',
    {
      config: { roles: MEAL_RECORDERS },
      schema: {
        tags: ['counters'],
        summary: 'What one counter needs offline: served elders (no whole 身份证号, no phone), rules, settings, prices, today’s subsidised meals',
        querystring: CounterSnapshotQuery,
        response: { 200: CounterSnapshot, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => service.snapshot(actorOf(request), request.query),
  )

  fastify.post(
    '/meal-records/sync',
    {
      config: { roles: MEAL_RECORDERS },
      schema: {
        tags: ['counters'],
        summary: 'A batch of a counter’s outbox: each meal exactly once, in device order; a subsidy taken elsewhere first comes back as 需补收',
        body: MealSync,
        response: { 200: MealSyncResult, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => service.sync(actorOf(request), request.body),
  )

  fastify.post(
    '/counter-devices/heartbeat',
    {
      config: { roles: MEAL_RECORDERS },
      schema: {
        tags: ['counters'],
        summary: 'A counter device reports its outbox and snapshot between syncs',
        body: CounterHeartbeat,
        response: { 200: CounterDevice, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => service.heartbeat(actorOf(request), request.body),
  )

  fastify.get(
    '/sync-status',
    {
      config: { roles: SYNC_WATCHERS },
      schema: {
        tags: ['counters'],
        summary: 'Per meal facility its counter devices: last sync, outbox size, snapshot version',
        querystring: SyncStatusQuery,
        response: { 200: SyncStatus, ...errorResponses(400, 401, 403) },
      },
    },
    (request) => service.status(actorOf(request), request.query),
  )
}

export default countersRoutes
