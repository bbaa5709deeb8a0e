import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { createMemoryHistory, createRouter } from 'vue-router'
import { saveTokens } from '../../../api/session'
import { i18n, setLocale } from '../../../locales'
import { useAuthStore } from '../../../stores/auth'
import { json, user } from '../../dashboard/__tests__/fixtures'
import FindingsList from '../list.vue'

const fetchMock = vi.fn<typeof fetch>()
let wrapper: VueWrapper | null = null

async function mountAt(path: string): Promise<VueWrapper> {
  const pinia = createPinia()
  setActivePinia(pinia)
  useAuthStore().user = user()
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/subsidy-checks', name: 'subsidy-checks', component: defineComponent({ render: () => h('div') }) }] })
  await router.push(path)
  await router.isReady()
  wrapper = mount(FindingsList, { global: { plugins: [pinia, i18n, router] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

const queueRequests = () => fetchMock.mock.calls.map(([url]) => new URL(String(url), 'http://localhost')).filter((url) => url.pathname === '/api/v1/subsidy-checks')

beforeEach(() => {
  setLocale('zh-CN')
  fetchMock.mockReset()
  fetchMock.mockImplementation(async (input) => {
    const path = new URL(String(input), 'http://localhost').pathname
    if (path === '/api/v1/subsidy-checks') return json(200, { items: [], total: 0, countsByKind: [] })
    return json(200, { items: [], total: 0 })
  })
  vi.stubGlobal('fetch', fetchMock)
  saveTokens({ accessToken: 'access-1', refreshToken: 'refresh-token-number-1' })
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  vi.unstubAllGlobals()
})

describe('findings queue opened from the dashboard', () => {
  it('filters by the town and status in the link', async () => {
    await mountAt('/subsidy-checks?status=open&townCode=330902101')
    expect(queueRequests()).toHaveLength(1)
    expect(Object.fromEntries(queueRequests()[0]!.searchParams)).toEqual({ status: 'open', townCode: '330902101', page: '1', pageSize: '20' })
  })

  it('ignores a status or town it does not know', async () => {
    await mountAt('/subsidy-checks?status=lost&townCode=33')
    expect(Object.fromEntries(queueRequests()[0]!.searchParams)).toEqual({ status: 'open', page: '1', pageSize: '20' })
  })
})
