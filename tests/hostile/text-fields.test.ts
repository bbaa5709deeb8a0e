/**
 * Every text field of every write route receives every troublesome string, one at a time, in an
 * otherwise valid body. Each request is either stored and read back byte for byte, or refused with
 * a 4xx and a code and nothing in the database changes. Never a 5xx.
 *
 * The routes and their valid bodies come from the authorization matrix; the text fields come from the
 * route's published body schema, so a new text field without a hostile entry here fails the suite.
 */
import { randomUUID } from 'node:crypto'
import { DEFAULT_INSTITUTION_SETTINGS, ROLES, type CardSettings, type Role, type TokenPair } from '@eldercare/shared'
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { as, login, seedTenant, signIn, type SeededTenant } from '../../server/test/helper.js'
import { makeIdNumber } from '../../server/test/id-numbers.js'
import { addDays, shanghaiToday } from '../../server/src/http/dates.js'
import { MATRIX, MATRIX_BED_FIGURES, type MatrixTargets } from '../authorization/matrix-entries.js'
import { withTarget } from '../authorization/matrix-targets.js'
import {
  boundaryStrings,
  createLoggedTestApp,
  expectRefusal,
  FREE_TEXT_PATTERN,
  getAt,
  jsonBodySchemas,
  personalNumbersIn,
  refusalWatch,
  schemaPath,
  stringLeaves,
  textFields,
  TROUBLESOME,
  visible,
  withValueAt,
  type BodyPath,
  type JsonSchema,
  type LoggedTestApp,
  type Troublesome,
} from './fixture.js'

type Body = Record<string, unknown>
type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

interface Attempt {
  params: Record<string, string>
  body: Body
  response: LightMyRequestResponse
}

interface FieldRoute {
  /** Who sends it; default bureau_admin. */
  role?: Role
  /** The access token to send, when not one of the seeded accounts'. */
  token?: () => string
  /** A valid body naming every text field; default the matrix entry's body. Called for every attempt. */
  body?: () => Body | Promise<Body>
  /** Path parameters of the next attempt; default the matrix entry's. */
  params?: () => Record<string, string> | Promise<Record<string, string>>
  /** Brings the target into the state the route needs (a statement submitted again after a return). */
  prepare?: () => Promise<void>
  /** After an accepted attempt: the object it acted on is used up, or the caller's password changed. */
  used?: (attempt: Attempt) => void | Promise<void>
  /** What was stored, read back after an accepted attempt, as an object the body's paths point into. */
  read: ((attempt: Attempt, field: string) => Promise<unknown>) | null
  /** The target as it is now, compared before and after a refusal; row counts are always compared. */
  state?: (params: Record<string, string>) => Promise<unknown>
  /** Text fields that must also name something configured (a service type): any text is not enough. */
  constrained?: string[]
  /** A refused request may still write: a failed sign-in is counted and audited. */
  refusalWrites?: boolean
  /** The unchanged body cannot be sent again here (it would end the object later routes use). */
  noControl?: boolean
  /** Puts the tenant back after the route's strings, for the routes after it. */
  restore?: () => Promise<void>
}

let t: LoggedTestApp
let home: SeededTenant & MatrixTargets
let schemas: Map<string, JsonSchema>
let watch: ReturnType<typeof refusalWatch>
const tokens = {} as Record<Role, string>
const sentPersonalNumbers = new Set<string>()

let serial = 0
const next = () => ++serial

/** An open finding to decide, raised for the home tenant's elder with a key of its own. */
async function openFinding(): Promise<string> {
  const id = randomUUID()
  await t.app.subsidyChecksRepository.insertFinding({ tenantId: home.tenantId, id, kind: 'after_move', key: `hostile:${id}`, elderId: home.elderId, townCode: `${home.code}001`, period: shanghaiToday(), amountFen: 0 })
  return id
}

