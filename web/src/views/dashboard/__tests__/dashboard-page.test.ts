import type { IndicatorReport } from '@eldercare/shared'
import { flushPromises, mount, RouterLinkStub, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { saveTokens } from '../../../api/session'
import { i18n, setLocale } from '../../../locales'
import { useAuthStore } from '../../../stores/auth'
import Dashboard from '../index.vue'
import type { Dashboard as DashboardFigures } from '@eldercare/shared'
import { coverage, dashboard, indicator, json, report, user } from './fixtures'

const fetchMock = vi.fn<typeof fetch>()
const regions = [
  { code: '330902001', name: '解放街道', level: 'town', parentCode: null, kind: 'subdistrict', urbanRural: 'urban', island: null, latitude: null, longitude: null },
  { code: '330902101', name: '白泉镇', level: 'town', parentCode: null, kind: 'town', urbanRural: 'rural', island: null, latitude: null, longitude: null },
]

/** Charts need a canvas happy-dom lacks; the stub still lets a test click a bar. */
const ChartStub = defineComponent({
  props: { option: { type: Object, required: true } },
  emits: ['pick'],
  setup: (_, { emit }) => () => h('button', { class: 'chart-stub', onClick: () => emit('pick', 1) }),
})

/** The indicators the server answers (the fixture's, unless a test gives others). */
let indicatorReport: IndicatorReport = report

function server(overrides: { dashboard?: Partial<DashboardFigures> } = {}): void {
  fetchMock.mockImplementation(async (input) => {
    const url = new URL(String(input), 'http://localhost')
    switch (url.pathname) {
      case '/api/v1/indicators':
        return json(200, indicatorReport)
      case '/api/v1/coverage':
        return url.searchParams.get('groupBy') === 'community'
          ? json(200, coverage({ groupBy: 'community', townCode: url.searchParams.get('townCode'), rows: [{ ...coverage().rows[1]!, key: '330902101201', name: '皋泄村', covered: 0, total: 1, rate: 0 }] }))
          : json(200, coverage())
      case '/api/v1/dashboard':
        return json(200, { ...dashboard, ...overrides.dashboard })
      case '/api/v1/indicator-settings':
        return json(200, { populationBasis: 'registered', dementiaDenominator: 'population_60_plus', staleMealDays: 7 })
      case '/api/v1/regions':
        return json(200, { items: regions, total: regions.length })
      case '/api/v1/subsidy-checks/summary':
        return json(200, { towns: [{ townCode: '330902101', townName: '白泉镇', count: 2, amountFen: 2400, byKind: [{ kind: 'after_death', count: 2, amountFen: 2400 }] }], total: { count: 2, amountFen: 2400 } })
      case '/api/v1/indicators/export':
        return new Response(new Blob(['PK']), { status: 200, headers: { 'Content-Disposition': "attachment; filename*=UTF-8''report.xlsx" } })
      default:
        return json(404, { statusCode: 404, code: 'NOT_FOUND', message: 'not found' })
    }
  })
}

let wrapper: VueWrapper | null = null

async function mountPage(role: 'bureau_staff' | 'town_staff' = 'bureau_staff'): Promise<VueWrapper> {
  const pinia = createPinia()
  setActivePinia(pinia)
  useAuthStore().user = user(role === 'town_staff' ? { role, townCodes: ['330902101'] } : {})
  wrapper = mount(Dashboard, { global: { plugins: [pinia, i18n], stubs: { DashboardChart: ChartStub, RouterLink: RouterLinkStub } }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

const requested = (path: string) =>
  fetchMock.mock.calls.map(([url]) => new URL(String(url), 'http://localhost')).filter((url) => url.pathname === `/api/v1${path}`)

beforeEach(() => {
  indicatorReport = report
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(new Date('2024-06-30T04:00:00Z'))
  fetchMock.mockReset()
  vi.stubGlobal('fetch', fetchMock)
  server()
  setLocale('zh-CN')
  saveTokens({ accessToken: 'access-1', refreshToken: 'refresh-token-number-1' })
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  vi.useRealTimers()
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

describe('dashboard page', () => {
  it('asks for today across the district and shows a card per indicator', async () => {
    const page = await mountPage()

    expect(requested('/indicators')[0]?.search).toBe('?year=2024&asOf=2024-06-30')
    expect(requested('/coverage')[0]?.search).toBe('?asOf=2024-06-30&groupBy=town')
    expect(requested('/dashboard')[0]?.search).toBe('?asOf=2024-06-30')
    expect(page.findAll('.indicator-card')).toHaveLength(3)
    expect(page.get('[data-test="indicator-new_meal_points"]').text()).toContain('目标 ≥ 16')
  })

  it('names the communities and year without a population figure, and marks the partial cards', async () => {
    const missingPopulation = {
      year: 2024,
      basis: 'registered' as const,
      communities: [
        { code: '330902101201', name: '皋泄村', townName: '白泉镇' },
        { code: '330902101202', name: '潮面村', townName: '白泉镇' },
      ],
    }
    indicatorReport = { ...report, indicators: report.indicators.map((item) => (item.unit === 'per_10k' ? { ...item, partial: true as const, missingPopulation } : item)) }
    const page = await mountPage()

    const note = page.get('[data-test="population-missing"]').text()
    expect(note).toContain('2024 年 2 个村（社区）尚未录入户籍人口数')
    expect(note).toContain('白泉镇皋泄村、白泉镇潮面村')
    expect(page.get('[data-test="indicator-dementia_beds_per_10k"] [data-test="indicator-partial"]').text()).toBe('人口数不全')
    expect(page.find('[data-test="indicator-meal_coverage_rate"] [data-test="indicator-partial"]').exists()).toBe(false)
  })

  it('shows no population note when every community has its figure', async () => {
    const page = await mountPage()
    expect(page.find('[data-test="population-missing"]').exists()).toBe(false)
  })

  it('says stale meal points lack data, and which institutions are late', async () => {
    const page = await mountPage()

    const stale = page.get('[data-test="stale-facilities"]').text()
    expect(stale).toContain('马岙助餐点')
    expect(stale).toContain('12 天未录入就餐数据')
    expect(stale).toContain('从未录入就餐数据')
    expect(stale).not.toContain('白泉镇中心食堂')
    expect(page.text()).toContain('不一定是停止服务')
    expect(page.get('[data-test="late-institutions"]').text()).toContain('定海区社会福利中心')
  })

  it('lists the uncovered communities with their elderly and nearest meal point', async () => {
    const page = await mountPage()

    const rows = page.findAll('[data-test="uncovered-table"] .el-table__body tr')
    expect(rows[0]?.text()).toContain('皋泄村')
    expect(rows[0]?.text()).toContain('812')
    expect(rows[0]?.text()).toContain('白泉镇中心食堂')
    expect(rows[0]?.text()).toContain('2.5 公里')
    expect(rows[1]?.text()).toContain('册子岛')
    expect(rows[1]?.text()).toContain('未录入')
  })

  it('drills into a town from its bar: its communities and meal points', async () => {
    const page = await mountPage()

    // The chart comes with ECharts, after the cards.
    await vi.waitFor(() => page.get('.coverage-panel .chart-stub'), { timeout: 10_000 })
    await page.get('.coverage-panel .chart-stub').trigger('click')
    await flushPromises()

    expect(requested('/coverage').at(-1)?.search).toBe('?asOf=2024-06-30&townCode=330902101&groupBy=community')
    expect(requested('/dashboard').at(-1)?.search).toBe('?asOf=2024-06-30&townCode=330902101')
    expect(page.text()).toContain('白泉镇各村社助餐覆盖情况')
    expect(page.get('[data-test="coverage-communities"]').text()).toContain('未覆盖')
    expect(page.get('[data-test="coverage-facilities"]').text()).toContain('马岙助餐点')

    await page.get('[data-test="coverage-back"]').trigger('click')
    await flushPromises()
    expect(requested('/coverage').at(-1)?.search).toBe('?asOf=2024-06-30&groupBy=town')
  })

  it("links the concentrated-care card to its gap list for the day and town shown", async () => {
    const care = indicator({ key: 'concentrated_care_coverage_rate', value: 28 / 33, numerator: 28, denominator: 33, target: { comparator: 'at_least', value: 0.9 }, met: false })
    indicatorReport = { ...report, indicators: [...report.indicators, care] }
    const page = await mountPage()

    expect(page.findAll('[data-test="indicator-drill-down"]')).toHaveLength(1)
    const link = page.get('[data-test="indicator-concentrated_care_coverage_rate"]').getComponent(RouterLinkStub)
    expect(link.props('to')).toEqual({ name: 'concentrated-care', query: { asOf: '2024-06-30' } })
    expect(link.text()).toContain('查看未入住名单')

    await page.get('.coverage-panel [data-test="coverage-towns"] .el-table__body tr').trigger('click')
    await flushPromises()
    expect(page.get('[data-test="indicator-concentrated_care_coverage_rate"]').getComponent(RouterLinkStub).props('to')).toEqual({
      name: 'concentrated-care',
      query: { asOf: '2024-06-30', townCode: '330902001' },
    })
  })

  it('shows the open subsidy-check findings by town under the figures', async () => {
    const page = await mountPage()
    expect(requested('/subsidy-checks/summary')[0]?.search).toBe('?groupBy=town')
    expect(page.get('[data-test="findings-panel"]').text()).toContain('白泉镇')
    expect(page.get('[data-test="findings-town-link"]').getComponent(RouterLinkStub).props('to')).toEqual({ name: 'subsidy-checks', query: { status: 'open', townCode: '330902101' } })
  })

  it('keeps town staff to their first town', async () => {
    const page = await mountPage('town_staff')

    expect(requested('/indicators')[0]?.searchParams.get('townCode')).toBe('330902101')
    expect(requested('/coverage')[0]?.search).toBe('?asOf=2024-06-30&townCode=330902101&groupBy=community')
    expect(page.find('[data-test="coverage-back"]').exists()).toBe(false)
  })

  it('downloads the indicator report for the chosen date', async () => {
    const createObjectURL = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:report')
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined)
    const page = await mountPage()

    await page.get('[data-test="dashboard-export"]').trigger('click')
    await flushPromises()

    expect(requested('/indicators/export')[0]?.search).toBe('?year=2024&asOf=2024-06-30')
    expect(createObjectURL).toHaveBeenCalledOnce()
  })

  it('drills into a town from its row in the coverage table, whatever its rate', async () => {
    const page = await mountPage()

    const rows = page.findAll('[data-test="coverage-towns"] .el-table__body tr')
    expect(rows.map((row) => row.text())).toEqual([expect.stringContaining('解放街道'), expect.stringContaining('白泉镇')])
    await rows[0]!.trigger('click')
    await flushPromises()

    expect(requested('/coverage').at(-1)?.search).toBe('?asOf=2024-06-30&townCode=330902001&groupBy=community')
    expect(page.text()).toContain('解放街道各村社助餐覆盖情况')
  })

  it('says a town without a meal facility has none, instead of "all recorded in time"', async () => {
    server({ dashboard: { townCode: '330902101', activeMealFacilities: 0, mealFacilities: [] } })
    const page = await mountPage()

    expect(page.get('[data-test="no-meal-facilities"]').text()).toBe('截至该日没有运营中的助餐点，暂无就餐数据可检查')
    expect(page.text()).not.toContain('所有助餐点都在')
  })
})
