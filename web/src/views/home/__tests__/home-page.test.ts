import type { CurrentUser } from '@eldercare/shared'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { i18n, setLocale } from '../../../locales'
import { routes } from '../../../router/routes'
import { useAuthStore } from '../../../stores/auth'
import Home from '../index.vue'

const user = (overrides: Partial<CurrentUser>): CurrentUser => ({
  id: '0190a0b0-0000-7000-8000-000000000001',
  tenantId: '0190a0b0-0000-7000-8000-000000000002',
  tenantCode: '330902',
  tenantName: '定海区',
  username: 'someone',
  displayName: '某人',
  role: 'bureau_staff',
  townCodes: [],
  facilityIds: [],
  mustChangePassword: false,
  ...overrides,
})

async function mountHome(me: CurrentUser) {
  const pinia = createPinia()
  setActivePinia(pinia)
  useAuthStore().user = me
  const router = createRouter({ history: createMemoryHistory(), routes })
  const wrapper = mount(Home, { global: { plugins: [pinia, i18n, router] } })
  await flushPromises()
  return wrapper
}

const tasks = (w: Awaited<ReturnType<typeof mountHome>>) => w.findAll('.home__task-title').map((task) => task.text())

beforeEach(() => {
  setLocale('zh-CN')
  vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ items: [], total: 0 }), { status: 200 })))
})

afterEach(() => vi.unstubAllGlobals())

describe('home page', () => {
  it('no longer promises a workbench to come: it lists what the role does today', async () => {
    const w = await mountHome(user({ role: 'bureau_staff' }))
    expect(w.text()).not.toContain('将陆续提供')
    expect(tasks(w)).toEqual(['助餐结算', '床位填报', '指标看板', '补贴发放', '爱心卡'])
    expect(w.get('[data-test="home-task-settlements"]').attributes('href')).toBe('/settlements')
  })

  it("gives an operator the counter first and leaves out pages that do not concern them", async () => {
    const w = await mountHome(user({ role: 'canteen_operator', facilityIds: ['0190a0b0-0000-7000-8000-0000000000f1'] }))
    expect(tasks(w)[0]).toBe('助餐登记')
    expect(tasks(w)).not.toContain('中央厨房订餐')
    expect(tasks(w)).not.toContain('用户管理')
  })
})