function findingDecision(): FieldRoute {
  const finding = async (id: string) => (await get(`/subsidy-checks/${id}`)).finding
  return {
    params: async () => ({ id: await openFinding() }),
    read: async ({ params }) => ({ reason: (await finding(params.id!)).reason }),
    state: async (params) => finding(params.id!),
  }
}
const LAST_MONTH = (() => {
  const date = new Date()
  date.setUTCDate(1)
  date.setUTCMonth(date.getUTCMonth() - 1)
  return date.toISOString().slice(0, 7)
})()
/** A day a kitchen order is taken for: past tomorrow's cut-off, inside the days a point may order ahead. */
const ORDER_DAY = addDays(shanghaiToday(), 7)

const api = (role: Role) => as(t.app, tokens[role])

async function ok<T = Json>(response: Promise<LightMyRequestResponse> | LightMyRequestResponse): Promise<T> {
  const settled = await response
  expect(settled.statusCode, settled.body.slice(0, 300)).toBeLessThan(300)
  return settled.json<T>()
}

const get = (path: string, role: Role = 'bureau_admin') => ok(api(role)({ method: 'GET', url: `/api/v1${path}` }))
const post = (path: string, payload: Body, role: Role = 'bureau_admin') => ok(api(role)({ method: 'POST', url: `/api/v1${path}`, payload }))

/** Holds one object until an accepted attempt uses it up; the next attempt makes a fresh one. */
function fresh<T>(make: () => Promise<T>) {
  let value: T | undefined
  return {
    get: async () => (value ??= await make()),
    use: () => void (value = undefined),
  }
}

function idNumber(): string {
  const n = next()
  const id = makeIdNumber(`1950-${String(1 + Math.floor(n / 800) % 12).padStart(2, '0')}-15`, String(100 + (n % 800)))
  sentPersonalNumbers.add(id)
  return id
}

async function newElder(): Promise<string> {
  return (await post('/elders', { idNumber: idNumber(), name: '敌意测试老人', communityCode: `${home.code}001001` })).id
}

async function newCard(): Promise<string> {
  return (await post('/care-cards', { elderId: await newElder() })).id
}

async function canSignIn(tenantCode: string, username: string, password: string): Promise<TokenPair | null> {
  const response = await login(t.app, { tenantCode, username, password })
  return response.statusCode === 200 ? response.json<TokenPair>() : null
}

// Objects the routes below act on, made in beforeAll.
let townUserId: string
let resetUserId: string
let facilityId: string
let elderId: string
let paymentCardId: string
let cardSettings: CardSettings
const passwordUser = { username: 'hostile.password', password: 'Hostile#2024', token: '' }
let submittedReportId: string

const elder = fresh(newElder)
const card = fresh(newCard)
const reissueCard = fresh(newCard)
const meal = fresh(async () => (await post('/meal-records', home.meal())).id)
const bedPeriod = (() => {
  let month = 1
  const period = () => `${2020 + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`
  return { get: () => period(), use: () => void (month += period() === '2023-12' ? 2 : 1) }
})()

async function readElder(id: string, field: string) {
  const stored = await get(`/elders/${id}`)
  const revealed = field === '.idNumber' || field === '.phone' ? await post(`/elders/${id}/reveal`, {}) : {}
  return {
    ...stored,
    idNumber: revealed.idNumber,
    phone: revealed.phone,
    pickupDelegates: stored.pickupDelegates.map((delegate: Json) => ({ name: delegate.name, relation: delegate.relation })),
  }
}

/** The counter device the hostile sync and heartbeat report as; what it last said is read back from the sync status. */
const HOSTILE_DEVICE = randomUUID()
async function hostileDevice(): Promise<Json | undefined> {
  const status = await get(`/sync-status?facilityId=${home.canteenId}`)
  return status.items[0]?.devices.find((device: Json) => device.deviceId === HOSTILE_DEVICE)
}

