import {
  AllowanceExpiry,
  AllowanceExpiryResult,
  AllowanceGrant,
  AllowanceGrantResult,
  AllowanceRule,
  AllowanceRuleCreate,
  CardFacilityStatement,
  CardSettings,
  CardTotals,
  CardTotalsQuery,
  CardTransaction,
  CareCard,
  CareCardCancel,
  CareCardIssue,
  CareCardListQuery,
  CareCardSearchBody,
  CareCardReissue,
  IdParams,
  LedgerEntry,
  Page,
  PageQuery,
  Reconciliation,
  SettlementKey,
} from '@eldercare/shared'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { actorOf } from '../auth/actor.js'
import { errorResponses, sendXlsx, XLSX_TYPE as XLSX, XlsxFile } from '../http/responses.js'

const READERS = ['bureau_admin', 'bureau_staff', 'town_staff', 'canteen_operator'] as const
const KEEPERS = ['bureau_admin', 'bureau_staff', 'town_staff'] as const
const BUREAU = ['bureau_admin', 'bureau_staff'] as const

const careCardsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = fastify.careCardsService
  const allowances = fastify.allowancesService

  fastify.get(
    '/care-cards',
    {
      config: { roles: READERS },
      schema: { tags: ['care-cards'], summary: 'Cards by status or elder; a search by number or name is POST /care-cards/search', querystring: CareCardListQuery, response: { 200: Page(CareCard), ...errorResponses(400, 401, 403) } },
    },
    (request) => service.list(actorOf(request), request.query),
  )

  fastify.post(
    '/care-cards/search',
    {
      config: { roles: READERS },
      schema: {
        tags: ['care-cards'],
        summary: 'Find cards by scanned number, elder name or initials, or last 4 of the 身份证号; in the body, never the URL',
        body: CareCardSearchBody,
        response: { 200: Page(CareCard), ...errorResponses(400, 401, 403) },
      },
    },
    (request) => service.list(actorOf(request), request.body),
  )

  fastify.get(
    '/care-cards/reconciliation',
    {
      config: { roles: BUREAU },
      schema: { tags: ['care-cards'], summary: 'Every purse balance against the sum of its ledger entries', response: { 200: Reconciliation, ...errorResponses(401, 403) } },
    },
    (request) => service.reconciliation(actorOf(request)),
  )

  fastify.get(
    '/care-cards/facility-statement',
    {
      config: { roles: ['bureau_admin', 'bureau_staff', 'canteen_operator'] },
      schema: { tags: ['care-cards'], summary: 'What cards paid a facility or provider in a month, to be reimbursed', querystring: SettlementKey, response: { 200: CardFacilityStatement, ...errorResponses(400, 401, 403, 404) } },
    },
    (request) => service.facilityStatement(actorOf(request), request.query.facilityId, request.query.month),
  )

  fastify.get(
    '/care-cards/totals',
    {
      config: { roles: BUREAU },
      schema: { tags: ['care-cards'], summary: 'The district’s card money in a month, by kind of movement', querystring: CardTotalsQuery, response: { 200: CardTotals, ...errorResponses(400, 401, 403) } },
    },
    (request) => service.totals(actorOf(request), request.query.month),
  )

  fastify.get(
    '/care-cards/totals/export',
    {
      config: { roles: BUREAU },
      schema: { tags: ['care-cards'], querystring: CardTotalsQuery, produces: [XLSX], response: { 200: XlsxFile, ...errorResponses(400, 401, 403) } },
    },
    async (request, reply) =>
      sendXlsx(reply, await service.exportTotals(actorOf(request), request.query.month), `card-totals-${request.query.month}.xlsx`, `爱心卡月度汇总-${request.query.month}.xlsx`),
  )

  fastify.get(
    '/care-cards/:id/statement/export',
    {
      config: { roles: READERS },
      schema: { tags: ['care-cards'], summary: 'The card’s whole history with running balance, as .xlsx', params: IdParams, produces: [XLSX], response: { 200: XlsxFile, ...errorResponses(400, 401, 403, 404) } },
    },
    async (request, reply) => {
      const { cardNo } = await service.get(actorOf(request), request.params.id)
      return sendXlsx(reply, await service.exportStatement(actorOf(request), request.params.id), `card-statement-${cardNo}.xlsx`, `爱心卡流水-${cardNo}.xlsx`)
    },
  )

  fastify.post(
    '/care-cards',
    {
      config: { roles: KEEPERS },
      schema: { tags: ['care-cards'], summary: 'Issue a card to an elder (one live card each)', body: CareCardIssue, response: { 201: CareCard, ...errorResponses(400, 401, 403, 404, 409) } },
    },
    async (request, reply) => reply.code(201).send(await service.issue(actorOf(request), request.body)),
  )

  fastify.get(
    '/care-cards/:id',
    { config: { roles: READERS }, schema: { tags: ['care-cards'], params: IdParams, response: { 200: CareCard, ...errorResponses(400, 401, 403, 404) } } },
    (request) => service.get(actorOf(request), request.params.id),
  )

  for (const [action, frozen] of [
    ['freeze', true],
    ['unfreeze', false],
  ] as const) {
    fastify.post(
      `/care-cards/:id/${action}`,
      { config: { roles: KEEPERS }, schema: { tags: ['care-cards'], params: IdParams, response: { 200: CareCard, ...errorResponses(400, 401, 403, 404, 409) } } },
      (request) => service.setFrozen(actorOf(request), request.params.id, frozen),
    )
  }

  fastify.post(
    '/care-cards/:id/reissue',
    {
      config: { roles: KEEPERS },
      schema: { tags: ['care-cards'], summary: 'Replace a lost card: the balance moves, the old card is cancelled', params: IdParams, body: CareCardReissue, response: { 201: CareCard, ...errorResponses(400, 401, 403, 404, 409) } },
    },
    async (request, reply) => reply.code(201).send(await service.reissue(actorOf(request), request.params.id, request.body)),
  )

  fastify.post(
    '/care-cards/:id/cancel',
    {
      config: { roles: KEEPERS },
      schema: { tags: ['care-cards'], summary: 'Cancel a card; its balance is settled by the district’s rule', params: IdParams, body: CareCardCancel, response: { 200: CareCard, ...errorResponses(400, 401, 403, 404, 409) } },
    },
    (request) => service.cancel(actorOf(request), request.params.id, request.body.reason),
  )

  fastify.get(
    '/care-cards/:id/ledger',
    {
      config: { roles: READERS },
      schema: { tags: ['care-cards'], summary: 'The card’s entries, newest first, each with the balance it left', params: IdParams, querystring: PageQuery, response: { 200: Page(LedgerEntry), ...errorResponses(400, 401, 403, 404) } },
    },
    (request) => service.ledger(actorOf(request), request.params.id, request.query.page ?? 1, request.query.pageSize ?? 20),
  )

  fastify.post(
    '/care-cards/:id/transactions',
    {
      config: { roles: READERS },
      schema: {
        tags: ['care-cards'],
        summary: 'Top-up, service payment or refund, exactly once by its id (201 new, 200 a retry)',
        params: IdParams,
        body: CardTransaction,
        response: { 200: LedgerEntry, 201: LedgerEntry, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { created, entry } = await service.transact(actorOf(request), request.params.id, request.body)
      return reply.code(created ? 201 : 200).send(entry)
    },
  )

  fastify.get(
    '/allowance-rules',
    { config: { roles: BUREAU }, schema: { tags: ['care-cards'], response: { 200: Type.Object({ items: Type.Array(AllowanceRule), total: Type.Integer() }), ...errorResponses(401, 403) } } },
    (request) => allowances.rules(actorOf(request)),
  )

  fastify.post(
    '/allowance-rules',
    { config: { roles: ['bureau_admin'] }, schema: { tags: ['care-cards'], body: AllowanceRuleCreate, response: { 201: AllowanceRule, ...errorResponses(400, 401, 403) } } },
    async (request, reply) => reply.code(201).send(await allowances.createRule(actorOf(request), request.body)),
  )

  fastify.post(
    '/allowance-grants',
    {
      config: { roles: BUREAU },
      schema: { tags: ['care-cards'], summary: 'Preview (dryRun) or run a month’s allowance; each card is credited once per month, never before the month begins', body: AllowanceGrant, response: { 200: AllowanceGrantResult, ...errorResponses(400, 401, 403, 409) } },
    },
    (request) => allowances.grant(actorOf(request), request.body.month, request.body.dryRun ?? true),
  )

  fastify.post(
    '/allowance-expiries',
    {
      config: { roles: BUREAU },
      schema: { tags: ['care-cards'], summary: 'Year-end expiry of unspent allowance, where the district says it expires', body: AllowanceExpiry, response: { 200: AllowanceExpiryResult, ...errorResponses(400, 401, 403) } },
    },
    (request) => allowances.expire(actorOf(request), request.body.year, request.body.dryRun ?? true),
  )

  fastify.get(
    '/card-settings',
    { config: { roles: READERS }, schema: { tags: ['care-cards'], response: { 200: CardSettings, ...errorResponses(401, 403) } } },
    (request) => allowances.getSettings(actorOf(request)),
  )

  fastify.put(
    '/card-settings',
    { config: { roles: ['bureau_admin'] }, schema: { tags: ['care-cards'], body: CardSettings, response: { 200: CardSettings, ...errorResponses(400, 401, 403) } } },
    (request) => allowances.saveSettings(actorOf(request), request.body),
  )
}

export default careCardsRoutes
