import { IdParams, MealSettings, MealSettingsUpdate, SubsidyRule, SubsidyRuleCreate, SubsidyRuleEnd, SubsidyRuleListQuery } from '@eldercare/shared'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { actorOf } from '../auth/actor.js'
import { errorResponses } from '../http/responses.js'

const READERS = ['bureau_admin', 'bureau_staff', 'canteen_operator'] as const

const subsidyRulesRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = fastify.subsidyRulesService

  fastify.get(
    '/subsidy-rules',
    {
      config: { roles: READERS },
      schema: {
        tags: ['meals'],
        summary: 'Subsidy rules; with asOf only those in force that day',
        querystring: SubsidyRuleListQuery,
        response: { 200: Type.Object({ items: Type.Array(SubsidyRule), total: Type.Integer() }), ...errorResponses(400, 401, 403) },
      },
    },
    (request) => service.list(actorOf(request), request.query.asOf),
  )

  fastify.post(
    '/subsidy-rules',
    {
      config: { roles: ['bureau_admin'] },
      schema: { tags: ['meals'], body: SubsidyRuleCreate, response: { 201: SubsidyRule, ...errorResponses(400, 401, 403) } },
    },
    async (request, reply) => reply.code(201).send(await service.create(actorOf(request), request.body)),
  )

  fastify.post(
    '/subsidy-rules/:id/end',
    {
      config: { roles: ['bureau_admin'] },
      schema: {
        tags: ['meals'],
        summary: 'End a rule on a date; meals already recorded keep their subsidy',
        params: IdParams,
        body: SubsidyRuleEnd,
        response: { 200: SubsidyRule, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => service.end(actorOf(request), request.params.id, request.body.validTo),
  )

  fastify.get(
    '/meal-settings',
    {
      config: { roles: READERS },
      schema: { tags: ['meals'], response: { 200: MealSettings, ...errorResponses(401, 403) } },
    },
    (request) => service.settings(actorOf(request)),
  )

  fastify.put(
    '/meal-settings',
    {
      config: { roles: ['bureau_admin'] },
      schema: { tags: ['meals'], body: MealSettingsUpdate, response: { 200: MealSettings, ...errorResponses(400, 401, 403) } },
    },
    (request) => service.updateSettings(actorOf(request), request.body),
  )
}

export default subsidyRulesRoutes