const FIELD_ROUTES: Record<string, FieldRoute> = {
  'POST /api/v1/auth/login': {
    body: () => ({ tenantCode: home.code, username: 'hostile.login', password: 'Hostile#2024' }),
    read: null,
    refusalWrites: true,
  },
  'POST /api/v1/auth/refresh': {
    body: async () => ({ refreshToken: (await signIn(t.app, home.code, 'hostile.refresh', 'Hostile#2024')).refreshToken }),
    read: null,
  },
  'POST /api/v1/auth/logout': { read: null },
  'POST /api/v1/auth/change-password': {
    token: () => passwordUser.token,
    body: () => ({ currentPassword: passwordUser.password, newPassword: `Changed#${next()}` }),
    used: ({ body, response }) => {
      passwordUser.password = body.newPassword as string
      passwordUser.token = response.json<TokenPair>().accessToken
    },
    read: async ({ body }) => ({
      currentPassword: null,
      newPassword: (await canSignIn(home.code, passwordUser.username, body.newPassword as string)) ? body.newPassword : '(cannot sign in with it)',
    }),
  },
  'POST /api/v1/tenants': {
    role: 'platform_admin',
    body: () => ({ code: String(331_000 + next()), name: '敌意测试区', admin: { username: 'admin', displayName: '管理员', password: 'Hostile#2024' } }),
    read: async ({ body, response }, field) => {
      const tenant = await get(`/tenants/${response.json().id}`, 'platform_admin')
      const admin = body.admin as { username: string; password: string }
      const session = field.startsWith('.admin') ? await canSignIn(tenant.code, admin.username, admin.password) : null
      return {
        code: tenant.code,
        name: tenant.name,
        admin: session ? { username: session.user.username, displayName: session.user.displayName, password: admin.password } : null,
      }
    },
  },

  'POST /api/v1/users': {
    body: () => ({ username: `hostile.${next()}`, displayName: '敌意用户', role: 'town_staff', phone: '13900001111', townCodes: [home.townCode], password: 'Hostile#2024' }),
    read: async ({ body, response }, field) => {
      const user = await get(`/users/${response.json().id}`)
      const password = body.password as string
      return { ...user, phone: undefined, password: field === '.password' && (await canSignIn(home.code, user.username, password)) ? password : null }
    },
  },
  'PATCH /api/v1/users/:id': {
    params: () => ({ id: townUserId }),
    body: () => ({ displayName: '改名', phone: '13900002222', townCodes: [home.townCode] }),
    read: async ({ params }) => ({ ...(await get(`/users/${params.id}`)), phone: undefined }),
    state: (params) => get(`/users/${params.id}`),
  },
  'POST /api/v1/users/:id/reset-password': {
    params: () => ({ id: resetUserId }),
    body: () => ({ newPassword: `Reset#${next()}` }),
    read: async ({ body }) => ({ newPassword: (await canSignIn(home.code, 'hostile.reset', body.newPassword as string)) ? body.newPassword : null }),
  },

  'PATCH /api/v1/regions/:code': {
    body: () => ({ name: '海岛镇', island: '测试岛' }),
    read: async ({ params }) => (await get('/regions')).items.find((region: Json) => region.code === params.code),
    state: async (params) => (await get('/regions')).items.find((region: Json) => region.code === params.code),
    restore: async () => void (await ok(api('bureau_admin')({ method: 'PATCH', url: `/api/v1/regions/${home.code}100`, payload: { name: '海岛镇', island: '测试岛' } }))),
  },

  'POST /api/v1/facilities': {
    body: () => ({
      name: '敌意食堂',
      type: 'canteen',
      communityCode: `${home.code}001200`,
      address: '敌意路1号',
      operatorOrg: '敌意运营',
      contactName: '联系人',
      contactPhone: '13900003333',
      serviceArea: [`${home.code}001200`],
      openedOn: '2024-01-01',
    }),
    read: async ({ response }) => {
      const id = response.json().id
      const area = await get(`/facilities/${id}/service-area`)
      return { ...(await get(`/facilities/${id}`)), contactPhone: undefined, serviceArea: area.communities.map((entry: Json) => entry.communityCode) }
    },
  },
  'PATCH /api/v1/facilities/:id': {
    params: () => ({ id: facilityId }),
    body: () => ({ name: '敌意点', communityCode: `${home.code}001001`, address: '敌意路2号', operatorOrg: '运营方', contactName: '联系人', contactPhone: '13900003333' }),
    read: async ({ params }) => ({ ...(await get(`/facilities/${params.id}`)), contactPhone: undefined }),
    state: (params) => get(`/facilities/${params.id}`),
  },
  'PUT /api/v1/facilities/:id/service-area': {
    params: () => ({ id: facilityId }),
    read: async ({ params }) => ({ communityCodes: (await get(`/facilities/${params.id}/service-area`)).communities.map((entry: Json) => entry.communityCode) }),
    state: (params) => get(`/facilities/${params.id}/service-area`),
  },

  // Searches store nothing: whatever the box holds finds elders or cards, or is refused.
  'POST /api/v1/elders/search': { role: 'canteen_operator', body: () => ({ q: '矩阵', communityCode: `${home.code}001001`, townCode: home.townCode }), read: null },
  'POST /api/v1/care-cards/search': { role: 'canteen_operator', read: null },
  'POST /api/v1/elders': {
    body: () => ({
      idNumber: idNumber(),
      name: '敌意老人',
      phone: '13900004444',
      communityCode: `${home.code}001001`,
      dietaryNotes: '少盐',
      pickupDelegates: [{ name: '代领人', relation: '女儿', phone: '13900005555', consentOn: '2024-01-01' }],
    }),
    read: ({ response }, field) => readElder(response.json().id, field),
  },
  'PATCH /api/v1/elders/:id': {
    params: () => ({ id: elderId }),
    body: () => ({
      name: '改名老人',
      phone: '13900006666',
      communityCode: `${home.code}001001`,
      dietaryNotes: '少油',
      pickupDelegates: [{ name: '代领人', relation: '儿子', phone: '13900007777', consentOn: '2024-01-01' }],
    }),
    read: ({ params }, field) => readElder(params.id!, field),
    state: (params) => get(`/elders/${params.id}`),
  },

  'POST /api/v1/subsidy-rules': {
    read: async ({ response }) => (await get('/subsidy-rules')).items.find((rule: Json) => rule.id === response.json().id),
  },
  // The answer lists every mapping of the tenant; the one sent is found by its header.
  'PUT /api/v1/elders/import/mappings': {
    read: async (attempt) => {
      const sent = (attempt.body as Json).mappings[0]
      return { mappings: [(attempt.response.json() as Json).mappings.find((mapping: Json) => mapping.header === sent.header)] }
    },
  },
  'PUT /api/v1/population-stats/import/mappings': {
    read: async (attempt) => {
      const sent = (attempt.body as Json).mappings[0]
      return { mappings: [(attempt.response.json() as Json).mappings.find((mapping: Json) => mapping.header === sent.header)] }
    },
  },
  'PUT /api/v1/meal-settings': {
    read: () => get('/meal-settings'),
    state: () => get('/meal-settings'),
  },
  'POST /api/v1/meal-records/:id/void': {
    params: async () => ({ id: await meal.get() }),
    used: () => meal.use(),
    read: async ({ params }) => {
      const records = await get(`/meal-records?elderId=${home.elderId}&includeVoided=true&pageSize=500`)
      const record = records.items.find((item: Json) => item.id === params.id)
      return { reason: record?.voidReason }
    },
    state: async (params) => (await get(`/meal-records?elderId=${home.elderId}&includeVoided=true&pageSize=500`)).items.find((item: Json) => item.id === params.id),
  },

  'POST /api/v1/care-cards': {
    body: async () => ({ elderId: await elder.get(), cardNo: `HX${String(next()).padStart(8, '0')}` }),
    used: () => elder.use(),
    read: ({ response }) => get(`/care-cards/${response.json().id}`),
  },
  'POST /api/v1/care-cards/:id/reissue': {
    params: async () => ({ id: await reissueCard.get() }),
    body: () => ({ cardNo: `HR${String(next()).padStart(8, '0')}`, reason: '丢失' }),
    used: () => reissueCard.use(),
    read: async ({ params, response }) => {
      const old = await get(`/care-cards/${params.id}`)
      const prefix = '补卡：'
      return { cardNo: response.json().cardNo, reason: old.cancelReason?.startsWith(prefix) ? old.cancelReason.slice(prefix.length) : old.cancelReason }
    },
    state: (params) => get(`/care-cards/${params.id}`),
  },
  'POST /api/v1/care-cards/:id/cancel': {
    params: async () => ({ id: await card.get() }),
    body: () => ({ reason: '迁出' }),
    used: () => card.use(),
    read: async ({ params }) => ({ reason: (await get(`/care-cards/${params.id}`)).cancelReason }),
    state: (params) => get(`/care-cards/${params.id}`),
  },
  'POST /api/v1/care-cards/:id/transactions': {
    params: () => ({ id: paymentCardId }),
    body: () => ({ id: randomUUID(), kind: 'service_payment', amountFen: 1, purse: 'general', facilityId: home.canteenId, serviceType: '助浴', note: '备注' }),
    read: async ({ params, body }) => (await get(`/care-cards/${params.id}/ledger?pageSize=200`)).items.find((entry: Json) => entry.id === body.id),
    state: (params) => get(`/care-cards/${params.id}`),
    constrained: ['.serviceType'],
  },
  'POST /api/v1/allowance-rules': {
    read: async ({ response }) => (await get('/allowance-rules')).items.find((rule: Json) => rule.id === response.json().id),
  },
  'POST /api/v1/allowance-grants': { read: null },
  'PUT /api/v1/card-settings': {
    body: () => structuredClone(cardSettings) as unknown as Body,
    read: () => get('/card-settings'),
    state: () => get('/card-settings'),
    restore: async () => void (await ok(api('bureau_admin')({ method: 'PUT', url: '/api/v1/card-settings', payload: cardSettings as unknown as Body }))),
  },

  'POST /api/v1/settlements/submit': { read: null, noControl: true },
  'POST /api/v1/settlements/town-approve': { role: 'town_staff', read: null, noControl: true },
  'POST /api/v1/settlements/approve': { read: null, noControl: true },
  'POST /api/v1/settlements/return': {
    // While a statement waits for its town, the town returns it.
    role: 'town_staff',
    prepare: async () => {
      const statement = await get(`/settlements/statement?facilityId=${home.canteenId}&month=${LAST_MONTH}`)
      if (statement.status !== 'submitted') await post('/settlements/submit', { facilityId: home.canteenId, month: LAST_MONTH }, 'canteen_operator')
    },
    read: () => get(`/settlements/statement?facilityId=${home.canteenId}&month=${LAST_MONTH}`),
    state: () => get(`/settlements/statement?facilityId=${home.canteenId}&month=${LAST_MONTH}`),
  },
  'POST /api/v1/counter-devices/heartbeat': {
    body: () => ({ deviceId: HOSTILE_DEVICE, facilityId: home.canteenId, outboxSize: 0, oldestUnsyncedAt: null, snapshotVersion: '7' }),
    read: () => hostileDevice(),
    state: () => hostileDevice(),
  },
  'POST /api/v1/meal-records/sync': {
    body: () => ({
      deviceId: HOSTILE_DEVICE,
      facilityId: home.canteenId,
      outboxSize: 1,
      oldestUnsyncedAt: null,
      snapshotVersion: '7',
      records: [{ ...home.meal(), deviceSeq: next(), recordedBy: home.users.canteen_operator, recordedAt: new Date().toISOString() }],
    }),
    read: () => hostileDevice(),
    state: () => hostileDevice(),
  },
  'PUT /api/v1/kitchen-orders': {
    body: () => ({ mealPointId: home.canteenId, servedOn: ORDER_DAY, slot: 'lunch', quantity: 1, note: '少辣' }),
    read: async () => (await get(`/kitchen-orders?from=${ORDER_DAY}&to=${ORDER_DAY}&mealPointId=${home.canteenId}`)).items.find((order: Json) => order.slot === 'lunch'),
    state: () => get(`/kitchen-orders?from=${ORDER_DAY}&to=${ORDER_DAY}&mealPointId=${home.canteenId}`),
  },

  'PUT /api/v1/institutions/:id/profile': {
    read: async ({ params }) => (await get(`/institutions/${params.id}`)).profile,
    state: async (params) => (await get(`/institutions/${params.id}`)).profile,
  },
  'PUT /api/v1/institution-settings': {
    body: () => structuredClone(DEFAULT_INSTITUTION_SETTINGS) as unknown as Body,
    read: () => get('/institution-settings'),
    state: () => get('/institution-settings'),
    restore: async () => void (await ok(api('bureau_admin')({ method: 'PUT', url: '/api/v1/institution-settings', payload: { ...DEFAULT_INSTITUTION_SETTINGS } }))),
  },
  'POST /api/v1/bed-reports': {
    body: () => ({ facilityId: home.institutionId, period: bedPeriod.get(), figures: MATRIX_BED_FIGURES, explanation: '说明' }),
    used: () => bedPeriod.use(),
    read: async ({ response }) => (await get(`/bed-reports/${response.json().report.id}`)).report,
  },
  'PATCH /api/v1/bed-reports/:id': {
    body: () => ({ figures: MATRIX_BED_FIGURES, explanation: '说明' }),
    read: async ({ params }) => (await get(`/bed-reports/${params.id}`)).report,
    state: (params) => get(`/bed-reports/${params.id}`),
  },
  'POST /api/v1/bed-reports/unchanged': { read: null, noControl: true },
  // A finding is decided once, so every attempt decides a finding of its own.
  'PUT /api/v1/subsidy-checks/settings': {
    // Both ends named: the village of the home tenant's first town is put on an island of its own first.
    prepare: async () => void (await ok(api('bureau_admin')({ method: 'PATCH', url: `/api/v1/regions/${home.code}001200`, payload: { island: '二号岛' } }))),
    body: () => ({ twoPlacesKm: 30, delegateShareFactor: 3, delegateMinMeals: 30, islandCrossings: [{ from: '二号岛', to: '测试岛', minutes: 90 }] }),
    read: () => get('/subsidy-checks/settings'),
    state: () => get('/subsidy-checks/settings'),
    constrained: ['.islandCrossings[].from', '.islandCrossings[].to'],
    restore: async () => {
      await ok(api('bureau_admin')({ method: 'PUT', url: '/api/v1/subsidy-checks/settings', payload: { twoPlacesKm: 30, delegateShareFactor: 3, delegateMinMeals: 30, islandCrossings: [] } }))
      await ok(api('bureau_admin')({ method: 'PATCH', url: `/api/v1/regions/${home.code}001200`, payload: { island: null } }))
    },
  },
  'POST /api/v1/subsidy-checks/:id/confirm': findingDecision(),
  'POST /api/v1/subsidy-checks/:id/dismiss': findingDecision(),
  'POST /api/v1/bed-reports/:id/return': {
    params: () => ({ id: submittedReportId }),
    prepare: async () => {
      const { report } = await get(`/bed-reports/${submittedReportId}`)
      if (report.status !== 'submitted') await post(`/bed-reports/${submittedReportId}/submit`, {}, 'institution_reporter')
    },
    body: () => ({ comment: '请核对' }),
    read: async ({ params }) => (await get(`/bed-reports/${params.id}`)).report,
    state: (params) => get(`/bed-reports/${params.id}`),
  },
  'POST /api/v1/star-ratings': {
    body: () => ({ ...(MATRIX['POST /api/v1/star-ratings']!.body!(home) as Body), remarks: '良好' }),
    read: async ({ response }) => (await get(`/star-ratings?facilityId=${home.institutionId}&pageSize=200`)).items.find((rating: Json) => rating.id === response.json().id),
  },
  'PUT /api/v1/targets': {
    body: () => ({ year: 2024, townCode: `${home.code}001`, targets: [{ key: 'meal_coverage_rate', comparator: 'at_least', value: 0.8 }] }),
    read: async () => ({ townCode: (await get(`/targets?year=2024&townCode=${home.code}001`)).find((target: Json) => target.key === 'meal_coverage_rate')?.townCode ?? null }),
    state: () => get(`/targets?year=2024&townCode=${home.code}001`),
    restore: async () =>
      void (await ok(api('bureau_admin')({ method: 'PUT', url: '/api/v1/targets', payload: { year: 2024, townCode: `${home.code}001`, removeKeys: ['meal_coverage_rate'], targets: [] } }))),
  },

  'PUT /api/v1/population-stats': {
    read: async () => ({ entries: (await get('/population-stats?year=2024')).map((entry: Json) => ({ communityCode: entry.communityCode })) }),
  },
}

