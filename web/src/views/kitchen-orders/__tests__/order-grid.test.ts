import type { Facility, KitchenOrder, KitchenOrderPut } from '@eldercare/shared'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { saveTokens } from '../../../api/session'
import { i18n, setLocale } from '../../../locales'
import { orderClosed, orderDays } from '../data'
import OrderGrid from '../order-grid.vue'

const POINT = '0190a0b0-0000-7000-8000-0000000000p1'
const KITCHEN = '0190a0b0-0000-7000-8000-0000000000k1'
/** 17:00 on 2024-05-20 in Asia/Shanghai: orders for the 21st closed an hour ago (cut-off 16:00). */
const NOW = new Date('2024-05-20T09:00:00.000Z')

const point: Facility = {
  id: POINT,
  name: '高峰村助餐服务点',
  type: 'meal_point',
  communityCode: '330902104001',
  address: '高峰村40号',
  latitude: null,
  longitude: null,
  operatorOrg: null,
  contactName: null,
  contactPhoneMasked: null,
  openedOn: '2023-01-01',
  closedOn: null,
  mealSlots: ['dinner', 'lunch'],
  mealModes: ['dine_in'],
  dailyCapacity: {},
  tags: [],
  tagHistory: [],
  supplierKitchenId: KITCHEN,
  townCode: '330902104',
  townName: '小沙街道',
  communityName: '高峰村',
  island: null,
  status: 'active',
  serviceAreaCount: 1,
  updatedAt: '2024-05-01T00:00:00.000Z',
}

function order(servedOn: string, slot: KitchenOrder['slot'], quantity: number, note: string | null = null): KitchenOrder {
  return { id: `0190a0b0-0000-7000-8000-${servedOn.replaceAll('-', '').slice(2)}${slot === 'lunch' ? '01' : '02'}`, mealPointId: POINT, mealPointName: point.name, kitchenId: KITCHEN, servedOn, slot, quantity, note, updatedAt: NOW.toISOString() }
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

interface Call {
  method: string
  url: URL
  body: unknown
}

const calls: Call[] = []
const fetchMock = vi.fn<typeof fetch>()
let answerPut: (body: KitchenOrderPut) => Response

function server(): void {
  fetchMock.mockImplementation(async (input, init) => {
    const url = new URL(String(input), 'http://localhost')
    const method = init?.method ?? 'GET'
    const body: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined
    calls.push({ method, url, body })
    if (url.pathname === '/api/v1/kitchen-orders' && method === 'GET') {
      return json(200, { items: [order('2024-05-21', 'lunch', 30), order('2024-05-22', 'lunch', 20, '2 份软食')], total: 2 })
    }
    if (url.pathname === '/api/v1/kitchen-orders' && method === 'PUT') return answerPut(body as KitchenOrderPut)
    return json(404, { statusCode: 404, code: 'NOT_FOUND', message: 'not found' })
  })
}

let wrapper: VueWrapper | null = null

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await flushPromises()
}

async function mountGrid(mealPoint: Facility = point): Promise<VueWrapper> {
  wrapper = mount(OrderGrid, { props: { mealPoint, cutoff: '16:00' }, global: { plugins: [createPinia(), i18n] }, attachTo: document.body })
  await settle()
  return wrapper
}

const cellInput = (w: VueWrapper, day: string, slot: string) => w.get(`[data-cell="${day}:${slot}"] input`)
const puts = () => calls.filter((call) => call.method === 'PUT').map((call) => call.body)

async function enter(w: VueWrapper, day: string, slot: string, value: string): Promise<void> {
  const input = cellInput(w, day, slot)
  await input.setValue(value)
  await input.trigger('change')
  await settle()
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] })
  vi.setSystemTime(NOW)
  calls.length = 0
  fetchMock.mockReset()
  vi.stubGlobal('fetch', fetchMock)
  answerPut = (body) => json(200, order(body.servedOn, body.slot, body.quantity, body.note ?? null))
  server()
  setLocale('zh-CN')
  saveTokens({ accessToken: 'access-1', refreshToken: 'refresh-token-number-1' })
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  vi.unstubAllGlobals()
  vi.useRealTimers()
  document.body.innerHTML = ''
})

