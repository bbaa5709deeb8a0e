import type { ConcentratedCareGaps, IndicatorTarget } from '@eldercare/shared'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import { saveTokens } from '../../../api/session'
import { i18n, setLocale } from '../../../locales'
import { useAuthStore } from '../../../stores/auth'
import { json, user } from '../../dashboard/__tests__/fixtures'
import ConcentratedCare from '../index.vue'

const T1 = '330902001'
const T2 = '330902101'
const regions = [
  { code: T1, name: '解放街道', level: 'town', parentCode: null, kind: 'subdistrict', urbanRural: 'urban', island: null, latitude: null, longitude: null },
  { code: T2, name: '白泉镇', level: 'town', parentCode: null, kind: 'town', urbanRural: 'rural', island: null, latitude: null, longitude: null },
]

const institution = (overrides: Partial<ConcentratedCareGaps['items'][number]['nearestInstitutions'][number]> = {}) => ({
  id: '0190a0b0-0000-7000-8000-0000000000a1',
  name: '白泉镇敬老院',
  townCode: T2,
  freeBeds: 12,
  period: '2024-05',
  distanceKm: 2.35,
  sameTown: true,
  ...overrides,
})

const gaps: ConcentratedCareGaps = {
  asOf: '2024-06-30',
  townCode: null,
  eligible: 10,
  placed: 8,
  towns: [
    { townCode: T1, townName: '解放街道', eligible: 4, placed: 4 },
    { townCode: T2, townName: '白泉镇', eligible: 6, placed: 4 },
  ],
  items: [
    {
      elderId: '0190a0b0-0000-7000-8000-0000000000e1',
      name: '钱二',
      idNumberMasked: '330902********123X',
      communityCode: '330902101201',
      communityName: '皋泄村',
      townCode: T2,
      townName: '白泉镇',
      ground: 'low_income_severely_disabled',
      needSince: '2024-03-01',
      status: 'active',
      nearestInstitutions: [institution(), institution({ id: '0190a0b0-0000-7000-8000-0000000000a2', name: '定海区社会福利中心', townCode: T1, freeBeds: 40, distanceKm: null, sameTown: false })],
    },
    {
      elderId: '0190a0b0-0000-7000-8000-0000000000e2',
      name: '孙三',
      idNumberMasked: '330902********4561',
      communityCode: '330902101202',
      communityName: '潮面村',
      townCode: T2,
      townName: '白泉镇',
      ground: 'destitute',
      needSince: '2024-04-15',
      status: 'active',
      nearestInstitutions: [],
    },
  ],
}
const target: IndicatorTarget = { year: 2024, key: 'concentrated_care_coverage_rate', townCode: null, targetScope: 'district', comparator: 'at_least', value: 0.9 }

const fetchMock = vi.fn<typeof fetch>()
let wrapper: VueWrapper | null = null
let router: Router

function server(): void {
  fetchMock.mockImplementation(async (input) => {
    const url = new URL(String(input), 'http://localhost')
    const town = url.searchParams.get('townCode')
    switch (url.pathname) {
      case '/api/v1/indicators/concentrated-care':
        return town
          ? json(200, { ...gaps, townCode: town, towns: gaps.towns.filter((row) => row.townCode === town), items: gaps.items.filter((item) => item.townCode === town) })
          : json(200, gaps)
      case '/api/v1/targets':
        return json(200, [{ ...target, townCode: town, targetScope: 'district' }])
      case '/api/v1/regions':
        return json(200, { items: regions, total: regions.length })
      default:
        return json(404, { statusCode: 404, code: 'NOT_FOUND', message: 'not found' })
    }
  })
}

async function mountPage(role: 'bureau_staff' | 'town_staff' = 'bureau_staff', path = '/concentrated-care'): Promise<VueWrapper> {
  const pinia = createPinia()
  setActivePinia(pinia)
  useAuthStore().user = user(role === 'town_staff' ? { role, townCodes: [T2] } : {})
  // Only the address matters here (the page reads and keeps its query), not the layout around the page.
  router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/concentrated-care', name: 'concentrated-care', component: defineComponent({ render: () => h('div') }) }] })
  await router.push(path)
  await router.isReady()
  wrapper = mount(ConcentratedCare, { global: { plugins: [pinia, i18n, router] }, attachTo: document.body })
  for (let i = 0; i < 3; i++) await flushPromises()
  return wrapper
}

const requested = (path: string) =>
  fetchMock.mock.calls.map(([url]) => new URL(String(url), 'http://localhost')).filter((url) => url.pathname === `/api/v1${path}`)

beforeEach(() => {
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
  vi.unstubAllGlobals()
})

