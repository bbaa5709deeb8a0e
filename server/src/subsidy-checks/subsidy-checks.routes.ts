import {
  ExternalListQuery,
  ExternalListResult,
  FindingDecision,
  IdParams,
  ScanResult,
  SubsidyFinding,
  SubsidyFindingDetail,
  SubsidyFindingPage,
  SubsidyFindingQuery,
  SubsidyFindingSummary,
  SubsidyFindingSummaryQuery,
  SubsidyCheckSettings,
  SubsidyCheckSettingsPut,
} from '@eldercare/shared'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { actorOf } from '../auth/actor.js'
import { errorResponses, XLSX_TYPE as XLSX } from '../http/responses.js'
import { acceptXlsxUploads, xlsxUpload } from '../http/xlsx-upload.js'
import { openFindingsByTown } from './findings-summary.js'

/** Town staff review (and clear) their towns' findings; the bureau confirms, which recovers money. */
const REVIEWERS = ['bureau_admin', 'bureau_staff', 'town_staff'] as const
const CONFIRMERS = ['bureau_admin', 'bureau_staff'] as const

const subsidyChecksRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = fastify.subsidyChecksService
  acceptXlsxUploads(fastify, 10 * 1024 * 1024)

  fastify.get(
    '/subsidy-checks',
    {
      config: { roles: REVIEWERS },
      schema: { tags: ['subsidy-checks'], summary: 'The review queue of findings, with counts by kind', querystring: SubsidyFindingQuery, response: { 200: SubsidyFindingPage, ...errorResponses(400, 401, 403) } },
    },
    (request) => service.list(actorOf(request), request.query),
  )

  fastify.get(
    '/subsidy-checks/summary',
    {
      config: { roles: REVIEWERS },
      schema: {
        tags: ['subsidy-checks'],
        summary: 'Open findings now (no as-of day), by town and kind: counts and amounts at stake, as the queue lists them',
        querystring: SubsidyFindingSummaryQuery,
        response: { 200: SubsidyFindingSummary, ...errorResponses(400, 401, 403) },
      },
    },
    (request) => openFindingsByTown(fastify.db, actorOf(request)),
  )

  fastify.get(
    '/subsidy-checks/settings',
    {
      config: { roles: REVIEWERS },
      schema: { tags: ['subsidy-checks'], summary: 'The check settings: distance, delegate share, island crossings', response: { 200: SubsidyCheckSettings, ...errorResponses(401, 403) } },
    },
    (request) => fastify.subsidyCheckSettingsService.settings(actorOf(request)),
  )

  fastify.put(
    '/subsidy-checks/settings',
    {
      config: { roles: ['bureau_admin'] },
      schema: {
        tags: ['subsidy-checks'],
        summary: 'Save the check settings; they apply from the next scan and leave raised findings as they are',
        body: SubsidyCheckSettingsPut,
        response: { 200: SubsidyCheckSettings, ...errorResponses(400, 401, 403) },
      },
    },
    (request) => fastify.subsidyCheckSettingsService.update(actorOf(request), request.body),
  )

  fastify.get(
    '/subsidy-checks/:id',
    {
      config: { roles: REVIEWERS },
      schema: { tags: ['subsidy-checks'], summary: 'A finding with its evidence', params: IdParams, response: { 200: SubsidyFindingDetail, ...errorResponses(400, 401, 403, 404) } },
    },
    (request) => service.detail(actorOf(request), request.params.id),
  )

  fastify.post(
    '/subsidy-checks/:id/confirm',
    {
      config: { roles: CONFIRMERS },
      schema: {
        tags: ['subsidy-checks'],
        summary: 'Confirm: the meals’ subsidy is deducted in the next settlement (追回补贴), allowances are reversed on the card',
        params: IdParams,
        body: FindingDecision,
        response: { 200: SubsidyFinding, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    (request) => fastify.subsidyRecoveryService.confirm(actorOf(request), request.params.id, request.body.reason),
  )

  fastify.post(
    '/subsidy-checks/:id/dismiss',
    {
      config: { roles: REVIEWERS },
      schema: { tags: ['subsidy-checks'], summary: 'Dismiss with a reason; nothing else changes', params: IdParams, body: FindingDecision, response: { 200: SubsidyFinding, ...errorResponses(400, 401, 403, 404, 409) } },
    },
    (request) => service.dismiss(actorOf(request), request.params.id, request.body.reason),
  )

  fastify.post(
    '/subsidy-checks/scan',
    {
      config: { roles: CONFIRMERS },
      schema: { tags: ['subsidy-checks'], summary: 'Run every check now; a finding raised before is not raised again', response: { 200: ScanResult, ...errorResponses(401, 403) } },
    },
    (request) => service.scan(actorOf(request)),
  )

  fastify.post(
    '/subsidy-checks/external-lists',
    {
      config: { roles: CONFIRMERS },
      schema: {
        tags: ['subsidy-checks'],
        summary: 'Match a death or 户籍注销 list (.xlsx as the body) by 身份证号; dryRun=true previews',
        consumes: [XLSX],
        querystring: ExternalListQuery,
        response: { 200: ExternalListResult, ...errorResponses(400, 401, 403, 413, 415) },
      },
    },
    (request) => fastify.externalListsService.importList(actorOf(request), xlsxUpload(request.body), request.query.fileName ?? '名单.xlsx', request.query.dryRun ?? false),
  )
}

export default subsidyChecksRoutes
