import {
  Facility,
  FacilityCreate,
  FacilityListQuery,
  FacilityUpdate,
  IdParams,
  Page,
  ServiceArea,
  ServiceAreaPut,
  ServiceAreaQuery,
} from '@eldercare/shared'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { actorOf } from '../auth/actor.js'
import { errorResponses } from '../http/responses.js'

export const FACILITY_READERS = ['bureau_admin', 'bureau_staff', 'town_staff', 'canteen_operator', 'institution_reporter'] as const
export const FACILITY_WRITERS = ['bureau_admin', 'bureau_staff'] as const

const facilitiesRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = fastify.facilitiesService

  fastify.get(
    '/facilities',
    {
      config: { roles: FACILITY_READERS },
      schema: {
        tags: ['facilities'],
        summary: 'Facilities in the caller’s scope, filtered by type, town, island, status',
        querystring: FacilityListQuery,
        response: { 200: Page(Facility), ...errorResponses(400, 401, 403) },
      },
    },
    (request) => service.list(actorOf(request), request.query),
  )

  fastify.get(
    '/facilities/:id',
    {
      config: { roles: FACILITY_READERS },
      schema: { tags: ['facilities'], params: IdParams, response: { 200: Facility, ...errorResponses(400, 401, 403, 404) } },
    },
    (request) => service.get(actorOf(request), request.params.id),
  )

  fastify.post(
    '/facilities',
    {
      config: { roles: FACILITY_WRITERS },
      schema: { tags: ['facilities'], body: FacilityCreate, response: { 201: Facility, ...errorResponses(400, 401, 403) } },
    },
    async (request, reply) => reply.code(201).send(await service.create(actorOf(request), request.body)),
  )

  fastify.patch(
    '/facilities/:id',
    {
      config: { roles: FACILITY_WRITERS },
      schema: { tags: ['facilities'], params: IdParams, body: FacilityUpdate, response: { 200: Facility, ...errorResponses(400, 401, 403, 404) } },
    },
    (request) => service.update(actorOf(request), request.params.id, request.body),
  )

  fastify.get(
    '/facilities/:id/service-area',
    {
      config: { roles: FACILITY_READERS },
      schema: {
        tags: ['facilities'],
        summary: 'Communities served on a date (default today) and the whole history',
        params: IdParams,
        querystring: ServiceAreaQuery,
        response: { 200: ServiceArea, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => service.serviceArea(actorOf(request), request.params.id, request.query.asOf),
  )

  fastify.put(
    '/facilities/:id/service-area',
    {
      config: { roles: FACILITY_WRITERS },
      schema: {
        tags: ['facilities'],
        summary: 'Set the communities served from a date on; earlier periods are kept',
        params: IdParams,
        body: ServiceAreaPut,
        response: { 200: ServiceArea, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => service.replaceServiceArea(actorOf(request), request.params.id, request.body),
  )
}

export default facilitiesRoutes
