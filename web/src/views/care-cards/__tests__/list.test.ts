import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import { saveTokens } from '../../../api/session'
import { i18n, setLocale } from '../../../locales'
import { useAuthStore } from '../../../stores/auth'
import List from '../list.vue'
import { careCard, json, keeper } from './fixtures'

const zhang = careCard()
const zhou = careCard({ id: '0190a0b0-0000-7000-8000-0000000c0002', cardNo: '33090287654321', elderId: '0190a0b0-0000-7000-8000-00000000e002', elderName: '周爱国', idNumberMasked: '330902********1002' })

const fetchMock = vi.fn<typeof fetch>()
const queries: (string | null)[] = []

/** Cards by exact number, by name, or both for `z` (initials they share). */
function server(): void {
  fetchMock.mockImplementation(async (input, init) => {
    const url = new URL(String(input), 'http://localhost')
    // A scanned card number never goes in a URL: the list searches in a POST body.
    if (url.pathname !== '/api/v1/care-cards/search' || init?.method !== 'POST' || url.search !== '') {
      return json(404, { statusCode: 404, code: 'NOT_FOUND', message: 'not found' })
    }
    const q = (JSON.parse(String(init.body)) as { q?: string }).q ?? null
    queries.push(q)
    const items = [zhang, zhou].filter((card) => q === null || q === 'z' || card.cardNo === q || card.elderName.includes(q))
    return json(200, { items, total: items.length })
  })
}

let wrapper: VueWrapper | null = null
let router: Router

async function mountList(): Promise<VueWrapper> {
  const pinia = createPinia()
  setActivePinia(pinia)
  useAuthStore().user = keeper
  const page = defineComponent({ render: () => h('div') })
  router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/care-cards', name: 'care-cards', component: List },
      { path: '/care-cards/:id', name: 'care-card-detail', component: page },
    ],
  })
  await router.push('/care-cards')
  await router.isReady()
  wrapper = mount(List, { global: { plugins: [pinia, i18n, router] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

const searchBox = (w: VueWrapper) => w.get('input[data-test="card-search"]')

async function scan(w: VueWrapper, text: string): Promise<void> {
  // A keyboard-wedge scanner types the whole number at once and ends with Enter.
  await searchBox(w).setValue(text)
  await searchBox(w).trigger('keydown', { key: 'Enter' })
  await flushPromises()
}

beforeEach(() => {
  queries.length = 0
  fetchMock.mockReset()
  vi.stubGlobal('fetch', fetchMock)
  server()
  setLocale('zh-CN')
  saveTokens({ accessToken: 'access-1', refreshToken: 'refresh-token-number-1' })
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  vi.unstubAllGlobals()
})

describe('care card list', () => {
  it('lists cards with number, elder, masked ID, status and balance in yuan', async () => {
    const w = await mountList()

    const rows = w.findAll('.el-table__body tr')
    expect(rows).toHaveLength(2)
    expect(rows[0]!.text()).toContain('33090212345678')
    expect(rows[0]!.text()).toContain('张桂英')
    expect(rows[0]!.text()).toContain('330902********4235')
    expect(rows[0]!.text()).toContain('正常')
    expect(rows[0]!.text()).toContain('¥88.00')
  })

  it('opens the card at once when a scanned number and Enter find exactly one card', async () => {
    const w = await mountList()

    await scan(w, '33090287654321')

    expect(queries.at(-1)).toBe('33090287654321')
    expect(router.currentRoute.value.name).toBe('care-card-detail')
    expect(router.currentRoute.value.params.id).toBe(zhou.id)
  })

  it('stays on the list when Enter finds several cards', async () => {
    const w = await mountList()

    await scan(w, 'z')

    expect(queries.at(-1)).toBe('z')
    expect(router.currentRoute.value.name).toBe('care-cards')
    expect(w.findAll('.el-table__body tr')).toHaveLength(2)
  })

  it('offers issuing a card to those who keep cards', async () => {
    const w = await mountList()
    expect(w.find('[data-test="issue-open"]').exists()).toBe(true)

    useAuthStore().user = { ...keeper, role: 'canteen_operator', username: 'canteen_operator' }
    await flushPromises()
    expect(w.find('[data-test="issue-open"]').exists()).toBe(false)
  })
})
