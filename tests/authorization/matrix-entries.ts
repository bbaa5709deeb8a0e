import { randomUUID } from 'node:crypto'
import { DEFAULT_INSTITUTION_SETTINGS, ROLES, TENANT_ROLES, type BedFigures, type Role } from '@eldercare/shared'
import type { SeededTenant } from '../../server/test/helper.js'
import { makeIdNumber } from '../../server/test/id-numbers.js'

/** Objects of a tenant that matrix requests may act on without breaking the signed-in accounts. */
export interface MatrixTargets {
  targetUserId: string
  regionCsv: string
  /** A canteen the tenant's operator runs and an institution its reporter files for, both in the town staff's town. */
  canteenId: string
  institutionId: string
  /** An elder living in the canteen's community. */
  elderId: string
  rosterXlsx: Buffer
  /** A population sheet naming its community by name, which every seeded tenant has: no code of the tenant in it. */
  populationXlsx: Buffer
  subsidyRuleId: string
  /** A central kitchen the operator also runs. */
  kitchenId: string
  /** The target elder's care card. */
  cardId: string
  /** A fresh meal at the canteen for the target elder, today, unsubsidised (any number may be recorded). */
  meal(): Record<string, unknown>
  /** Recorded meals, one used up by each void request. */
  mealIds: string[]
  /** A draft bed report of the institution for 2024-01. */
  bedReportId: string
  /** Two open subsidy-check findings about the target elder: one to confirm, one to dismiss. */
  findingIds: string[]
}

type Target = SeededTenant & MatrixTargets

export interface MatrixEntry {
  /** Who may call the route; must equal the route's own `config.roles`. */
  roles: readonly Role[] | 'public'
  /** Path parameters naming an object of the given tenant; with the other tenant they must give 404. */
  params?: (tenant: Target, role: Role) => Record<string, string>
  query?: (tenant: Target) => Record<string, string>
  body?: (tenant: Target) => string | Buffer | Record<string, unknown>
  contentType?: string
  /** The route spans tenants by design (platform administration). */
  crossTenant?: boolean
}

const BUREAU_ADMIN = ['bureau_admin'] as const
const BUREAU = ['bureau_admin', 'bureau_staff'] as const
const FACILITY_READERS = ['bureau_admin', 'bureau_staff', 'town_staff', 'canteen_operator', 'institution_reporter'] as const
const ELDER_READERS = ['bureau_admin', 'bureau_staff', 'town_staff', 'canteen_operator'] as const
const ELDER_WRITERS = ['bureau_admin', 'bureau_staff', 'town_staff'] as const
const MEAL_READERS = ['bureau_admin', 'bureau_staff', 'canteen_operator'] as const
/** Statements are read by those who prepare them and by the towns that review them. */
const SETTLEMENT_READERS = ['bureau_admin', 'bureau_staff', 'canteen_operator', 'town_staff'] as const
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const INDICATOR_READERS = ['bureau_admin', 'bureau_staff', 'town_staff'] as const
const INSTITUTION_READERS = ['bureau_admin', 'bureau_staff', 'town_staff', 'institution_reporter'] as const
const BED_REPORT_FILERS = ['bureau_admin', 'bureau_staff', 'institution_reporter'] as const

/** Bed figures that pass every check. */
export const MATRIX_BED_FIGURES: BedFigures = {
  totalBeds: 50,
  nursingBeds: 30,
  dementiaBeds: 5,
  closedBeds: 0,
  occupiedBeds: 40,
  occupiedNursingBeds: 25,
  occupiedDementiaBeds: 5,
  residentsSelfCare: 10,
  residentsPartlyDependent: 15,
  residentsDependent: 15,
  certifiedCaregivers: 8,
  caregivers: 10,
}
let tenantSerial = 0

/** The month before this one, `YYYY-MM`: a month that can be settled. */
function lastMonth(): string {
  const date = new Date()
  date.setUTCDate(1)
  date.setUTCMonth(date.getUTCMonth() - 1)
  return date.toISOString().slice(0, 7)
}
let elderSerial = 0

