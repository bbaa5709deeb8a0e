import type { Server as HttpsServer } from 'node:https'
import type { DbHandle } from '@eldercare/db'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, {
  type FastifyInstance,
  type FastifyPluginAsync,
  type FastifyRequest,
  type FastifyServerOptions,
  type RawServerBase,
  type RawServerDefault,
} from 'fastify'
import fp from 'fastify-plugin'
import auditRepository from './audit/audit.repository.js'
import auditRoutes from './audit/audit.routes.js'
import authGuard from './auth/auth.guard.js'
import authRoutes from './auth/auth.routes.js'
import authService from './auth/auth.service.js'
import refreshTokensRepository from './auth/refresh-tokens.repository.js'
import type { AppConfig, Secrets } from './config.js'
import healthRoutes from './health/health.routes.js'
import database from './plugins/database.js'
import allowancesService from './care-cards/allowances.service.js'
import careCardsRepository from './care-cards/care-cards.repository.js'
import careCardsRoutes from './care-cards/care-cards.routes.js'
import careCardsService from './care-cards/care-cards.service.js'
import eldersRosterService from './elders/elders-roster.service.js'
import eldersRepository from './elders/elders.repository.js'
import elderStatusRepository from './elders/elder-status.repository.js'
import elderStatusService from './elders/elder-status.service.js'
import eldersRoutes from './elders/elders.routes.js'
import eldersService from './elders/elders.service.js'
import facilitiesRepository from './facilities/facilities.repository.js'
import mealRecordsRoutes from './meals/meal-records.routes.js'
import mealRecordsService from './meals/meal-records.service.js'
import mealsRepository from './meals/meals.repository.js'
import mealPricesRepository from './meals/meal-prices.repository.js'
import mealPricesRoutes from './meals/meal-prices.routes.js'
import mealPricesService from './meals/meal-prices.service.js'
import counterDevicesRepository from './counters/counter-devices.repository.js'
import countersRoutes from './counters/counters.routes.js'
import countersService from './counters/counters.service.js'
import subsidyRulesRoutes from './meals/subsidy-rules.routes.js'
import subsidyRulesService from './meals/subsidy-rules.service.js'
import facilitiesRoutes from './facilities/facilities.routes.js'
import facilitiesService from './facilities/facilities.service.js'
import kitchenOrdersRepository from './kitchen-orders/kitchen-orders.repository.js'
import kitchenOrdersRoutes from './kitchen-orders/kitchen-orders.routes.js'
import kitchenOrdersService from './kitchen-orders/kitchen-orders.service.js'
import bedReportsRoutes from './institutions/bed-reports.routes.js'
import bedReportsService from './institutions/bed-reports.service.js'
import institutionsRepository from './institutions/institutions.repository.js'
import institutionsRoutes from './institutions/institutions.routes.js'
import institutionsService from './institutions/institutions.service.js'
import starRatingsRoutes from './institutions/star-ratings.routes.js'
import starRatingsService from './institutions/star-ratings.service.js'
import dashboardService from './indicators/dashboard.service.js'
import indicatorsRepository from './indicators/indicators.repository.js'
import indicatorsRoutes from './indicators/indicators.routes.js'
import indicatorsService from './indicators/indicators.service.js'
import populationStatsRepository from './indicators/population-stats.repository.js'
import importMappingsRepository from './imports/import-mappings.repository.js'
import summaryCompaction from './indicators/summary-compaction.js'
import populationStatsRoutes from './indicators/population-stats.routes.js'
import populationStatsService from './indicators/population-stats.service.js'
import targetsRepository from './indicators/targets.repository.js'
import targetsRoutes from './indicators/targets.routes.js'
import targetsService from './indicators/targets.service.js'
import apiCacheControl from './plugins/api-cache-control.js'
import compression from './plugins/compression.js'
import errorHandler from './plugins/error-handler.js'
import openapi from './plugins/openapi.js'
import routeCatalog from './plugins/route-catalog.js'
import security from './plugins/security.js'
import validation from './plugins/validation.js'
import webApp from './plugins/web-app.js'
import { logSafeError, logSafeUrl } from './privacy/log-safe.js'
import pii from './privacy/pii.plugin.js'
import subsidyChecksRepository from './subsidy-checks/subsidy-checks.repository.js'
import subsidyChecksRoutes from './subsidy-checks/subsidy-checks.routes.js'
import subsidyChecksService from './subsidy-checks/subsidy-checks.service.js'
import subsidyRecoveryService from './subsidy-checks/subsidy-recovery.service.js'
import subsidyCheckSettingsService from './subsidy-checks/subsidy-check-settings.service.js'
import externalListsService from './subsidy-checks/external-lists.service.js'
import nightlyChecks from './subsidy-checks/nightly-checks.js'
import settlementsRepository from './settlements/settlements.repository.js'
import settlementsRoutes from './settlements/settlements.routes.js'
import settlementsService from './settlements/settlements.service.js'
import regionsRepository from './regions/regions.repository.js'
import regionsRoutes from './regions/regions.routes.js'
import regionsService from './regions/regions.service.js'
import tenantsRepository from './tenants/tenants.repository.js'
import tenantsRoutes from './tenants/tenants.routes.js'
import tenantsService from './tenants/tenants.service.js'
import usersRepository from './users/users.repository.js'
import usersRoutes from './users/users.routes.js'
import usersService from './users/users.service.js'

export interface AppOptions {
  config: AppConfig
  secrets: Secrets
  /** Opened and closed by the caller, so tests can share or inspect it. */
  database: DbHandle
  /** Folder of the built web app to serve, or null for the API alone. */
  webRoot?: string | null
  /** Where log lines go instead of stdout: tests read them back. */
  logStream?: { write(line: string): void }
  /** The certificate and key (PEM) read from `config.tls`: the app then serves https. */
  tls?: { cert: Buffer; key: Buffer } | null
}

