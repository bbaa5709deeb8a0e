import type { AuditEvent, Facility, ScanResult, SubsidyCheckSettings, SubsidyFindingPage } from '@eldercare/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { as, createTestApp, signIn, type TestApp } from './helper.js'
import { mealFixture, type MealFixture } from './meal-fixture.js'

let t: TestApp
let f: MealFixture
let admin: ReturnType<typeof as>
let town: ReturnType<typeof as>
beforeAll(async () => {
  t = await createTestApp()
  f = await mealFixture(t)
  admin = as(t.app, (await signIn(t.app, '330902', 'bureau_admin')).accessToken)
  town = as(t.app, (await signIn(t.app, '330902', 'town_staff')).accessToken)
})
afterAll(() => t.close())

const URL = '/api/v1/subsidy-checks/settings'
const DEFAULTS = { twoPlacesKm: 30, delegateShareFactor: 3, delegateMinMeals: 30, islandCrossings: [] }
const put = (payload: Record<string, unknown>, as = admin) => as({ method: 'PUT', url: URL, payload })
const current = async () => (await admin({ method: 'GET', url: URL })).json<SubsidyCheckSettings>()
const scan = async () => (await admin({ method: 'POST', url: '/api/v1/subsidy-checks/scan' })).json<ScanResult>()
const twoPlaces = async () => (await admin({ method: 'GET', url: '/api/v1/subsidy-checks?kind=two_places' })).json<SubsidyFindingPage>()