beforeAll(async () => {
  t = await createLoggedTestApp()
  home = await withTarget(t.app, await seedTenant(t.app, '330902'))
  for (const role of ROLES) tokens[role] = (await signIn(t.app, home.code, role)).accessToken
  schemas = await jsonBodySchemas(t.app)
  watch = refusalWatch(t.app)
  const user = (username: string, role = 'bureau_staff', extra: Body = {}) =>
    post('/users', { username, displayName: username, role, password: 'Hostile#2024', ...extra }).then((created) => created.id as string)
  await user('hostile.login')
  await user('hostile.refresh')
  await ok(api('bureau_admin')({ method: 'PATCH', url: `/api/v1/facilities/${home.canteenId}`, payload: { supplierKitchenId: home.kitchenId } }))
  await user(passwordUser.username)
  passwordUser.token = (await signIn(t.app, home.code, passwordUser.username, passwordUser.password)).accessToken
  resetUserId = await user('hostile.reset')
  townUserId = await user('hostile.town', 'town_staff', { townCodes: [home.townCode] })
  facilityId = (await post('/facilities', { name: '敌意测试点', type: 'meal_point', communityCode: `${home.code}001001`, address: '一号路', openedOn: '2024-01-01' })).id
  elderId = await newElder()
  paymentCardId = await newCard()
  await post(`/care-cards/${paymentCardId}/transactions`, { id: randomUUID(), kind: 'top_up', amountFen: 1_000_000 })
  cardSettings = (await get('/card-settings')) as CardSettings
  // Filed and submitted by the reporter, so the bureau admin may return it (four eyes).
  const report = await post('/bed-reports', { facilityId: home.institutionId, period: '2020-01', figures: MATRIX_BED_FIGURES }, 'institution_reporter')
  submittedReportId = report.report.id
})
afterAll(async () => {
  await t?.close()
})

