import { ConcentratedCareGapQuery, ConcentratedCareGaps, Coverage, CoverageQuery, Dashboard, DashboardQuery, IndicatorQuery, IndicatorReport, type Role } from '@eldercare/shared'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { actorOf } from '../auth/actor.js'
import { errorResponses, sendXlsx, XlsxFile } from '../http/responses.js'
import { writeIndicatorReportXlsx } from './indicator-report-xlsx.js'
import { resolveDates } from './indicators.service.js'

/** Bureau staff see the district; town staff their own towns. */
export const INDICATOR_READERS: Role[] = ['bureau_admin', 'bureau_staff', 'town_staff']

const indicatorsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = fastify.indicatorsService

  fastify.get(
    '/indicators',
    {
      config: { roles: INDICATOR_READERS },
      schema: {
        tags: ['indicators'],
        summary: "The work plan's indicators on a day (default today): value, numerator, denominator, target, met, same date last year",
        querystring: IndicatorQuery,
        response: { 200: IndicatorReport, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => service.report(actorOf(request), request.query),
  )

  fastify.get(
    '/coverage',
    {
      config: { roles: INDICATOR_READERS },
      schema: {
        tags: ['indicators'],
        summary: 'Meal-service coverage of communities by town, island, urban/rural or community, and the uncovered communities',
        querystring: CoverageQuery,
        response: { 200: Coverage, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => service.coverage(actorOf(request), request.query),
  )

  fastify.get(
    '/indicators/concentrated-care',
    {
      config: { roles: INDICATOR_READERS },
      schema: {
        tags: ['indicators'],
        summary: '集中供养 on a day: eligible elders with a recorded need by town, and those not placed with the nearest institutions with free beds',
        querystring: ConcentratedCareGapQuery,
        response: { 200: ConcentratedCareGaps, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => service.concentratedCare(actorOf(request), request.query),
  )

  fastify.get(
    '/dashboard',
    {
      config: { roles: INDICATOR_READERS },
      schema: {
        tags: ['indicators'],
        summary: 'Meals per day, card users per month, beds, ratings and data-freshness flags on a day',
        querystring: DashboardQuery,
        response: { 200: Dashboard, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => fastify.dashboardService.dashboard(actorOf(request), request.query),
  )

  fastify.get(
    '/indicators/export',
    {
      config: { roles: INDICATOR_READERS },
      schema: {
        tags: ['indicators'],
        summary: 'The indicator report as .xlsx: indicators with their parts, coverage by town, uncovered communities, beds and ratings, data freshness',
        querystring: IndicatorQuery,
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        response: { 200: XlsxFile, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request)
      const { asOf } = resolveDates(request.query)
      const query = { asOf, townCode: request.query.townCode }
      const [report, coverage, dashboard, tenant] = await Promise.all([
        service.report(actor, query),
        service.coverage(actor, { ...query, groupBy: 'town' }),
        fastify.dashboardService.dashboard(actor, query),
        fastify.tenantsRepository.findById(actor.tenantId),
      ])
      const file = await writeIndicatorReportXlsx({ districtName: tenant?.name ?? '', report, coverage, dashboard })
      return sendXlsx(reply, file, `indicators-${asOf}.xlsx`, `养老服务指标报表-${asOf}.xlsx`)
    },
  )
}

export default indicatorsRoutes
