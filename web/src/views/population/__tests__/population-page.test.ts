import type { CurrentUser, PopulationStat, Region } from '@eldercare/shared'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { saveTokens } from '../../../api/session'
import { i18n, setLocale } from '../../../locales'
import { useAuthStore } from '../../../stores/auth'
import Population from '../index.vue'

const fetchMock = vi.fn<typeof fetch>()

const user = (overrides: Partial<CurrentUser> = {}): CurrentUser => ({
  id: '0190a0b0-0000-7000-8000-000000000003',
  tenantId: '0190a0b0-0000-7000-8000-000000000002',
  tenantCode: '330902',
  tenantName: '定海区',
  username: 'bureau_staff',
  displayName: '民政局工作人员',
  role: 'bureau_staff',
  townCodes: [],
  facilityIds: [],
  mustChangePassword: false,
  ...overrides,
})

const region = (code: string, name: string): Region => ({
  code,
  name,
  level: code.length === 9 ? 'town' : 'community',
  parentCode: code.length === 9 ? null : code.slice(0, 9),
  kind: code.length === 9 ? 'town' : 'village',
  urbanRural: 'rural',
  island: null,
  latitude: null,
  longitude: null,
})
const regions = [region('330902101', '白泉镇'), region('330902101201', '白泉村'), region('330902101202', '皋泄村'), region('330902102', '马岙街道'), region('330902102201', '马岙村')]
const saved: PopulationStat = {
  communityCode: '330902101201',
  communityName: '白泉村',
  townCode: '330902101',
  year: 2024,
  basis: 'registered',
  population60Plus: 800,
  population80Plus: 150,
  populationTotal: 3000,
  updatedAt: '2024-03-01T00:00:00Z',
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

function server(): void {
  fetchMock.mockImplementation(async (input, init) => {
    const url = new URL(String(input), 'http://localhost')
    if (url.pathname === '/api/v1/regions') return json(200, { items: regions, total: regions.length })
    if (url.pathname === '/api/v1/population-stats' && init?.method === 'PUT') {
      const body = JSON.parse(String(init.body)) as { entries: Pick<PopulationStat, 'communityCode' | 'population60Plus' | 'population80Plus' | 'populationTotal'>[] }
      return json(200, body.entries.map((entry) => ({ ...saved, ...entry })))
    }
    if (url.pathname === '/api/v1/population-stats') return json(200, [saved])
    return json(404, { statusCode: 404, code: 'NOT_FOUND', message: 'not found' })
  })
}

let wrapper: VueWrapper | null = null

async function mountPage(role: 'bureau_staff' | 'town_staff' = 'bureau_staff'): Promise<VueWrapper> {
  const pinia = createPinia()
  setActivePinia(pinia)
  useAuthStore().user = user(role === 'town_staff' ? { role, townCodes: ['330902101'] } : {})
  wrapper = mount(Population, { global: { plugins: [pinia, i18n] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

const bodyRows = (page: VueWrapper) => page.findAll('[data-test="population-table"] .el-table__body tr')

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

describe('population page', () => {
  it('lists every community, empty where nothing was entered', async () => {
    const page = await mountPage()

    const rows = bodyRows(page)
    expect(rows).toHaveLength(3)
    expect(rows[0]?.text()).toContain('已录入')
    expect(rows[1]?.text()).toContain('皋泄村')
    expect(rows[1]?.text()).toContain('未录入')
    const inputs = rows[0]!.findAll<HTMLInputElement>('input')
    expect(inputs.map((input) => input.element.value)).toEqual(['800', '150', '3000'])
  })

  it('saves only the changed rows for the chosen year and basis', async () => {
    const page = await mountPage()
    const inputs = bodyRows(page)[1]!.findAll('input')
    for (const [index, value] of ['500', '90', '2000'].entries()) {
      await inputs[index]!.setValue(value)
      await inputs[index]!.trigger('change')
    }
    expect(page.get('[data-test="population-save"]').text()).toBe('保存修改（1）')

    await page.get('[data-test="population-save"]').trigger('click')
    await flushPromises()

    const put = fetchMock.mock.calls.find(([, init]) => init?.method === 'PUT')
    expect(JSON.parse(String(put?.[1]?.body))).toEqual({
      year: 2024,
      basis: 'registered',
      entries: [{ communityCode: '330902101202', population60Plus: 500, population80Plus: 90, populationTotal: 2000 }],
    })
    expect(bodyRows(page)[1]?.text()).toContain('已录入')
  })

  it('shows town staff the figures of their town, read only', async () => {
    const page = await mountPage('town_staff')

    const get = fetchMock.mock.calls.map(([url]) => String(url)).find((url) => url.startsWith('/api/v1/population-stats'))
    expect(get).toBe('/api/v1/population-stats?year=2024&basis=registered&townCode=330902101')
    expect(bodyRows(page)).toHaveLength(2)
    expect(page.find('[data-test="population-save"]').exists()).toBe(false)
    expect(bodyRows(page)[0]?.find('input').exists()).toBe(false)
  })
})