/** The matrix's own request parts for a route, as the fallback of a hostile entry. */
function matrixParams(key: string): Record<string, string> {
  return MATRIX[key]?.params?.(home, 'bureau_admin') ?? {}
}

function requestFor(key: string, params: Record<string, string>, body: Body, token: string): InjectOptions & { headers: Record<string, string> } {
  const [method, url] = key.split(' ') as [InjectOptions['method'], string]
  return {
    method,
    url: url.replace(/:(\w+)/g, (_, name: string) => params[name]!),
    payload: body,
    headers: { authorization: `Bearer ${token}` },
  }
}

describe('troublesome strings in every text field', () => {
  it('has a hostile entry for every write route with a text field, naming every such field', () => {
    const withText = [...schemas].filter(([, schema]) => textFields(schema).size > 0).map(([key]) => key)
    expect(withText.filter((key) => !FIELD_ROUTES[key]), 'write routes with text fields but no hostile entry').toEqual([])
    expect(Object.keys(FIELD_ROUTES).filter((key) => !schemas.has(key)), 'hostile entries without a JSON write route').toEqual([])
  })

  for (const [key, route] of Object.entries(FIELD_ROUTES)) {
    it(key, async () => {
      const fields = textFields(schemas.get(key)!)
      const token = () => route.token?.() ?? tokens[route.role ?? 'bureau_admin']
      const makeBody = async () => (route.body ? await route.body() : (MATRIX[key]!.body!(home) as Body))
      const makeParams = async () => (route.params ? await route.params() : matrixParams(key))
      const send = (params: Record<string, string>, body: Body) => t.app.inject(requestFor(key, params, body, token()))

      const leaves = stringLeaves(await makeBody())
      const missing = [...fields.keys()].filter((path) => !leaves.some((leaf) => schemaPath(leaf) === path))
      expect(missing, `${key}: text fields the base body leaves out`).toEqual([])

      if (!route.noControl) {
        await route.prepare?.()
        const params = await makeParams()
        const body = await makeBody()
        const response = await send(params, body)
        expect(response.statusCode, `${key} with its base body: ${response.body.slice(0, 300)}`).toBeLessThan(300)
        await route.used?.({ params, body, response })
      }

      const problems: string[] = []
      for (const leaf of leaves) {
        const path = schemaPath(leaf)
        const schema = fields.get(path)
        if (!schema) continue
        const freeText = schema.pattern === FREE_TEXT_PATTERN && !route.constrained?.includes(path)
        const strings: Troublesome[] = [...TROUBLESOME, ...(freeText && schema.maxLength ? boundaryStrings(schema.maxLength) : [])].map((troublesome) =>
          // Ordinary text longer than the field allows is refused for its length.
          [...troublesome.value].length > (schema.maxLength ?? Infinity) ? { ...troublesome, expect: 'refuse' } : troublesome,
        )
        for (const troublesome of strings) {
          const label = `${path} ← ${troublesome.label}`
          problems.push(...(await attempt(route, leaf, troublesome, freeText, label, { makeBody, makeParams, send })))
        }
      }
      await route.restore?.()
      expect(problems.join('\n'), key).toBe('')
    })
  }
})

