import { Page, Settlement, SettlementKey, SettlementListQuery, SettlementReturn } from '@eldercare/shared'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { actorOf } from '../auth/actor.js'
import { errorResponses, sendXlsx, XLSX_TYPE as XLSX, XlsxFile } from '../http/responses.js'

const PREPARERS = ['bureau_admin', 'bureau_staff', 'canteen_operator'] as const
/** Who sees statements: those who prepare them and the towns that review them. */
const READERS = [...PREPARERS, 'town_staff'] as const
const BUREAU = ['bureau_admin', 'bureau_staff'] as const
/** Who returns a statement: its town while it waits there, the bureau after. */
const RETURNERS = [...BUREAU, 'town_staff'] as const

const settlementsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = fastify.settlementsService

  fastify.get(
    '/settlements',
    {
      config: { roles: READERS },
      schema: { tags: ['settlements'], summary: 'Statements submitted or decided (the review queues of the town and the bureau)', querystring: SettlementListQuery, response: { 200: Page(Settlement), ...errorResponses(400, 401, 403) } },
    },
    (request) => service.list(actorOf(request), request.query),
  )

  fastify.get(
    '/settlements/statement',
    {
      config: { roles: READERS },
      schema: { tags: ['settlements'], summary: 'A facility’s statement for a month, live until submitted', querystring: SettlementKey, response: { 200: Settlement, ...errorResponses(400, 401, 403, 404) } },
    },
    (request) => service.statement(actorOf(request), request.query.facilityId, request.query.month),
  )

  fastify.post(
    '/settlements/submit',
    {
      config: { roles: PREPARERS },
      schema: { tags: ['settlements'], summary: 'Submit a finished month: its figures freeze and its meals lock', body: SettlementKey, response: { 200: Settlement, ...errorResponses(400, 401, 403, 404, 409) } },
    },
    (request) => service.step(actorOf(request), 'submit', request.body.facilityId, request.body.month),
  )

  fastify.post(
    '/settlements/town-approve',
    {
      config: { roles: ['town_staff'] },
      schema: {
        tags: ['settlements'],
        summary: '镇街审核通过: the town staff of the facility’s town passes a submitted statement on to the bureau',
        body: SettlementKey,
        response: { 200: Settlement, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    (request) => service.step(actorOf(request), 'town_approve', request.body.facilityId, request.body.month),
  )

  fastify.post(
    '/settlements/approve',
    {
      config: { roles: BUREAU },
      schema: { tags: ['settlements'], summary: '区民政局审批: after the town’s review, or directly where the town has no reviewer', body: SettlementKey, response: { 200: Settlement, ...errorResponses(400, 401, 403, 404, 409) } },
    },
    (request) => service.step(actorOf(request), 'approve', request.body.facilityId, request.body.month),
  )

  fastify.post(
    '/settlements/return',
    {
      config: { roles: RETURNERS },
      schema: { tags: ['settlements'], summary: 'Return a month with a comment (the town while it waits there, the bureau after); its meals unlock', body: SettlementReturn, response: { 200: Settlement, ...errorResponses(400, 401, 403, 404, 409) } },
    },
    (request) => service.step(actorOf(request), 'return', request.body.facilityId, request.body.month, request.body.comment),
  )

  fastify.get(
    '/settlements/export',
    {
      config: { roles: READERS },
      schema: {
        tags: ['settlements'],
        summary: 'The statement as .xlsx with a signature block',
        querystring: SettlementKey,
        produces: [XLSX],
        response: { 200: XlsxFile, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const file = await service.exportXlsx(actorOf(request), request.query.facilityId, request.query.month)
      return sendXlsx(reply, file, `settlement-${request.query.month}.xlsx`, `助餐结算单-${request.query.month}.xlsx`)
    },
  )
}

export default settlementsRoutes