describe('subsidy check settings', () => {
  it('starts from the defaults and names the district’s islands, the main island (null) first', async () => {
    expect(await current()).toEqual({ ...DEFAULTS, islands: [null, '测试岛'] })
    expect((await town({ method: 'GET', url: URL })).statusCode).toBe(200)
  })

  it('refuses values out of bounds, unknown fields, islands the regions do not name, a pair of one island and a pair twice; nothing changes', async () => {
    const crossing = { from: null, to: '测试岛', minutes: 90 }
    const refusals: [Record<string, unknown>, string][] = [
      [{ ...DEFAULTS, twoPlacesKm: 0.5 }, 'VALIDATION_FAILED'],
      [{ ...DEFAULTS, twoPlacesKm: 501 }, 'VALIDATION_FAILED'],
      [{ ...DEFAULTS, delegateShareFactor: 1 }, 'VALIDATION_FAILED'],
      [{ ...DEFAULTS, delegateMinMeals: 0 }, 'VALIDATION_FAILED'],
      [{ ...DEFAULTS, delegateMinMeals: 2.5 }, 'VALIDATION_FAILED'],
      [{ ...DEFAULTS, islandCrossings: [{ ...crossing, minutes: 0 }] }, 'VALIDATION_FAILED'],
      [{ ...DEFAULTS, islandCrossings: [{ ...crossing, minutes: 1441 }] }, 'VALIDATION_FAILED'],
      [{ ...DEFAULTS, islandCrossings: [{ ...crossing, ferry: true }] }, 'VALIDATION_FAILED'],
      [{ ...DEFAULTS, extra: 1 }, 'VALIDATION_FAILED'],
      [{ ...DEFAULTS, islandCrossings: [{ ...crossing, to: '金塘岛' }] }, 'SUBSIDY_CHECK_SETTINGS_INVALID'],
      [{ ...DEFAULTS, islandCrossings: [{ ...crossing, from: '测试岛' }] }, 'SUBSIDY_CHECK_SETTINGS_INVALID'],
      [{ ...DEFAULTS, islandCrossings: [crossing, { from: '测试岛', to: null, minutes: 60 }] }, 'SUBSIDY_CHECK_SETTINGS_INVALID'],
    ]
    for (const [body, code] of refusals) {
      const response = await put(body)
      expect(response.statusCode, JSON.stringify(body)).toBe(400)
      expect(response.json<{ code: string }>().code, JSON.stringify(body)).toBe(code)
    }
    expect(await current()).toEqual({ ...DEFAULTS, islands: [null, '测试岛'] })
  })

  it('is saved by the bureau admin only, and audited', async () => {
    const body = { twoPlacesKm: 25, delegateShareFactor: 2.5, delegateMinMeals: 20, islandCrossings: [] }
    expect((await put(body, town)).statusCode).toBe(403)
    expect((await put(body, f.bureau)).statusCode).toBe(403)
    expect((await f.operator({ method: 'GET', url: URL })).statusCode).toBe(403)
    const saved = await put(body)
    expect(saved.statusCode, saved.body).toBe(200)
    expect(saved.json()).toEqual({ ...body, islands: [null, '测试岛'] })
    const audit = (await admin({ method: 'GET', url: `/api/v1/audit-events?entityId=${f.tenant.tenantId}&action=subsidy_check.settings_update` })).json<{ items: AuditEvent[] }>()
    expect(audit.items).toEqual([expect.objectContaining({ action: 'subsidy_check.settings_update', changes: { twoPlacesKm: { from: 30, to: 25 }, delegateShareFactor: { from: 3, to: 2.5 }, delegateMinMeals: { from: 30, to: 20 } } })])
  })

  it('an island crossing applies from the next scan, to days already served; removing it leaves the finding raised', async () => {
    const post = await admin({
      method: 'POST',
      url: '/api/v1/facilities',
      payload: { type: 'canteen', name: '测试岛食堂', communityCode: '330902100200', address: '码头路', openedOn: '2024-01-01', mealSlots: ['lunch', 'dinner'], mealModes: ['dine_in'] },
    })
    const island = post.json<Facility>()
    const serve = async (overrides: Record<string, unknown>) => (await f.bureau({ method: 'POST', url: '/api/v1/meal-records', payload: f.meal(overrides) })).json<{ id: string; subsidyFen: number }>()
    const lunch = await serve({ facilityId: f.canteen.id })
    const dinner = await serve({ facilityId: island.id, slot: 'dinner' })
    expect(dinner.subsidyFen).toBeGreaterThan(0)
    // No coordinates, no crossing set: nothing to find.
    expect(await scan()).toMatchObject({ raised: 0 })

    const saved = await put({ ...DEFAULTS, islandCrossings: [{ from: '测试岛', to: null, minutes: 90 }] })
    expect(saved.statusCode, saved.body).toBe(200)
    expect(await scan()).toEqual({ raised: 1, byKind: [{ kind: 'two_places', raised: 1 }] })
    const [finding] = (await twoPlaces()).items
    expect(finding).toMatchObject({ elderId: f.li.id, facilityId: island.id, mealRecordIds: [dinner.id], amountFen: dinner.subsidyFen, evidence: { firstFacilityId: f.canteen.id, firstMealRecordIds: [lunch.id], islands: [null, '测试岛'], crossingMinutes: 90 } })

    expect((await put(DEFAULTS)).statusCode).toBe(200)
    expect(await scan()).toEqual({ raised: 0, byKind: [] })
    expect((await twoPlaces()).items).toEqual([expect.objectContaining({ id: finding!.id, status: 'open' })])

    // A later scan looks at what was stored since the last one: a day served yesterday, recorded now, is found.
    expect((await put({ ...DEFAULTS, islandCrossings: [{ from: null, to: '测试岛', minutes: 90 }] })).statusCode).toBe(200)
    expect(await scan()).toEqual({ raised: 0, byKind: [] })
    const yesterday = new Date(Date.parse(`${f.today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)
    await serve({ elderId: f.zhang.id, facilityId: island.id, servedOn: yesterday })
    const late = await serve({ elderId: f.zhang.id, facilityId: f.canteen.id, servedOn: yesterday, slot: 'dinner' })
    // Incremental scans at once (on PostgreSQL truly concurrent): exactly one of them raises it.
    const runs = await Promise.all([scan(), scan(), scan()])
    expect(runs.reduce((total, run) => total + run.raised, 0)).toBe(1)
    expect((await twoPlaces()).items.find((item) => item.elderId === f.zhang.id)).toMatchObject({ facilityId: f.canteen.id, mealRecordIds: [late.id], period: yesterday })
  })
})
