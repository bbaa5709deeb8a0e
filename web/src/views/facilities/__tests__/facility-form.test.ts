import type { Facility, Region } from '@eldercare/shared'
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { i18n, setLocale } from '../../../locales'
import FacilityDialog from '../facility-dialog.vue'
import { toCreateBody, toUpdateBody, type FacilityFormModel } from '../use-facility-form'

const KITCHEN = '0190a0b0-0000-7000-8000-0000000000c1'

const form: FacilityFormModel = {
  name: ' 北园社区幸福食堂 ',
  type: 'canteen',
  communityCode: '330902002004',
  address: ' 北园社区68号 ',
  latitude: null,
  longitude: null,
  operatorOrg: '',
  contactName: ' 陈军 ',
  contactPhone: '',
  openedOn: '2024-03-01',
  closedOn: '',
  mealSlots: ['dinner', 'lunch'],
  mealModes: ['dine_in', 'delivery'],
  dailyCapacity: { breakfast: 30, lunch: 80, dinner: null },
  tags: ['happiness_hub'],
  tagsFrom: '',
  supplierKitchenId: KITCHEN,
  serviceArea: ['330902002004', '330902002005'],
}

function facility(overrides: Partial<Facility>): Facility {
  return {
    id: '0190a0b0-0000-7000-8000-0000000000f1',
    name: '北园社区幸福食堂',
    type: 'canteen',
    communityCode: '330902002004',
    address: '北园社区68号',
    latitude: 30.00541,
    longitude: 122.08124,
    operatorOrg: '浙江安康餐饮管理有限公司',
    contactName: '陈军',
    contactPhoneMasked: '138****1001',
    openedOn: '2022-06-03',
    closedOn: null,
    mealSlots: ['lunch', 'dinner'],
    mealModes: ['dine_in', 'pickup'],
    dailyCapacity: { lunch: 72, dinner: 40 },
    tags: [],
    tagHistory: [],
    supplierKitchenId: KITCHEN,
    townCode: '330902002',
    townName: '昌国街道',
    communityName: '北园社区居委会',
    island: null,
    status: 'active',
    serviceAreaCount: 1,
    updatedAt: '2024-05-01T00:00:00.000Z',
    ...overrides,
  }
}

describe('facility request body', () => {
  it('sends capacity only for the slots chosen, slots in meal order, and the kitchen and area of a meal point', () => {
    expect(toCreateBody(form, 'canteen')).toEqual({
      name: '北园社区幸福食堂',
      type: 'canteen',
      communityCode: '330902002004',
      address: '北园社区68号',
      contactName: '陈军',
      openedOn: '2024-03-01',
      mealSlots: ['lunch', 'dinner'],
      mealModes: ['dine_in', 'delivery'],
      dailyCapacity: { lunch: 80 },
      tags: ['happiness_hub'],
      supplierKitchenId: KITCHEN,
      serviceArea: ['330902002004', '330902002005'],
    })
  })

  it('sends no supplier kitchen and no service area for a type that does not serve elders meals', () => {
    const body = toCreateBody({ ...form, type: 'institution' }, 'institution')

    expect(body).not.toHaveProperty('supplierKitchenId')
    expect(body).not.toHaveProperty('serviceArea')
    expect(toCreateBody({ ...form, type: 'central_kitchen' }, 'central_kitchen')).not.toHaveProperty('supplierKitchenId')
  })

  it('clears blank optional fields on edit, keeps the stored phone and never sends the type', () => {
    const original = facility({ type: 'institution', supplierKitchenId: null })
    const body = toUpdateBody({ ...form, type: 'institution', mealSlots: ['breakfast'] }, original)

    expect(body).toMatchObject({
      latitude: null,
      longitude: null,
      operatorOrg: null,
      closedOn: null,
      supplierKitchenId: null,
      mealSlots: ['breakfast'],
      dailyCapacity: { breakfast: 30 },
    })
    expect(body).not.toHaveProperty('type')
    expect(body).not.toHaveProperty('contactPhone')
  })

  it('sends tags only when they change, with the day they change from', () => {
    const tagged = facility({ tags: ['happiness_hub'] })

    expect(toUpdateBody(form, tagged)).not.toHaveProperty('tags')
    expect(toUpdateBody({ ...form, tags: ['happiness_hub', 'health_union'], tagsFrom: '2024-10-01' }, tagged)).toMatchObject({
      tags: ['happiness_hub', 'health_union'],
      tagsFrom: '2024-10-01',
    })
    // No day given: the server takes today.
    expect(toUpdateBody({ ...form, tags: [] }, tagged)).toMatchObject({ tags: [] })
    expect(toUpdateBody({ ...form, tags: [] }, tagged)).not.toHaveProperty('tagsFrom')
    expect(toCreateBody({ ...form, tagsFrom: '2024-05-01' }, 'canteen')).toMatchObject({ tags: ['happiness_hub'], tagsFrom: '2024-05-01' })
  })
})

