import { Page, Settlement, SettlementKey, SettlementListQuery, SettlementReturn } from '@eldercare/shared'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { actorOf } from '../auth/actor.js'
import { errorResponses, sendXlsx, XLSX_TYPE as XLSX, XlsxFile } from '../http/responses.js'

const PREPARERS = ['bureau_admin', 'bureau_staff', 'canteen_operator'] as const
const REVIEWERS = ['bureau_admin', 'bureau_staff'] as const

const settlementsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = fastify.settlementsService

  fastify.get(
    '/settlements',
    {
      config: { roles: PREPARERS },
      schema: { tags: ['settlements'], summary: 'Statements submitted or decided (the review queue)', querystring: SettlementListQuery, response: { 200: Page(Settlement), ...errorResponses(400, 401, 403) } },
    },
    (request) => service.list(actorOf(request), request.query),
  )

  fastify.get(
    '/settlements/statement',
    {
      config: { roles: PREPARERS },
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
    '/settlements/approve',
    {
      config: { roles: REVIEWERS },
      schema: { tags: ['settlements'], body: SettlementKey, response: { 200: Settlement, ...errorResponses(400, 401, 403, 404, 409) } },
    },
    (request) => service.step(actorOf(request), 'approve', request.body.facilityId, request.body.month),
  )

  fastify.post(
    '/settlements/return',
    {
      config: { roles: REVIEWERS },
      schema: { tags: ['settlements'], summary: 'Return a submitted month with a comment; its meals unlock', body: SettlementReturn, response: { 200: Settlement, ...errorResponses(400, 401, 403, 404, 409) } },
    },
    (request) => service.step(actorOf(request), 'return', request.body.facilityId, request.body.month, request.body.comment),
  )

  fastify.get(
    '/settlements/export',
    {
      config: { roles: PREPARERS },
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
