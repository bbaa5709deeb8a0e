import type { AuditEvent, Facility, ServiceArea } from '@eldercare/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { as, createTestApp, seedTenant, signIn, type SeededTenant, type TestApp } from './helper.js'

let t: TestApp
let home: SeededTenant
let bureau: ReturnType<typeof as>

beforeAll(async () => {
  t = await createTestApp()
  home = await seedTenant(t.app, '330902')
  bureau = as(t.app, (await signIn(t.app, '330902', 'bureau_staff')).accessToken)
})
afterAll(() => t.close())

const canteen = {
  name: '一号社区幸福食堂',
  type: 'canteen',
  communityCode: '330902001001',
  address: '一号路1号',
  latitude: 30.01,
  longitude: 122.1,
  contactPhone: '13900001111',
  openedOn: '2023-03-01',
  mealSlots: ['lunch', 'dinner'],
  mealModes: ['dine_in', 'delivery'],
  dailyCapacity: { lunch: 80, dinner: 40 },
  tags: ['happiness_hub'],
  serviceArea: ['330902001001', '330902001200'],
}

async function create(payload: Record<string, unknown>): Promise<Facility> {
  const response = await bureau({ method: 'POST', url: '/api/v1/facilities', payload })
  expect(response.statusCode, response.body).toBe(201)
  return response.json<Facility>()
}

