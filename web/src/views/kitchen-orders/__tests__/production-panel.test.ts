import type { Facility, KitchenProduction } from '@eldercare/shared'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { saveTokens } from '../../../api/session'
import { i18n, setLocale } from '../../../locales'
import ProductionPanel from '../production-panel.vue'

const KITCHEN = '0190a0b0-0000-7000-8000-0000000000k1'
/** 10:00 on 2024-05-20 in Asia/Shanghai. */
const NOW = new Date('2024-05-20T02:00:00.000Z')

const kitchen = { id: KITCHEN, name: '翁洲社区中央厨房', type: 'central_kitchen' } as Facility

const production: KitchenProduction = {
  kitchenId: KITCHEN,
  servedOn: '2024-05-21',
  totals: [
    { slot: 'lunch', quantity: 69 },
    { slot: 'dinner', quantity: 14 },
  ],
  deliveries: [
    { mealPointId: 'p1', mealPointName: '大观村助餐服务点', address: '大观村35号', slot: 'lunch', quantity: 41, note: null },
    { mealPointId: 'p2', mealPointName: '荷花社区助餐服务点', address: '荷花社区25号', slot: 'lunch', quantity: 28, note: '3 份软食' },
    { mealPointId: 'p3', mealPointName: '西堠村助餐服务点', address: '西堠村8号', slot: 'lunch', quantity: 0, note: null },
    { mealPointId: 'p4', mealPointName: '高峰村助餐服务点', address: '高峰村40号', slot: 'dinner', quantity: 14, note: null },
  ],
}

const fetchMock = vi.fn<typeof fetch>()
let wrapper: VueWrapper | null = null

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(NOW)
  fetchMock.mockReset()
  fetchMock.mockImplementation(async () => new Response(JSON.stringify(production), { status: 200, headers: { 'Content-Type': 'application/json' } }))
  vi.stubGlobal('fetch', fetchMock)
  setLocale('zh-CN')
  saveTokens({ accessToken: 'access-1', refreshToken: 'refresh-token-number-1' })
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  vi.unstubAllGlobals()
  vi.useRealTimers()
})

describe('kitchen production', () => {
  it('opens on tomorrow with the totals per slot and the delivery list, printable', async () => {
    const print = vi.fn()
    vi.stubGlobal('print', print)
    wrapper = mount(ProductionPanel, { props: { kitchens: [kitchen], kitchenId: KITCHEN }, global: { plugins: [createPinia(), i18n] } })
    for (let i = 0; i < 5; i++) await flushPromises()

    const url = new URL(String(fetchMock.mock.calls[0]?.[0]), 'http://localhost')
    expect(url.pathname).toBe('/api/v1/kitchen-orders/production')
    expect(Object.fromEntries(url.searchParams)).toEqual({ kitchenId: KITCHEN, servedOn: '2024-05-21' })
    expect(wrapper.get('[data-total="lunch"]').text()).toMatch(/午餐\s*69/)
    expect(wrapper.get('[data-total="dinner"]').text()).toMatch(/晚餐\s*14/)
    expect(wrapper.text()).toContain('合计83份')
    const rows = wrapper.findAll('[data-test="deliveries"] tbody tr').map((row) => row.findAll('td').map((cell) => cell.text()))
    // The point that set its order back to 0 gets no delivery.
    expect(rows).toEqual([
      ['大观村助餐服务点', '大观村35号', '午餐', '41', '', ''],
      ['荷花社区助餐服务点', '荷花社区25号', '午餐', '28', '3 份软食', ''],
      ['高峰村助餐服务点', '高峰村40号', '晚餐', '14', '', ''],
    ])

    await wrapper.get('[data-test="production-print"]').trigger('click')
    expect(print).toHaveBeenCalledTimes(1)
  })
})
