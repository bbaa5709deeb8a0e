import { Page, StarRating, StarRatingCreate, StarRatingListQuery } from '@eldercare/shared'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { actorOf } from '../auth/actor.js'
import { errorResponses } from '../http/responses.js'
import { INSTITUTION_READERS } from './institutions.routes.js'

const starRatingsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = fastify.starRatingsService

  fastify.get(
    '/star-ratings',
    {
      config: { roles: INSTITUTION_READERS },
      schema: {
        tags: ['institutions'],
        summary: 'Assessments, newest first; current ratings only, or those expiring within some days',
        querystring: StarRatingListQuery,
        response: { 200: Page(StarRating), ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => service.list(actorOf(request), request.query),
  )

  fastify.post(
    '/star-ratings',
    {
      config: { roles: ['bureau_admin', 'bureau_staff'] },
      schema: {
        tags: ['institutions'],
        summary: 'Record an assessment: section scores, grade from the thresholds (a first rating may be capped), valid-until',
        body: StarRatingCreate,
        response: { 201: StarRating, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => reply.code(201).send(await service.create(actorOf(request), request.body)),
  )
}

export default starRatingsRoutes