const regions: Region[] = [
  { code: '330902002', name: '昌国街道', level: 'town', parentCode: null, kind: 'subdistrict', urbanRural: 'urban', island: null, latitude: null, longitude: null },
  { code: '330902002004', name: '北园社区居委会', level: 'community', parentCode: '330902002', kind: 'community', urbanRural: 'urban', island: null, latitude: null, longitude: null },
]

const fetchMock = vi.fn<typeof fetch>()

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

/** A server with one central kitchen that answers a PATCH with the facility it was given. */
function server(edited: Facility) {
  fetchMock.mockImplementation(async (input, init) => {
    const url = String(input)
    if (url.startsWith('/api/v1/facilities?')) {
      return json(200, { items: [facility({ id: KITCHEN, name: '定海中央厨房', type: 'central_kitchen', supplierKitchenId: null })], total: 1 })
    }
    if (init?.method === 'PATCH') return json(200, edited)
    return json(404, { statusCode: 404, code: 'NOT_FOUND', message: 'not found' })
  })
}

async function openDialog(edited: Facility) {
  const wrapper = mount(FacilityDialog, {
    props: { visible: false, facility: edited, regions },
    global: { plugins: [i18n] },
    attachTo: document.body,
  })
  await wrapper.setProps({ visible: true })
  await flushPromises()
  return wrapper
}

function patchBody(): Record<string, unknown> {
  const call = fetchMock.mock.calls.find(([, init]) => init?.method === 'PATCH')
  return JSON.parse(String(call?.[1]?.body)) as Record<string, unknown>
}

beforeEach(() => {
  fetchMock.mockReset()
  vi.stubGlobal('fetch', fetchMock)
  setLocale('zh-CN')
})

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('facility dialog', () => {
  it('drops the capacity of a slot that is unticked and keeps the kitchen of a canteen', async () => {
    const canteen = facility({})
    server(canteen)
    const wrapper = await openDialog(canteen)
    expect(wrapper.find('[data-test="capacity-dinner"]').exists()).toBe(true)

    const dinner = wrapper.findAll('[data-test="facility-slots"] input[type="checkbox"]').at(2)
    await dinner?.setValue(false)
    expect(wrapper.find('[data-test="capacity-dinner"]').exists()).toBe(false)
    await wrapper.find('[data-test="facility-save"]').trigger('click')
    await flushPromises()

    await vi.waitFor(() => expect(wrapper.emitted('success')).toHaveLength(1))
    expect(patchBody()).toMatchObject({ mealSlots: ['lunch'], dailyCapacity: { lunch: 72 }, supplierKitchenId: KITCHEN })
  })

  it('offers no supplier kitchen to a care home and sends none', async () => {
    const home = facility({ type: 'institution', supplierKitchenId: null, mealSlots: ['lunch'], dailyCapacity: {} })
    server(home)
    const wrapper = await openDialog(home)

    expect(wrapper.find('[data-test="facility-kitchen"]').exists()).toBe(false)
    await wrapper.find('[data-test="facility-save"]').trigger('click')
    await flushPromises()

    await vi.waitFor(() => expect(wrapper.emitted('success')).toHaveLength(1))
    expect(patchBody()).toMatchObject({ supplierKitchenId: null, mealSlots: ['lunch'], dailyCapacity: {} })
  })
})
