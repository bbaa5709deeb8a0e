import { IndicatorSettings, IndicatorTarget, TargetCopy, TargetPut, TargetQuery } from '@eldercare/shared'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { actorOf } from '../auth/actor.js'
import { errorResponses } from '../http/responses.js'
import { INDICATOR_READERS } from './indicators.routes.js'

const targetsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = fastify.targetsService

  fastify.get(
    '/targets',
    {
      config: { roles: INDICATOR_READERS },
      schema: {
        tags: ['indicators'],
        summary: "A year's targets per indicator (2024: the work plan's, unless edited)",
        querystring: TargetQuery,
        response: { 200: Type.Array(IndicatorTarget), ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => service.list(actorOf(request), request.query.year, request.query.townCode),
  )

  fastify.put(
    '/targets',
    {
      config: { roles: ['bureau_admin'] },
      schema: {
        tags: ['indicators'],
        summary: "Set some of a year's targets, the district's or a town's; the others keep theirs",
        body: TargetPut,
        response: { 200: Type.Array(IndicatorTarget), ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => service.put(actorOf(request), request.body),
  )

  fastify.post(
    '/targets/copy',
    {
      config: { roles: ['bureau_admin'] },
      schema: {
        tags: ['indicators'],
        summary: "Copy one year's targets to another; 409 TARGETS_EXIST when that year has targets, unless replace",
        body: TargetCopy,
        response: { 200: Type.Array(IndicatorTarget), ...errorResponses(400, 401, 403, 409) },
      },
    },
    (request) => service.copy(actorOf(request), request.body),
  )

  fastify.get(
    '/indicator-settings',
    {
      config: { roles: INDICATOR_READERS },
      schema: { tags: ['indicators'], summary: 'Population basis, dementia denominator, days without meals before a facility is flagged', response: { 200: IndicatorSettings, ...errorResponses(401, 403) } },
    },
    (request) => fastify.indicatorsService.settings(actorOf(request).tenantId),
  )

  fastify.put(
    '/indicator-settings',
    {
      config: { roles: ['bureau_admin'] },
      schema: { tags: ['indicators'], summary: 'Change the indicator settings', body: IndicatorSettings, response: { 200: IndicatorSettings, ...errorResponses(400, 401, 403) } },
    },
    (request) => service.updateSettings(actorOf(request), request.body),
  )
}

export default targetsRoutes