/** The facility a role can see: the reporter's institution, everyone else's canteen. */
/** What a counter device reports of itself: a fresh device of the target canteen. */
const deviceReport = (t: Target) => ({ deviceId: randomUUID(), facilityId: t.canteenId, outboxSize: 0, oldestUnsyncedAt: null, snapshotVersion: null })

const facilityFor = (t: Target, role: Role) => ({ id: role === 'institution_reporter' ? t.institutionId : t.canteenId })

export const MATRIX: Record<string, MatrixEntry> = {
  'POST /api/v1/auth/login': { roles: 'public' },
  'POST /api/v1/auth/refresh': { roles: 'public' },
  'POST /api/v1/auth/logout': { roles: ROLES, body: (t) => ({ refreshToken: `${t.tenantId}.${'A'.repeat(43)}` }) },
  'GET /api/v1/auth/me': { roles: ROLES },
  // A wrong current password: the route is reachable, nothing changes.
  'POST /api/v1/auth/change-password': { roles: ROLES, body: () => ({ currentPassword: 'not-the-password-1', newPassword: 'Another#2024' }) },

  'GET /api/v1/tenants': { roles: ['platform_admin'], crossTenant: true },
  'GET /api/v1/tenants/:id': { roles: ['platform_admin'], crossTenant: true, params: (t) => ({ id: t.tenantId }) },
  'POST /api/v1/tenants': {
    roles: ['platform_admin'],
    crossTenant: true,
    body: () => ({
      code: String(330_950 + ++tenantSerial),
      name: '矩阵测试区',
      admin: { username: 'admin', displayName: '管理员', password: 'Matrix#2024' },
    }),
  },

  'GET /api/v1/users': { roles: BUREAU_ADMIN, query: () => ({ pageSize: '200' }) },
  'GET /api/v1/users/:id': { roles: BUREAU_ADMIN, params: (t) => ({ id: t.targetUserId }) },
  'POST /api/v1/users': {
    roles: BUREAU_ADMIN,
    body: () => ({ username: `matrix.${++tenantSerial}`, displayName: '新用户', role: 'bureau_staff', password: 'Matrix#2024' }),
  },
  'PATCH /api/v1/users/:id': { roles: BUREAU_ADMIN, params: (t) => ({ id: t.targetUserId }), body: () => ({ displayName: '改名' }) },
  'POST /api/v1/users/:id/disable': { roles: BUREAU_ADMIN, params: (t) => ({ id: t.targetUserId }) },
  'POST /api/v1/users/:id/enable': { roles: BUREAU_ADMIN, params: (t) => ({ id: t.targetUserId }) },
  'POST /api/v1/users/:id/reset-password': {
    roles: BUREAU_ADMIN,
    params: (t) => ({ id: t.targetUserId }),
    body: () => ({ newPassword: 'Reset#2024' }),
  },

  'GET /api/v1/regions': { roles: TENANT_ROLES },
  'PATCH /api/v1/regions/:code': { roles: BUREAU_ADMIN, params: (t) => ({ code: `${t.code}100` }), body: () => ({ island: '测试岛' }) },
  'POST /api/v1/regions/import': { roles: BUREAU_ADMIN, body: (t) => t.regionCsv, contentType: 'text/csv' },

  'GET /api/v1/audit-events': { roles: BUREAU_ADMIN, query: () => ({ pageSize: '200' }) },

  'GET /api/v1/facilities': { roles: FACILITY_READERS, query: () => ({ pageSize: '200' }) },
  'GET /api/v1/facilities/:id': { roles: FACILITY_READERS, params: facilityFor },
  'POST /api/v1/facilities': {
    roles: BUREAU,
    body: (t) => ({ name: '矩阵食堂', type: 'canteen', communityCode: `${t.code}001200`, address: '矩阵路', openedOn: '2024-01-01' }),
  },
  'PATCH /api/v1/facilities/:id': { roles: BUREAU, params: (t) => ({ id: t.canteenId }), body: () => ({ address: '矩阵路2号' }) },
  'GET /api/v1/facilities/:id/service-area': { roles: FACILITY_READERS, params: facilityFor },
  'PUT /api/v1/facilities/:id/service-area': {
    roles: BUREAU,
    params: (t) => ({ id: t.canteenId }),
    body: (t) => ({ communityCodes: [`${t.code}001001`] }),
  },

  'GET /api/v1/elders': { roles: ELDER_READERS, query: () => ({ pageSize: '200' }) },
  'POST /api/v1/elders/search': { roles: ELDER_READERS, body: () => ({ q: '矩阵', pageSize: 200 }) },
  'GET /api/v1/elders/:id': { roles: ELDER_READERS, params: (t) => ({ id: t.elderId }) },
  'POST /api/v1/elders': {
    roles: ELDER_WRITERS,
    body: (t) => ({ idNumber: makeIdNumber('1946-02-03', String(300 + ++elderSerial)), name: '矩阵老人', communityCode: `${t.code}001001` }),
  },
  'PATCH /api/v1/elders/:id': { roles: ELDER_WRITERS, params: (t) => ({ id: t.elderId }), body: () => ({ dietaryNotes: '少盐' }) },
  'POST /api/v1/elders/:id/reveal': { roles: ELDER_WRITERS, params: (t) => ({ id: t.elderId }) },
  'GET /api/v1/elders/:id/status-history': { roles: ELDER_READERS, params: (t) => ({ id: t.elderId }) },
  // 在册 from a past day for an elder with no history: accepted, and changes nothing.
  'POST /api/v1/elders/:id/status-history': { roles: ELDER_WRITERS, params: (t) => ({ id: t.elderId }), body: () => ({ status: 'active', effectiveFrom: '2024-01-01' }) },
  'GET /api/v1/elders/export': { roles: ELDER_WRITERS },
  'GET /api/v1/subsidy-rules': { roles: MEAL_READERS },
  'POST /api/v1/subsidy-rules': {
    roles: BUREAU_ADMIN,
    body: () => ({ name: '矩阵规则', kind: 'age', minAge: 100, amountFen: 100, validFrom: '2024-01-01' }),
  },
  'POST /api/v1/subsidy-rules/:id/end': { roles: BUREAU_ADMIN, params: (t) => ({ id: t.subsidyRuleId }), body: () => ({ validTo: '2099-12-31' }) },
  'GET /api/v1/meal-settings': { roles: MEAL_READERS },
  'PUT /api/v1/meal-settings': { roles: BUREAU_ADMIN, body: () => ({ subsidisedMealsPerSlot: 1, backDatingDays: 3, kitchenOrderCutoff: '16:00', undoWindowMinutes: 5 }) },

  'POST /api/v1/meal-records': { roles: MEAL_READERS, body: (t) => t.meal() },
  'POST /api/v1/meal-records/batch': { roles: MEAL_READERS, body: (t) => ({ records: [t.meal()] }) },
  'GET /api/v1/meal-records': { roles: MEAL_READERS },
  'GET /api/v1/meal-records/summary': { roles: MEAL_READERS, query: (t) => ({ facilityId: t.canteenId }) },
  'POST /api/v1/meal-records/:id/void': { roles: MEAL_READERS, params: (t) => ({ id: t.mealIds.shift() ?? 'none-left' }), body: () => ({ reason: '测试作废' }) },

  'GET /api/v1/facilities/:id/meal-prices': { roles: MEAL_READERS, params: (t) => ({ id: t.canteenId }) },
  'PUT /api/v1/facilities/:id/meal-prices': {
    roles: MEAL_READERS,
    params: (t) => ({ id: t.canteenId }),
    body: () => ({ validFrom: '2099-01-01', prices: [{ slot: 'lunch', mode: 'dine_in', priceFen: 1200 }] }),
  },
  'GET /api/v1/counter-snapshot': { roles: MEAL_READERS, query: (t) => ({ facilityId: t.canteenId }) },
  'POST /api/v1/meal-records/sync': {
    roles: MEAL_READERS,
    body: (t) => ({
      ...deviceReport(t),
      records: [{ ...t.meal(), deviceSeq: 1, recordedBy: t.users.canteen_operator, recordedAt: new Date().toISOString() }],
    }),
  },
  'POST /api/v1/counter-devices/heartbeat': { roles: MEAL_READERS, body: deviceReport },
  'GET /api/v1/sync-status': { roles: INDICATOR_READERS },
  'PUT /api/v1/elders/import/mappings': { roles: ELDER_WRITERS, body: () => ({ mappings: [{ header: '矩阵列', field: 'name' }] }) },
  'GET /api/v1/settlements': { roles: SETTLEMENT_READERS },
  'GET /api/v1/settlements/statement': { roles: SETTLEMENT_READERS, query: (t) => ({ facilityId: t.canteenId, month: lastMonth() }) },
  'POST /api/v1/settlements/submit': { roles: MEAL_READERS, body: (t) => ({ facilityId: t.canteenId, month: lastMonth() }) },
  'POST /api/v1/settlements/town-approve': { roles: ['town_staff'], body: (t) => ({ facilityId: t.canteenId, month: lastMonth() }) },
  'POST /api/v1/settlements/approve': { roles: BUREAU, body: (t) => ({ facilityId: t.canteenId, month: lastMonth() }) },
  'POST /api/v1/settlements/return': { roles: [...BUREAU, 'town_staff'], body: (t) => ({ facilityId: t.canteenId, month: lastMonth(), comment: '矩阵退回' }) },
  'GET /api/v1/settlements/export': { roles: SETTLEMENT_READERS, query: (t) => ({ facilityId: t.canteenId, month: lastMonth() }) },

  'PUT /api/v1/kitchen-orders': { roles: MEAL_READERS, body: (t) => ({ mealPointId: t.canteenId, servedOn: '2099-01-01', slot: 'lunch', quantity: 1 }) },
  'GET /api/v1/kitchen-orders': { roles: MEAL_READERS, query: () => ({ from: '2099-01-01', to: '2099-01-31' }) },
  'GET /api/v1/kitchen-orders/production': { roles: MEAL_READERS, query: (t) => ({ kitchenId: t.kitchenId, servedOn: '2099-01-01' }) },

  'GET /api/v1/care-cards': { roles: ELDER_READERS },
  'POST /api/v1/care-cards/search': { roles: ELDER_READERS, body: () => ({ q: '矩阵' }) },
  'GET /api/v1/care-cards/reconciliation': { roles: BUREAU },
  'GET /api/v1/care-cards/totals': { roles: BUREAU, query: () => ({ month: lastMonth() }) },
  'GET /api/v1/care-cards/totals/export': { roles: BUREAU, query: () => ({ month: lastMonth() }) },
  'GET /api/v1/care-cards/:id/statement/export': { roles: ELDER_READERS, params: (t) => ({ id: t.cardId }) },
  'GET /api/v1/care-cards/facility-statement': { roles: MEAL_READERS, query: (t) => ({ facilityId: t.canteenId, month: lastMonth() }) },
  'POST /api/v1/care-cards': { roles: ELDER_WRITERS, body: (t) => ({ elderId: t.elderId }) },
  'GET /api/v1/care-cards/:id': { roles: ELDER_READERS, params: (t) => ({ id: t.cardId }) },
  'POST /api/v1/care-cards/:id/freeze': { roles: ELDER_WRITERS, params: (t) => ({ id: t.cardId }) },
  'POST /api/v1/care-cards/:id/unfreeze': { roles: ELDER_WRITERS, params: (t) => ({ id: t.cardId }) },
  'GET /api/v1/care-cards/:id/ledger': { roles: ELDER_READERS, params: (t) => ({ id: t.cardId }) },
  'POST /api/v1/care-cards/:id/transactions': {
    roles: ELDER_READERS,
    params: (t) => ({ id: t.cardId }),
    body: (t) => ({ id: randomUUID(), kind: 'service_payment', amountFen: 100, facilityId: t.canteenId, serviceType: '助浴' }),
  },
  // Reissue and cancel come last for the card: they end it.
  'POST /api/v1/care-cards/:id/reissue': { roles: ELDER_WRITERS, params: (t) => ({ id: t.cardId }), body: () => ({ reason: '矩阵补卡' }) },
  'POST /api/v1/care-cards/:id/cancel': { roles: ELDER_WRITERS, params: (t) => ({ id: t.cardId }), body: () => ({ reason: '矩阵注销' }) },
  'GET /api/v1/allowance-rules': { roles: BUREAU },
  'POST /api/v1/allowance-rules': {
    roles: BUREAU_ADMIN,
    body: () => ({ name: '矩阵补贴', category: 'destitute', amountFen: 100, purse: 'general', validFrom: '2024-01-01' }),
  },
  'POST /api/v1/allowance-grants': { roles: BUREAU, body: () => ({ month: lastMonth(), dryRun: true }) },
  'GET /api/v1/subsidy-checks': { roles: INDICATOR_READERS, query: () => ({ status: 'open' }) },
  'GET /api/v1/subsidy-checks/summary': { roles: INDICATOR_READERS, query: () => ({ groupBy: 'town' }) },
  'GET /api/v1/subsidy-checks/settings': { roles: INDICATOR_READERS },
  'PUT /api/v1/subsidy-checks/settings': {
    roles: BUREAU_ADMIN,
    body: () => ({ twoPlacesKm: 30, delegateShareFactor: 3, delegateMinMeals: 30, islandCrossings: [{ from: null, to: '测试岛', minutes: 90 }] }),
  },
  'GET /api/v1/subsidy-checks/:id': { roles: INDICATOR_READERS, params: (t) => ({ id: t.findingIds[0]! }) },
  'POST /api/v1/subsidy-checks/:id/confirm': { roles: BUREAU, params: (t) => ({ id: t.findingIds[0]! }), body: () => ({ reason: '矩阵确认' }) },
  'POST /api/v1/subsidy-checks/:id/dismiss': { roles: INDICATOR_READERS, params: (t) => ({ id: t.findingIds[1]! }), body: () => ({ reason: '矩阵排除' }) },
  'POST /api/v1/subsidy-checks/scan': { roles: BUREAU },
  'POST /api/v1/subsidy-checks/external-lists': { roles: BUREAU, query: () => ({ dryRun: 'true' }), body: (t) => t.rosterXlsx, contentType: XLSX },
  'POST /api/v1/allowance-expiries': { roles: BUREAU, body: () => ({ year: 2025, dryRun: true }) },
  'GET /api/v1/card-settings': { roles: ELDER_READERS },
  'PUT /api/v1/card-settings': {
    roles: BUREAU_ADMIN,
    body: () => ({ purses: [{ code: 'general', name: '通用', pays: ['meal', 'service'] }], allowanceExpiry: 'never', cancellationRule: 'return_bureau', serviceTypes: ['助浴', '助洁'] }),
  },

  'POST /api/v1/elders/import': { roles: ELDER_WRITERS, query: () => ({ dryRun: 'true' }), body: (t) => t.rosterXlsx, contentType: XLSX },

  'GET /api/v1/institutions': { roles: INSTITUTION_READERS },
  'GET /api/v1/institutions/figures': { roles: ['bureau_admin', 'bureau_staff', 'town_staff'] },
  'GET /api/v1/institutions/:id': { roles: INSTITUTION_READERS, params: (t) => ({ id: t.institutionId }) },
  'PUT /api/v1/institutions/:id/profile': {
    roles: BED_REPORT_FILERS,
    params: (t) => ({ id: t.institutionId }),
    body: () => ({ ownership: 'public', licenceNo: '矩阵许可', licensedOn: '2020-01-01', licensedBeds: 50, healthUnion: false }),
  },
  'GET /api/v1/institutions/:id/bed-history': { roles: INSTITUTION_READERS, params: (t) => ({ id: t.institutionId }) },
  'GET /api/v1/institution-settings': { roles: INSTITUTION_READERS },
  'PUT /api/v1/institution-settings': { roles: BUREAU_ADMIN, body: () => ({ ...DEFAULT_INSTITUTION_SETTINGS }) },
  'GET /api/v1/bed-reports': { roles: INSTITUTION_READERS },
  'GET /api/v1/bed-reports/late': { roles: INSTITUTION_READERS, query: () => ({ period: '2024-01' }) },
  'GET /api/v1/bed-reports/:id': { roles: INSTITUTION_READERS, params: (t) => ({ id: t.bedReportId }) },
  'POST /api/v1/bed-reports': { roles: BED_REPORT_FILERS, body: (t) => ({ facilityId: t.institutionId, period: '2024-02', figures: MATRIX_BED_FIGURES }) },
  'POST /api/v1/bed-reports/unchanged': { roles: BED_REPORT_FILERS, body: (t) => ({ facilityId: t.institutionId, period: '2024-03' }) },
  'PATCH /api/v1/bed-reports/:id': { roles: BED_REPORT_FILERS, params: (t) => ({ id: t.bedReportId }), body: () => ({ figures: MATRIX_BED_FIGURES }) },
  'POST /api/v1/bed-reports/:id/submit': { roles: BED_REPORT_FILERS, params: (t) => ({ id: t.bedReportId }) },
  'POST /api/v1/bed-reports/:id/approve': { roles: BUREAU, params: (t) => ({ id: t.bedReportId }) },
  'POST /api/v1/bed-reports/:id/return': { roles: BUREAU, params: (t) => ({ id: t.bedReportId }), body: () => ({ comment: '矩阵退回' }) },
  'GET /api/v1/star-ratings': { roles: INSTITUTION_READERS },
  'POST /api/v1/star-ratings': {
    roles: BUREAU,
    body: (t) => ({ facilityId: t.institutionId, assessedOn: '2024-01-01', assessors: ['矩阵评审'], scores: { environment: 100, facilities: 100, management: 100, service: 300 } }),
  },
  'GET /api/v1/indicators': { roles: INDICATOR_READERS, query: () => ({ asOf: '2024-06-30' }) },
  'GET /api/v1/indicators/export': { roles: INDICATOR_READERS, query: () => ({ asOf: '2024-06-30' }) },
  'GET /api/v1/indicators/concentrated-care': { roles: INDICATOR_READERS, query: () => ({ asOf: '2024-06-30' }) },
  'GET /api/v1/coverage': { roles: INDICATOR_READERS, query: () => ({ groupBy: 'town' }) },
  'GET /api/v1/dashboard': { roles: INDICATOR_READERS },
  'GET /api/v1/population-stats': { roles: INDICATOR_READERS, query: () => ({ year: '2024' }) },
  'PUT /api/v1/population-stats': {
    roles: BUREAU,
    body: (t) => ({ year: 2024, basis: 'registered', entries: [{ communityCode: `${t.code}001001`, population60Plus: 10, population80Plus: 1, populationTotal: 30 }] }),
  },
  'PUT /api/v1/population-stats/import/mappings': { roles: BUREAU, body: () => ({ mappings: [{ header: '矩阵列', field: 'community' }] }) },
  'POST /api/v1/population-stats/import': { roles: BUREAU, query: () => ({ year: '2024', basis: 'registered', dryRun: 'true' }), body: (t) => t.populationXlsx, contentType: XLSX },
  'GET /api/v1/targets': { roles: INDICATOR_READERS, query: () => ({ year: '2024' }) },
  'PUT /api/v1/targets': { roles: BUREAU_ADMIN, body: () => ({ year: 2024, targets: [{ key: 'meal_coverage_rate', comparator: 'at_least', value: 0.8 }] }) },
  // Copying to a year no other request touches; a repeat of the same copy answers 200.
  'POST /api/v1/targets/copy': { roles: BUREAU_ADMIN, body: () => ({ fromYear: 2024, toYear: 2090 }) },
  'GET /api/v1/indicator-settings': { roles: INDICATOR_READERS },
  'PUT /api/v1/indicator-settings': { roles: BUREAU_ADMIN, body: () => ({ populationBasis: 'registered', dementiaDenominator: 'population_60_plus', staleMealDays: 7 }) },
}
