import {
  BedReport,
  BedReportCreate,
  BedReportDetail,
  BedReportListQuery,
  BedReportReturn,
  BedReportUnchanged,
  BedReportUpdate,
  IdParams,
  LateFilers,
  LateFilersQuery,
  Page,
} from '@eldercare/shared'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { actorOf } from '../auth/actor.js'
import { errorResponses } from '../http/responses.js'
import { INSTITUTION_READERS } from './institutions.routes.js'

/** Reporters file for their institutions; the bureau may file for any. */
const FILERS = ['bureau_admin', 'bureau_staff', 'institution_reporter'] as const
const REVIEWERS = ['bureau_admin', 'bureau_staff'] as const

const bedReportsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = fastify.bedReportsService

  fastify.get(
    '/bed-reports',
    {
      config: { roles: INSTITUTION_READERS },
      schema: {
        tags: ['institutions'],
        summary: 'Bed reports in scope, newest period first; status=submitted is the review queue',
        querystring: BedReportListQuery,
        response: { 200: Page(BedReport), ...errorResponses(400, 401, 403) },
      },
    },
    (request) => service.list(actorOf(request), request.query),
  )

  fastify.get(
    '/bed-reports/late',
    {
      config: { roles: INSTITUTION_READERS },
      schema: {
        tags: ['institutions'],
        summary: 'Institutions that have not filed a period (default: the one due now) and its reporting window',
        querystring: LateFilersQuery,
        response: { 200: LateFilers, ...errorResponses(400, 401, 403) },
      },
    },
    (request) => service.late(actorOf(request), request.query.period),
  )

  fastify.get(
    '/bed-reports/:id',
    {
      config: { roles: INSTITUTION_READERS },
      schema: {
        tags: ['institutions'],
        summary: 'A report with the last approved report before it',
        params: IdParams,
        response: { 200: BedReportDetail, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => service.get(actorOf(request), request.params.id),
  )

  fastify.post(
    '/bed-reports',
    {
      config: { roles: FILERS },
      schema: {
        tags: ['institutions'],
        summary: 'Start a period’s report as a draft; every figure is checked',
        body: BedReportCreate,
        response: { 201: BedReportDetail, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await service.create(actorOf(request), request.body)),
  )

  fastify.post(
    '/bed-reports/unchanged',
    {
      config: { roles: FILERS },
      schema: {
        tags: ['institutions'],
        summary: 'File the last approved figures for the period and submit them in one step',
        body: BedReportUnchanged,
        response: { 200: BedReportDetail, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    (request) => service.unchanged(actorOf(request), request.body),
  )

  fastify.patch(
    '/bed-reports/:id',
    {
      config: { roles: FILERS },
      schema: {
        tags: ['institutions'],
        summary: 'Change a draft or returned report; submitted and approved ones are read-only',
        params: IdParams,
        body: BedReportUpdate,
        response: { 200: BedReportDetail, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    (request) => service.update(actorOf(request), request.params.id, request.body),
  )

  fastify.post(
    '/bed-reports/:id/submit',
    {
      config: { roles: FILERS },
      schema: { tags: ['institutions'], params: IdParams, response: { 200: BedReportDetail, ...errorResponses(400, 401, 403, 404, 409) } },
    },
    (request) => service.step(actorOf(request), 'submit', request.params.id),
  )

  fastify.post(
    '/bed-reports/:id/approve',
    {
      config: { roles: REVIEWERS },
      schema: { tags: ['institutions'], params: IdParams, response: { 200: BedReportDetail, ...errorResponses(400, 401, 403, 404, 409) } },
    },
    (request) => service.step(actorOf(request), 'approve', request.params.id),
  )

  fastify.post(
    '/bed-reports/:id/return',
    {
      config: { roles: REVIEWERS },
      schema: {
        tags: ['institutions'],
        summary: 'Return a submitted report with a comment for correction',
        params: IdParams,
        body: BedReportReturn,
        response: { 200: BedReportDetail, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    (request) => service.step(actorOf(request), 'return', request.params.id, request.body.comment),
  )
}

export default bedReportsRoutes