declare module 'fastify' {
  interface FastifyInstance {
    config: AppConfig
    secrets: Secrets
  }
}

/** Server options shared by server.ts and the tests, so both run the same app. */
export function fastifyOptions<Server extends RawServerBase = RawServerDefault>(config: AppConfig, logStream?: AppOptions['logStream']): FastifyServerOptions<Server> {
  return {
    ...(config.trustProxy ? { trustProxy: config.trustProxy } : {}),
    logger: {
      level: config.logLevel,
      // Tokens, passwords and personal data never reach the logs.
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.refreshToken', '*.idNumber', '*.phone'],
        censor: '[redacted]',
      },
      // A search may be a 身份证号 or a phone number, and so may a failed query's parameters: URLs are
      // logged with query names only, errors without parameters.
      serializers: {
        req: (request: Pick<FastifyRequest, 'method' | 'url' | 'host' | 'ip'>) => ({ method: request.method, url: logSafeUrl(request.url), host: request.host, remoteAddress: request.ip }),
        err: logSafeError,
      },
      ...(config.logPretty ? { transport: { target: 'pino-pretty' } } : {}),
      ...(logStream ? { stream: logStream } : {}),
    },
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
  }
}

/**
 * The whole application as one plugin. Order matters: framework and infrastructure first, then the
 * domain repositories and services, then the routes that use them.
 */
const app: FastifyPluginAsync<AppOptions> = async (fastify, options) => {
  fastify.decorate('config', options.config)
  fastify.decorate('secrets', options.secrets)

  await fastify.register(validation)
  await fastify.register(errorHandler)
  await fastify.register(routeCatalog)
  await fastify.register(database, { database: options.database })
  await fastify.register(security)
  await fastify.register(compression)
  await fastify.register(apiCacheControl)
  await fastify.register(openapi)
  await fastify.register(pii)

  await fastify.register(auditRepository)
  await fastify.register(tenantsRepository)
  await fastify.register(usersRepository)
  await fastify.register(regionsRepository)
  await fastify.register(refreshTokensRepository)
  await fastify.register(facilitiesRepository)
  await fastify.register(eldersRepository)
  await fastify.register(importMappingsRepository)
  await fastify.register(elderStatusRepository)
  await fastify.register(mealsRepository)
  await fastify.register(mealPricesRepository)
  await fastify.register(counterDevicesRepository)
  await fastify.register(careCardsRepository)
  await fastify.register(settlementsRepository)
  await fastify.register(kitchenOrdersRepository)
  await fastify.register(institutionsRepository)
  await fastify.register(indicatorsRepository)
  await fastify.register(populationStatsRepository)
  await fastify.register(targetsRepository)
  await fastify.register(subsidyChecksRepository)
  await fastify.register(authGuard)
  await fastify.register(authService)
  await fastify.register(tenantsService)
  await fastify.register(usersService)
  await fastify.register(regionsService)
  await fastify.register(facilitiesService)
  await fastify.register(elderStatusService)
  await fastify.register(eldersService)
  await fastify.register(eldersRosterService)
  await fastify.register(careCardsService)
  await fastify.register(allowancesService)
  await fastify.register(subsidyRulesService)
  await fastify.register(mealRecordsService)
  await fastify.register(mealPricesService)
  await fastify.register(countersService)
  await fastify.register(settlementsService)
  await fastify.register(kitchenOrdersService)
  await fastify.register(institutionsService)
  await fastify.register(bedReportsService)
  await fastify.register(starRatingsService)
  await fastify.register(indicatorsService)
  await fastify.register(dashboardService)
  await fastify.register(populationStatsService)
  await fastify.register(targetsService)
  await fastify.register(subsidyChecksService)
  await fastify.register(subsidyRecoveryService)
  await fastify.register(subsidyCheckSettingsService)
  await fastify.register(externalListsService)
  await fastify.register(summaryCompaction)
  await fastify.register(nightlyChecks)

  await fastify.register(healthRoutes)
  await fastify.register(
    async (api) => {
      await api.register(authRoutes)
      await api.register(tenantsRoutes)
      await api.register(usersRoutes)
      await api.register(regionsRoutes)
      await api.register(auditRoutes)
      await api.register(facilitiesRoutes)
      await api.register(eldersRoutes)
      await api.register(subsidyRulesRoutes)
      await api.register(mealRecordsRoutes)
      await api.register(mealPricesRoutes)
      await api.register(countersRoutes)
      await api.register(careCardsRoutes)
      await api.register(settlementsRoutes)
      await api.register(kitchenOrdersRoutes)
      await api.register(institutionsRoutes)
      await api.register(bedReportsRoutes)
      await api.register(starRatingsRoutes)
      await api.register(indicatorsRoutes)
      await api.register(populationStatsRoutes)
      await api.register(targetsRoutes)
      await api.register(subsidyChecksRoutes)
    },
    { prefix: '/api/v1' },
  )
  await fastify.register(webApp, { webRoot: options.webRoot ?? null })
}

const appPlugin = fp(app, { name: 'eldercare-app' })
export default appPlugin

/** Builds a ready app; the caller listens (server.ts) or injects (tests). */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  // An https server is a different type parameter of Fastify; routes and plugins do not care which.
  const server = options.tls
    ? (Fastify({ ...fastifyOptions<HttpsServer>(options.config, options.logStream), https: options.tls }) as unknown as FastifyInstance)
    : Fastify(fastifyOptions(options.config, options.logStream))
  const fastify = server.withTypeProvider<TypeBoxTypeProvider>()
  await fastify.register(appPlugin, options)
  await fastify.ready()
  return fastify as unknown as FastifyInstance
}
