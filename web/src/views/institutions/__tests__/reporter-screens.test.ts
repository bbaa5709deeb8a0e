import { DEFAULT_INSTITUTION_SETTINGS, type CurrentUser, type LateFilers } from '@eldercare/shared'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { i18n, setLocale } from '../../../locales'
import { routes } from '../../../router/routes'
import { useAuthStore } from '../../../stores/auth'
import BedReports from '../bed-reports.vue'
import StarRatings from '../star-ratings.vue'

const FACILITY = '0190a0b0-0000-7000-8000-0000000000f9'
const user = (role: CurrentUser['role']): CurrentUser => ({
  id: '0190a0b0-0000-7000-8000-000000000009',
  tenantId: '0190a0b0-0000-7000-8000-000000000002',
  tenantCode: '330902',
  tenantName: '定海区',
  username: role,
  displayName: '填报员',
  role,
  townCodes: [],
  facilityIds: role === 'institution_reporter' ? [FACILITY] : [],
  mustChangePassword: false,
})

const late: LateFilers = {
  window: { period: '2024-05', opensOn: '2024-06-01', closesOn: '2024-06-10' },
  overdue: false,
  items: [{ facilityId: FACILITY, facilityName: '定海区社会福利中心', townName: '昌国街道', reportId: null, status: null }],
  expected: 1,
}

const fetchMock = vi.fn<typeof fetch>()
let wrapper: VueWrapper | null = null

function json(body: unknown): Response {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } })
}

async function mountAs(component: typeof BedReports | typeof StarRatings, role: CurrentUser['role']): Promise<VueWrapper> {
  const pinia = createPinia()
  setActivePinia(pinia)
  useAuthStore().user = user(role)
  const router = createRouter({ history: createMemoryHistory(), routes })
  wrapper = mount(component, { global: { plugins: [pinia, i18n, router] }, attachTo: document.body })
  for (let i = 0; i < 5; i++) await flushPromises()
  return wrapper
}

beforeEach(() => {
  setLocale('zh-CN')
  fetchMock.mockReset()
  fetchMock.mockImplementation(async (input) => {
    const path = new URL(String(input), 'http://localhost').pathname
    if (path === '/api/v1/bed-reports/late') return json(late)
    if (path === '/api/v1/institution-settings') return json(DEFAULT_INSTITUTION_SETTINGS)
    return json({ items: [], total: 0 })
  })
  vi.stubGlobal('fetch', fetchMock)
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  vi.unstubAllGlobals()
})

describe('the institution reporter’s screens', { timeout: 30_000 }, () => {
  it('offers 去填报 for a late report as a button, not a bare link', async () => {
    const w = await mountAs(BedReports, 'institution_reporter')
    const file = w.get('[data-test="late-file"]')
    expect(file.element.tagName).toBe('BUTTON')
    expect(file.classes()).toContain('el-button')
    expect(file.text()).toBe('去填报')
  })

  it('does not show the bureau’s rating settings to a reporter at all; the bureau sees them', async () => {
    const reporter = await mountAs(StarRatings, 'institution_reporter')
    expect(reporter.find('[data-test="rating-settings"]').exists()).toBe(false)
    expect(fetchMock.mock.calls.some(([url]) => String(url).includes('/institution-settings'))).toBe(false)
    reporter.unmount()
    wrapper = null

    const admin = await mountAs(StarRatings, 'bureau_admin')
    expect(admin.find('[data-test="rating-settings"]').exists()).toBe(true)
  })
})
