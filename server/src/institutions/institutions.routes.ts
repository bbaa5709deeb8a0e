import {
  BedHistory,
  BedHistoryQuery,
  IdParams,
  Institution,
  InstitutionDetail,
  InstitutionFigures,
  InstitutionFiguresQuery,
  InstitutionListQuery,
  InstitutionProfilePut,
  InstitutionSettings,
  Page,
} from '@eldercare/shared'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { actorOf } from '../auth/actor.js'
import { errorResponses } from '../http/responses.js'

/** Who sees institutions: the bureau, town staff for their towns, reporters for their own. */
export const INSTITUTION_READERS = ['bureau_admin', 'bureau_staff', 'town_staff', 'institution_reporter'] as const
/** Reporters keep their institution's profile; the bureau keeps every one. */
export const PROFILE_WRITERS = ['bureau_admin', 'bureau_staff', 'institution_reporter'] as const

const institutionsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = fastify.institutionsService

  fastify.get(
    '/institutions',
    {
      config: { roles: INSTITUTION_READERS },
      schema: {
        tags: ['institutions'],
        summary: 'Institutions in the caller’s scope with profile, latest approved beds and current rating',
        querystring: InstitutionListQuery,
        response: { 200: Page(Institution), ...errorResponses(400, 401, 403) },
      },
    },
    (request) => service.list(actorOf(request), request.query),
  )

  fastify.get(
    '/institutions/figures',
    {
      config: { roles: ['bureau_admin', 'bureau_staff', 'town_staff'] },
      schema: {
        tags: ['institutions'],
        summary: 'Nursing-type bed share, dementia-care beds, occupancy, caregivers per bed and rating distribution',
        querystring: InstitutionFiguresQuery,
        response: { 200: InstitutionFigures, ...errorResponses(400, 401, 403) },
      },
    },
    (request) => service.figures(actorOf(request), request.query),
  )

  fastify.get(
    '/institutions/:id',
    {
      config: { roles: INSTITUTION_READERS },
      schema: { tags: ['institutions'], params: IdParams, response: { 200: InstitutionDetail, ...errorResponses(400, 401, 403, 404) } },
    },
    (request) => service.get(actorOf(request), request.params.id),
  )

  fastify.put(
    '/institutions/:id/profile',
    {
      config: { roles: PROFILE_WRITERS },
      schema: {
        tags: ['institutions'],
        summary: 'Ownership, licence and 康养联合体 membership of an institution',
        params: IdParams,
        body: InstitutionProfilePut,
        response: { 200: InstitutionDetail, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => service.putProfile(actorOf(request), request.params.id, request.body),
  )

  fastify.get(
    '/institutions/:id/bed-history',
    {
      config: { roles: INSTITUTION_READERS },
      schema: {
        tags: ['institutions'],
        summary: 'Approved bed reports of the last months, oldest first',
        params: IdParams,
        querystring: BedHistoryQuery,
        response: { 200: BedHistory, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => service.bedHistory(actorOf(request), request.params.id, request.query.months),
  )

  fastify.get(
    '/institution-settings',
    {
      config: { roles: INSTITUTION_READERS },
      schema: { tags: ['institutions'], response: { 200: InstitutionSettings, ...errorResponses(401, 403) } },
    },
    (request) => service.settings(actorOf(request)),
  )

  fastify.put(
    '/institution-settings',
    {
      config: { roles: ['bureau_admin'] },
      schema: {
        tags: ['institutions'],
        summary: 'Reporting window, change threshold, rating sections, grade thresholds, validity and first-rating cap',
        body: InstitutionSettings,
        response: { 200: InstitutionSettings, ...errorResponses(400, 401, 403) },
      },
    },
    (request) => service.updateSettings(actorOf(request), request.body),
  )
}

export default institutionsRoutes