describe('kitchen order grid', () => {
  it('shows the next 7 days × the point’s slots, prefilled from the orders on file', async () => {
    const w = await mountGrid()

    const asked = calls.find((call) => call.method === 'GET')!.url.searchParams
    expect(Object.fromEntries(asked)).toEqual({ mealPointId: POINT, from: '2024-05-21', to: '2024-05-27' })
    expect(w.findAll('tbody tr').map((row) => row.attributes('data-day'))).toEqual(orderDays('2024-05-20'))
    expect(w.findAll('thead th').map((th) => th.text())).toEqual(['用餐日期', '午餐', '晚餐'])
    expect(cellInput(w, '2024-05-21', 'lunch').element).toHaveProperty('value', '30')
    expect(cellInput(w, '2024-05-22', 'lunch').element).toHaveProperty('value', '20')
    expect(cellInput(w, '2024-05-22', 'dinner').element).toHaveProperty('value', '')
    expect(w.get('[data-cell="2024-05-22:lunch"]').text()).toContain('2 份软食')
  })

  it('makes the cells past their cut-off read-only, with a hint', async () => {
    const w = await mountGrid()

    const tomorrow = w.get('tr[data-day="2024-05-21"]')
    expect(tomorrow.get('[data-test="closed-hint"]').text()).toContain('已截止')
    expect(cellInput(w, '2024-05-21', 'lunch').attributes('disabled')).toBeDefined()
    expect(cellInput(w, '2024-05-21', 'dinner').attributes('disabled')).toBeDefined()
    const next = w.get('tr[data-day="2024-05-22"]')
    expect(next.find('[data-test="closed-hint"]').exists()).toBe(false)
    expect(next.text()).toContain('05-21 16:00 截止')
    expect(cellInput(w, '2024-05-22', 'lunch').attributes('disabled')).toBeUndefined()
  })

  it('closes a day on screen when its cut-off passes, without a reload', async () => {
    const w = await mountGrid()
    expect(cellInput(w, '2024-05-22', 'dinner').attributes('disabled')).toBeUndefined()

    // 16:00 the next day: the 22nd's cut-off. The page notices within its half-minute tick.
    vi.setSystemTime(new Date('2024-05-21T08:00:00.000Z'))
    await vi.advanceTimersByTimeAsync(30_000)
    await settle()

    expect(w.findAll('tbody tr').map((row) => row.attributes('data-day'))).toEqual(orderDays('2024-05-21'))

    expect(cellInput(w, '2024-05-22', 'dinner').attributes('disabled')).toBeDefined()
    expect(w.get('tr[data-day="2024-05-22"]').text()).toContain('已截止')
  })

  it('saves a changed cell with a PUT of its day, slot and quantity, keeping the note on file', async () => {
    const w = await mountGrid()

    await enter(w, '2024-05-22', 'dinner', '15')
    await enter(w, '2024-05-22', 'lunch', '25')

    expect(puts()).toEqual([
      { mealPointId: POINT, servedOn: '2024-05-22', slot: 'dinner', quantity: 15, note: null },
      { mealPointId: POINT, servedOn: '2024-05-22', slot: 'lunch', quantity: 25, note: '2 份软食' },
    ])
    expect(w.get('[data-cell="2024-05-22:dinner"]').text()).toContain('已保存')
  })

  it('sends nothing for a value already on file, nor for an empty box where nothing was ordered', async () => {
    const w = await mountGrid()

    await enter(w, '2024-05-22', 'lunch', '20')
    await enter(w, '2024-05-23', 'lunch', '')

    expect(puts()).toEqual([])
  })

  it('saves the newest value once more when it changed while the first save was on its way', async () => {
    let release: (() => void) | null = null
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    const answer = answerPut
    let first = true
    fetchMock.mockImplementation(async (input, init) => {
      if (init?.method === 'PUT' && first) {
        first = false
        calls.push({ method: 'PUT', url: new URL(String(input), 'http://localhost'), body: JSON.parse(String(init.body)) })
        await held
        return answer(JSON.parse(String(init.body)) as KitchenOrderPut)
      }
      const url = new URL(String(input), 'http://localhost')
      const body: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined
      calls.push({ method: init?.method ?? 'GET', url, body })
      if (init?.method === 'PUT') return answer(body as KitchenOrderPut)
      return json(200, { items: [], total: 0 })
    })
    const w = await mountGrid()

    await enter(w, '2024-05-23', 'dinner', '10')
    expect(w.get('[data-cell="2024-05-23:dinner"]').text()).toContain('保存中')
    await enter(w, '2024-05-23', 'dinner', '12')
    expect(puts()).toHaveLength(1)
    release!()
    await settle()

    expect(puts().map((body) => (body as KitchenOrderPut).quantity)).toEqual([10, 12])
  })

  // The district moved the cut-off earlier than this page knew, or a kitchen it cannot see closed: the server is the judge.
  it.each([
    ['KITCHEN_ORDER_CLOSED', 'orders for 2024-05-22 closed at 16:00 the day before', '已过订餐截止时间', '已截止'],
    ['KITCHEN_ORDER_POINT_NOT_OPEN', 'the meal point is not open on 2024-05-22', '该助餐点在当日未运营，不能订餐', '未运营'],
    ['KITCHEN_ORDER_KITCHEN_NOT_OPEN', 'the supplying central kitchen is not open on 2024-05-22', '供餐的中央厨房在当日未运营，不能订餐', '未运营'],
  ])('shows the server’s refusal %s in the user’s language, puts the old quantity back and closes the day', async (code, message, shown, hint) => {
    answerPut = () => json(409, { statusCode: 409, code, message })
    const w = await mountGrid()
    await enter(w, '2024-05-22', 'lunch', '40')

    expect(w.get('[data-cell="2024-05-22:lunch"]').text()).toContain(shown)
    await vi.waitFor(() => expect(document.body.textContent).toContain(shown))
    expect(cellInput(w, '2024-05-22', 'lunch').element).toHaveProperty('value', '20')
    expect(cellInput(w, '2024-05-22', 'dinner').attributes('disabled')).toBeDefined()
    expect(w.get('tr[data-day="2024-05-22"]').text()).toContain(hint)
    expect(cellInput(w, '2024-05-23', 'dinner').attributes('disabled')).toBeUndefined()
  })
})

