import { DEFAULT_INDICATOR_SETTINGS } from '@eldercare/shared'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { saveTokens } from '../../../api/session'
import { i18n, setLocale } from '../../../locales'
import { useAuthStore } from '../../../stores/auth'
import Dashboard from '../index.vue'
import IndicatorCard from '../indicator-card.vue'
import { coverage, dashboard, indicator, json, report, user } from './fixtures'

function viewport(width: number, height: number): void {
  ;(window as unknown as { happyDOM: { setViewport(size: { width: number; height: number }): void } }).happyDOM.setViewport({ width, height })
}

const ChartStub = defineComponent({ setup: () => () => h('div') })
const fetchMock = vi.fn<typeof fetch>()
let wrapper: VueWrapper | null = null

beforeEach(() => {
  setLocale('zh-CN')
  fetchMock.mockReset()
  fetchMock.mockImplementation(async (input) => {
    const path = new URL(String(input), 'http://localhost').pathname
    if (path === '/api/v1/indicators') return json(200, report)
    if (path === '/api/v1/coverage') return json(200, coverage())
    if (path === '/api/v1/dashboard') return json(200, dashboard)
    if (path === '/api/v1/indicator-settings') return json(200, DEFAULT_INDICATOR_SETTINGS)
    if (path === '/api/v1/regions') return json(200, { items: [], total: 0 })
    return json(404, { statusCode: 404, code: 'NOT_FOUND', message: 'not found' })
  })
  vi.stubGlobal('fetch', fetchMock)
  saveTokens({ accessToken: 'access-1', refreshToken: 'refresh-token-number-1' })
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('dashboard on a tablet', { timeout: 30_000 }, () => {
  it('opens an indicator’s formula with a tap, where there is no hover', async () => {
    viewport(768, 1024)
    wrapper = mount(IndicatorCard, { props: { indicator: indicator(), year: 2024, settings: DEFAULT_INDICATOR_SETTINGS }, global: { plugins: [i18n] }, attachTo: document.body })
    expect(wrapper.findComponent({ name: 'ElTooltip' }).props('trigger')).toBe('click')
    wrapper.unmount()

    viewport(1366, 768)
    wrapper = mount(IndicatorCard, { props: { indicator: indicator(), year: 2024, settings: DEFAULT_INDICATOR_SETTINGS }, global: { plugins: [i18n] }, attachTo: document.body })
    expect(wrapper.findComponent({ name: 'ElTooltip' }).props('trigger')).toBe('hover')
  })

  it('says why a future as-of date typed by hand is refused, and keeps the figures of the day shown', async () => {
    viewport(1366, 768)
    const pinia = createPinia()
    setActivePinia(pinia)
    useAuthStore().user = user()
    wrapper = mount(Dashboard, { global: { plugins: [pinia, i18n], stubs: { DashboardChart: ChartStub } }, attachTo: document.body })
    await flushPromises()
    expect(wrapper.text()).toContain('将鼠标移到指标上可查看计算方法')
    const input = wrapper.get('.dashboard__as-of input')
    const before = (input.element as HTMLInputElement).value
    const future = '2999-01-01'
    // Typed and confirmed with Enter, as a user would; the calendar never offered the day.
    await input.setValue(future)
    await input.trigger('keydown', { key: 'Enter', code: 'Enter' })
    await flushPromises()
    expect(wrapper.text()).toContain(`截至日期 ${future} 晚于今天`)
    const asOfs = fetchMock.mock.calls.map(([url]) => new URL(String(url), 'http://localhost').searchParams.get('asOf')).filter(Boolean)
    expect(asOfs).not.toContain(future)
    expect(before).not.toBe(future)
  })
})
