import type { CurrentUser, Facility } from '@eldercare/shared'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent } from 'vue'
import { createMemoryHistory, createRouter, type RouteRecordRaw } from 'vue-router'
import { saveTokens } from '../../api/session'
import { i18n, setLocale } from '../../locales'
import { routes } from '../../router/routes'
import { useAuthStore } from '../../stores/auth'
import AdminLayout from '../admin-layout.vue'

const operator: CurrentUser = {
  id: '0190a0b0-0000-7000-8000-000000000005',
  tenantId: '0190a0b0-0000-7000-8000-000000000002',
  tenantCode: '330902',
  tenantName: '定海区',
  username: 'canteen_operator',
  displayName: '幸福食堂经办人',
  role: 'canteen_operator',
  townCodes: [],
  facilityIds: ['0190a0b0-0000-7000-8000-0000000000f1'],
  mustChangePassword: false,
}

function facility(overrides: Partial<Facility>): Facility {
  return {
    id: '0190a0b0-0000-7000-8000-0000000000f1',
    name: '北园社区幸福食堂',
    type: 'canteen',
    communityCode: '330902002004',
    address: '北园社区68号',
    latitude: null,
    longitude: null,
    operatorOrg: null,
    contactName: null,
    contactPhoneMasked: null,
    openedOn: '2022-06-03',
    closedOn: null,
    mealSlots: ['lunch'],
    mealModes: ['dine_in'],
    dailyCapacity: {},
    tags: [],
    tagHistory: [],
    supplierKitchenId: null,
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

let facilities: Facility[]
const fetchMock = vi.fn<typeof fetch>()
const Page = defineComponent({ render: () => null })

function withStubPages(records: RouteRecordRaw[]): RouteRecordRaw[] {
  return records.map(({ path, name, meta, children }) => ({ path, name, meta, component: Page, children: withStubPages(children ?? []) }))
}

function viewport(width: number, height: number): void {
  ;(window as unknown as { happyDOM: { setViewport(size: { width: number; height: number }): void } }).happyDOM.setViewport({ width, height })
}

let wrapper: VueWrapper | null = null

async function mountLayout(user: CurrentUser = operator): Promise<VueWrapper> {
  const pinia = createPinia()
  setActivePinia(pinia)
  useAuthStore().user = user
  const router = createRouter({ history: createMemoryHistory(), routes: withStubPages(routes[1]!.children!) })
  await router.push('/meals/counter')
  wrapper = mount(AdminLayout, { global: { plugins: [pinia, i18n, router] }, attachTo: document.body })
  for (let i = 0; i < 5; i++) await flushPromises()
  return wrapper
}

const menuTexts = () => Array.from(document.querySelectorAll('.side-menu .el-menu-item')).map((item) => item.textContent?.trim())

beforeEach(() => {
  setLocale('zh-CN')
  facilities = [facility({})]
  fetchMock.mockReset()
  fetchMock.mockImplementation(async () => new Response(JSON.stringify({ items: facilities, total: facilities.length }), { status: 200, headers: { 'Content-Type': 'application/json' } }))
  vi.stubGlobal('fetch', fetchMock)
  saveTokens({ accessToken: 'access-1', refreshToken: 'refresh-token-number-1' })
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('admin layout', () => {
  it('on a 768 px tablet keeps the menu in a drawer with labels, opened by the menu button and closed by a choice', async () => {
    viewport(768, 1024)
    const w = await mountLayout()
    expect(w.find('.admin-layout__aside').exists()).toBe(false)
    expect(document.querySelector('[data-test="menu-drawer"] .side-menu')).toBeNull()

    await w.get('.header-bar button').trigger('click')
    await flushPromises()
    expect(menuTexts()).toEqual(expect.arrayContaining(['助餐登记', '助餐记录']))
    expect(document.querySelector('.side-menu.el-menu--collapse')).toBeNull()

    const records = Array.from(document.querySelectorAll<HTMLElement>('.side-menu .el-menu-item')).find((item) => item.textContent?.includes('助餐记录'))!
    records.click()
    for (let i = 0; i < 5; i++) await flushPromises()
    expect(w.vm.$router.currentRoute.value.path).toBe('/meals/records')
    expect(w.findComponent({ name: 'ElDrawer' }).props('modelValue')).toBe(false)
  })

  it('on an office screen shows the side menu with labels', async () => {
    viewport(1366, 768)
    const w = await mountLayout()
    expect(w.find('.admin-layout__aside').exists()).toBe(true)
    expect(menuTexts()).toContain('助餐登记')
  })

  it('offers 中央厨房订餐 only to an operator whose meal point orders from a kitchen', async () => {
    viewport(1366, 768)
    await mountLayout()
    expect(menuTexts()).not.toContain('中央厨房订餐')
    wrapper!.unmount()

    facilities = [facility({ type: 'meal_point', supplierKitchenId: '0190a0b0-0000-7000-8000-0000000000a1' })]
    await mountLayout()
    expect(menuTexts()).toContain('中央厨房订餐')
  })
})