describe('kitchen order grid on days the point or its kitchen does not work', () => {
  it('makes the days before the point opens and from its closing day on read-only, and sends nothing for them', async () => {
    const w = await mountGrid({ ...point, openedOn: '2024-05-23', closedOn: '2024-05-26' })

    const hinted = w.findAll('[data-test="not-open-hint"]').map((hint) => hint.element.closest('tr')!.getAttribute('data-day'))
    expect(hinted).toEqual(['2024-05-22', '2024-05-26', '2024-05-27'])
    expect(w.get('tr[data-day="2024-05-22"]').text()).toContain('未运营')
    for (const day of hinted) expect(cellInput(w, day!, 'dinner').attributes('disabled'), day!).toBeDefined()
    expect(cellInput(w, '2024-05-23', 'dinner').attributes('disabled')).toBeUndefined()
    expect(cellInput(w, '2024-05-25', 'lunch').attributes('disabled')).toBeUndefined()
    // Past its cut-off a day says so, whatever else holds for it.
    expect(w.get('tr[data-day="2024-05-21"]').find('[data-test="not-open-hint"]').exists()).toBe(false)
    await enter(w, '2024-05-26', 'lunch', '5')
    expect(puts()).toEqual([])
  })
})

describe('order cut-off', () => {
  it('closes a day at the cut-off time the day before, in Asia/Shanghai', () => {
    expect(orderClosed('2024-05-21', '16:00', new Date('2024-05-20T07:59:59.000Z'))).toBe(false)
    expect(orderClosed('2024-05-21', '16:00', new Date('2024-05-20T08:00:00.000Z'))).toBe(true)
    expect(orderClosed('2024-06-01', '09:30', new Date('2024-05-31T01:29:00.000Z'))).toBe(false)
    expect(orderClosed('2024-06-01', '09:30', new Date('2024-05-31T01:30:00.000Z'))).toBe(true)
  })
})