async function attempt(
  route: FieldRoute,
  leaf: BodyPath,
  troublesome: Troublesome,
  freeText: boolean,
  label: string,
  io: {
    makeBody: () => Promise<Body>
    makeParams: () => Promise<Record<string, string>>
    send: (params: Record<string, string>, body: Body) => Promise<LightMyRequestResponse>
  },
): Promise<string[]> {
  await route.prepare?.()
  const params = await io.makeParams()
  const body = withValueAt(await io.makeBody(), leaf, troublesome.value)
  const changes = route.refusalWrites ? null : await watch(() => route.state?.(params) ?? Promise.resolve(null))
  const response = await io.send(params, body)
  const status = `${response.statusCode} ${response.body.slice(0, 160)}`
  if (response.statusCode >= 500) return [`${label}: ${status}`]
  const problems: string[] = []

  if (response.statusCode < 300) {
    await route.used?.({ params, body, response })
    if (freeText && troublesome.expect === 'refuse') problems.push(`${label}: accepted (${response.statusCode}), must be refused`)
    if (route.read === null) {
      const changed = await changes?.()
      if (changed) problems.push(`${label}: accepted by a route that stores no text, yet ${changed}`)
      return problems
    }
    const stored = getAt(await route.read({ params, body, response }, schemaPath(leaf)), leaf)
    if (stored !== troublesome.value) problems.push(`${label}: sent ${visible(troublesome.value)}, read back ${typeof stored === 'string' ? visible(stored) : String(stored)}`)
    return problems
  }

  try {
    expectRefusal(response, label)
  } catch (error) {
    problems.push(`${label}: ${(error as Error).message.split('\n')[0]} — ${status}`)
  }
  if (freeText && troublesome.expect === 'text') problems.push(`${label}: refused ordinary text — ${status}`)
  const changed = await changes?.()
  if (changed) problems.push(`${label}: refused, yet ${changed}`)
  return problems
}

describe('the log of the whole run', () => {
  it('holds no 身份证号 and no phone number', () => {
    expect(personalNumbersIn(t.log.join(''), sentPersonalNumbers)).toEqual([])
  })
})