describe('concentrated-care gap page', () => {
  it('shows the rate by town against the 90% target, and who is not placed', async () => {
    const page = await mountPage()

    expect(requested('/indicators/concentrated-care')[0]?.search).toBe('?asOf=2024-06-30')
    expect(requested('/targets')[0]?.search).toBe('?year=2024')
    expect(page.get('[data-test="care-target"]').text()).toBe('目标 ≥ 90%')
    expect(page.get('[data-test="care-summary"]').text()).toContain('80.0%')
    expect(page.get('[data-test="care-summary"]').text()).toContain('需集中供养 10 人，已入住机构 8 人，未入住 2 人')
    const towns = page.findAll('[data-test="care-towns"] .el-table__body tr').map((row) => row.text())
    expect(towns[0]).toMatch(/解放街道.*4.*4.*0.*100\.0%.*达标/)
    expect(towns[1]).toMatch(/白泉镇.*6.*4.*2.*66\.6%.*未达标/)

    const gapRows = page.findAll('[data-test="care-gaps"] .el-table__body tr')
    expect(gapRows).toHaveLength(2)
    expect(gapRows[0]!.text()).toContain('钱二')
    expect(gapRows[0]!.get('[data-test="care-id-number"]').text()).toBe('330902********123X')
    expect(gapRows[0]!.text()).toContain('皋泄村白泉镇')
    expect(gapRows[0]!.text()).toContain('低保/低边重度失能')
    expect(gapRows[0]!.text()).toContain('2024-03-01 登记需求')
    expect(gapRows[0]!.get('[data-test="care-nearest"]').text()).toContain('白泉镇敬老院 · 空床 12 张 · 2.4 公里')
    expect(gapRows[0]!.get('[data-test="care-nearest"]').text()).toContain('定海区社会福利中心 · 空床 40 张 · 距离未知')
    expect(gapRows[1]!.text()).toContain('截至该日没有机构报告空床')
    // A whole 身份证号 never reaches the page: only the masked form the API gives.
    expect(page.text()).not.toMatch(/\d{17}[\dX]/)
  })

  it('opens on the day and town the dashboard links with, and narrows to a town from its row', async () => {
    const page = await mountPage('bureau_staff', `/concentrated-care?asOf=2024-05-31`)
    expect(requested('/indicators/concentrated-care')[0]?.search).toBe('?asOf=2024-05-31')

    await page.findAll('[data-test="care-towns"] .el-table__body tr')[1]!.trigger('click')
    await flushPromises()
    expect(requested('/indicators/concentrated-care').at(-1)?.search).toBe(`?asOf=2024-05-31&townCode=${T2}`)
    expect(router.currentRoute.value.query).toEqual({ asOf: '2024-05-31', townCode: T2 })
    expect(page.text()).toContain('白泉镇未入住机构名单')
    expect(page.get('[data-test="care-target"]').text()).toContain('全区目标')

    await page.get('[data-test="care-show-all"]').trigger('click')
    await flushPromises()
    expect(requested('/indicators/concentrated-care').at(-1)?.search).toBe('?asOf=2024-05-31')
  })

  it('refuses a future as-of day with a message and asks for today instead', async () => {
    const page = await mountPage('bureau_staff', '/concentrated-care?asOf=2024-07-02')
    expect(requested('/indicators/concentrated-care')[0]?.search).toBe('?asOf=2024-06-30')
    expect(page.get('[data-test="care-as-of-refused"]').text()).toContain('截至日期 2024-07-02 晚于今天（2024-06-30）')

    const input = page.get('.concentrated-care__as-of input')
    // Typed and confirmed with Enter, as a user would; the calendar never offers the day.
    await input.setValue('2024-08-01')
    await input.trigger('keydown', { key: 'Enter', code: 'Enter' })
    await flushPromises()
    expect(page.get('[data-test="care-as-of-refused"]').text()).toContain('截至日期 2024-08-01 晚于今天（2024-06-30）')
    expect(requested('/indicators/concentrated-care').every((url) => url.searchParams.get('asOf')! <= '2024-06-30')).toBe(true)
  })

  it('keeps town staff to their town, even when the link names another', async () => {
    const page = await mountPage('town_staff', `/concentrated-care?townCode=${T1}`)
    expect(requested('/indicators/concentrated-care')[0]?.searchParams.get('townCode')).toBe(T2)
    expect(requested('/targets')[0]?.search).toBe(`?year=2024&townCode=${T2}`)
    expect(page.find('[data-test="care-show-all"]').exists()).toBe(false)
    expect(page.findAll('[data-test="care-towns"] .el-table__body tr').map((row) => row.text())).toEqual([expect.stringContaining('白泉镇')])
  })

  it('reads in English', async () => {
    setLocale('en')
    const page = await mountPage()
    expect(page.get('[data-test="care-target"]').text()).toBe('Target ≥ 90%')
    expect(page.text()).toContain('Elders not placed in an institution')
    expect(page.text()).toContain('12 free beds')
  })
})