describe('facilities', () => {
  let first: Facility
  let island: Facility
  let kitchen: Facility

  beforeAll(async () => {
    first = await create(canteen)
    island = await create({ ...canteen, name: '海岛助餐点', type: 'meal_point', communityCode: '330902100200', serviceArea: undefined, tags: [] })
    kitchen = await create({ name: '中央厨房', type: 'central_kitchen', communityCode: '330902001001', address: '厨房路', openedOn: '2022-01-01' })
  })

  it('are created with names, status, masked contact phone and service area', () => {
    expect(first).toMatchObject({
      type: 'canteen',
      townCode: '330902001',
      communityName: '一号社区居委会',
      status: 'active',
      contactPhoneMasked: '139****1111',
      serviceAreaCount: 2,
      tags: ['happiness_hub'],
    })
    // Without a service area, a meal facility serves its own community.
    expect(island).toMatchObject({ island: '测试岛', serviceAreaCount: 1 })
    expect(kitchen).toMatchObject({ mealSlots: [], serviceAreaCount: 0 })
  })

  it('are listed with filters by type, town, island and status', async () => {
    const list = async (query: string) =>
      (await bureau({ method: 'GET', url: `/api/v1/facilities?${query}` })).json<{ items: Facility[]; total: number }>().items.map((f) => f.name)
    expect(await list('type=canteen')).toEqual(['一号社区幸福食堂'])
    expect(await list('island=测试岛')).toEqual(['海岛助餐点'])
    expect((await list('island=main')).sort()).toEqual(['一号社区幸福食堂', '中央厨房'].sort())
    expect(await list('townCode=330902100')).toEqual(['海岛助餐点'])
    expect(await list('status=closed')).toEqual([])
  })

  it('refuse a community that does not exist, closing before opening, and a supplier that is no kitchen', async () => {
    const unknown = await bureau({ method: 'POST', url: '/api/v1/facilities', payload: { ...canteen, communityCode: '330902009999' } })
    expect(unknown.json()).toMatchObject({ statusCode: 400, code: 'FACILITY_INVALID' })
    const backwards = await bureau({ method: 'POST', url: '/api/v1/facilities', payload: { ...canteen, closedOn: '2020-01-01' } })
    expect(backwards.json()).toMatchObject({ statusCode: 400, code: 'FACILITY_INVALID' })
    const notKitchen = await bureau({ method: 'POST', url: '/api/v1/facilities', payload: { ...canteen, supplierKitchenId: first.id } })
    expect(notKitchen.json()).toMatchObject({ statusCode: 400, code: 'FACILITY_INVALID' })
    const supplied = await bureau({ method: 'PATCH', url: `/api/v1/facilities/${island.id}`, payload: { supplierKitchenId: kitchen.id } })
    expect(supplied.json()).toMatchObject({ supplierKitchenId: kitchen.id })
    const badType = await bureau({ method: 'POST', url: '/api/v1/facilities', payload: { ...canteen, type: 'restaurant' } })
    expect(badType.json()).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' })
    expect((await bureau({ method: 'GET', url: '/api/v1/facilities' })).json().total).toBe(3)
    // The audit log names the supplying kitchen, not only its id.
    const admin = as(t.app, (await signIn(t.app, '330902', 'bureau_admin')).accessToken)
    const events = (await admin({ method: 'GET', url: `/api/v1/audit-events?entityId=${island.id}&action=facility.update` })).json<{ items: AuditEvent[] }>()
    expect(events.items[0]!.changes.supplierKitchenId).toEqual({ from: null, to: kitchen.id })
    expect(events.items[0]!.valueNames).toEqual({ [kitchen.id]: kitchen.name })
  })

  it('are updated with the change audited and the phone masked', async () => {
    const response = await bureau({ method: 'PATCH', url: `/api/v1/facilities/${first.id}`, payload: { closedOn: '2030-12-31', contactPhone: '13700002222' } })
    expect(response.json()).toMatchObject({ closedOn: '2030-12-31', contactPhoneMasked: '137****2222', status: 'active' })
    const admin = as(t.app, (await signIn(t.app, '330902', 'bureau_admin')).accessToken)
    const events = (await admin({ method: 'GET', url: `/api/v1/audit-events?entityId=${first.id}&action=facility.update` })).json<{ items: AuditEvent[] }>()
    expect(events.items[0]!.changes).toEqual({
      closedOn: { from: null, to: '2030-12-31' },
      contactPhone: { from: '139****1111', to: '137****2222' },
    })
  })

  it('keep service-area history so a past date shows the area as it was', async () => {
    const put = await bureau({
      method: 'PUT',
      url: `/api/v1/facilities/${first.id}/service-area`,
      payload: { communityCodes: ['330902001001', '330902100200'], effectiveFrom: '2025-01-01' },
    })
    expect(put.statusCode).toBe(200)
    const at = async (asOf: string) =>
      (await bureau({ method: 'GET', url: `/api/v1/facilities/${first.id}/service-area?asOf=${asOf}` })).json<ServiceArea>()
    expect((await at('2024-06-01')).communities.map((c) => c.communityCode)).toEqual(['330902001001', '330902001200'])
    expect((await at('2025-02-01')).communities.map((c) => c.communityCode).sort()).toEqual(['330902001001', '330902100200'])
    const history = (await at('2025-02-01')).history
    expect(history).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ communityCode: '330902001001', validFrom: '2023-03-01', validTo: null }),
        expect.objectContaining({ communityCode: '330902001200', validFrom: '2023-03-01', validTo: '2025-01-01' }),
        expect.objectContaining({ communityCode: '330902100200', validFrom: '2025-01-01', validTo: null }),
      ]),
    )
    const early = await bureau({ method: 'PUT', url: `/api/v1/facilities/${first.id}/service-area`, payload: { communityCodes: [], effectiveFrom: '2020-01-01' } })
    expect(early.json()).toMatchObject({ statusCode: 400, code: 'FACILITY_INVALID' })
  })

  it('are seen by town staff only in their towns and by operators only when assigned', async () => {
    const admin = as(t.app, (await signIn(t.app, '330902', 'bureau_admin')).accessToken)
    const town = as(t.app, (await signIn(t.app, '330902', 'town_staff')).accessToken)
    expect((await town({ method: 'GET', url: '/api/v1/facilities' })).json<{ items: Facility[] }>().items.map((f) => f.name).sort()).toEqual(
      ['一号社区幸福食堂', '中央厨房'].sort(),
    )
    expect((await town({ method: 'GET', url: `/api/v1/facilities/${island.id}` })).statusCode).toBe(404)

    const assigned = await admin({ method: 'PATCH', url: `/api/v1/users/${home.users.canteen_operator}`, payload: { facilityIds: [island.id] } })
    expect(assigned.json()).toMatchObject({ facilityIds: [island.id] })
    const operator = as(t.app, (await signIn(t.app, '330902', 'canteen_operator')).accessToken)
    expect((await operator({ method: 'GET', url: '/api/v1/facilities' })).json<{ items: Facility[] }>().items.map((f) => f.id)).toEqual([island.id])
    expect((await operator({ method: 'GET', url: `/api/v1/facilities/${first.id}` })).statusCode).toBe(404)
    expect((await operator({ method: 'PATCH', url: `/api/v1/facilities/${island.id}`, payload: { name: 'x' } })).statusCode).toBe(403)

    const reporterToCanteen = await admin({ method: 'PATCH', url: `/api/v1/users/${home.users.institution_reporter}`, payload: { facilityIds: [first.id] } })
    expect(reporterToCanteen.json()).toMatchObject({ statusCode: 400, code: 'USER_SCOPE_INVALID' })
  })
})

describe('a corrected opening date', () => {
  it('moves the service area that began with it', async () => {
    const created = (
      await bureau({ method: 'POST', url: '/api/v1/facilities', payload: { ...canteen, name: '改期食堂', openedOn: '2026-12-10', serviceArea: ['330902001001'] } })
    ).json<Facility>()
    await bureau({ method: 'PATCH', url: `/api/v1/facilities/${created.id}`, payload: { openedOn: '2026-12-01' } })
    const area = (await bureau({ method: 'GET', url: `/api/v1/facilities/${created.id}/service-area?asOf=2026-12-05` })).json<ServiceArea>()
    expect(area.communities.map((c) => c.communityCode)).toEqual(['330902001001'])
    expect(area.history).toEqual([expect.objectContaining({ validFrom: '2026-12-01', validTo: null })])
  })
})
