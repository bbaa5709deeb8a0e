import type { SubsidyFindingSummary } from '@eldercare/shared'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import { saveTokens } from '../../../api/session'
import { i18n, setLocale } from '../../../locales'
import FindingsPanel from '../findings-panel.vue'
import { json } from './fixtures'

const summary: SubsidyFindingSummary = {
  towns: [
    {
      townCode: '330902001',
      townName: '解放街道',
      count: 3,
      amountFen: 123_450,
      byKind: [
        { kind: 'after_death', count: 2, amountFen: 120_000 },
        { kind: 'two_places', count: 1, amountFen: 3_450 },
      ],
    },
    { townCode: '330902101', townName: '白泉镇', count: 1, amountFen: 1_200, byKind: [{ kind: 'after_move', count: 1, amountFen: 1_200 }] },
    { townCode: null, townName: null, count: 1, amountFen: 0, byKind: [{ kind: 'delegate_heavy', count: 1, amountFen: 0 }] },
  ],
  total: { count: 5, amountFen: 124_650 },
}

const fetchMock = vi.fn<typeof fetch>()
let wrapper: VueWrapper | null = null
let router: Router

async function mountPanel(townCode = ''): Promise<VueWrapper> {
  setActivePinia(createPinia())
  // The queue by its route name, as the app names it; the pages themselves are not needed here.
  const page = defineComponent({ render: () => h('div') })
  router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/dashboard', component: page }, { path: '/subsidy-checks', name: 'subsidy-checks', component: page }] })
  await router.push('/dashboard')
  wrapper = mount(FindingsPanel, { props: { townCode }, global: { plugins: [i18n, router] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

const rowTexts = (page: VueWrapper) => page.findAll('[data-test="findings-towns"] .el-table__body tr').map((row) => row.text())

beforeEach(() => {
  setLocale('zh-CN')
  fetchMock.mockReset()
  fetchMock.mockImplementation(async (input) => {
    const url = new URL(String(input), 'http://localhost')
    if (url.pathname === '/api/v1/subsidy-checks/summary') return json(200, summary)
    return json(404, { statusCode: 404, code: 'NOT_FOUND', message: 'not found' })
  })
  vi.stubGlobal('fetch', fetchMock)
  saveTokens({ accessToken: 'access-1', refreshToken: 'refresh-token-number-1' })
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  vi.unstubAllGlobals()
})

describe('open findings panel', () => {
  it('lists each town with its open findings, the amount at stake in yuan and the kinds, and says it is the queue now', async () => {
    const page = await mountPanel()

    expect(fetchMock.mock.calls.map(([url]) => new URL(String(url), 'http://localhost').search)).toEqual(['?groupBy=town'])
    expect(page.text()).toContain('待核实的防骗补线索（当前）')
    expect(page.text()).toContain('不随截至日期变化')
    const rows = rowTexts(page)
    expect(rows[0]).toMatch(/解放街道\s*3\s*1234\.50/)
    expect(rows[0]).toContain('死亡后仍享受 2 条')
    expect(rows[0]).toContain('同日异地就餐 1 条')
    expect(rows[1]).toMatch(/白泉镇\s*1\s*12\.00/)
    expect(rows[2]).toContain('未归属镇街')
    expect(page.get('[data-test="findings-total"]').text()).toBe('合计 5 条，1246.50 元')
  })

  it('links each row to the queue filtered by its town and status=open', async () => {
    const page = await mountPanel()
    const links = page.findAll('[data-test="findings-town-link"]')
    expect(links.map((link) => link.attributes('href'))).toEqual([
      '/subsidy-checks?status=open&townCode=330902001',
      '/subsidy-checks?status=open&townCode=330902101',
      '/subsidy-checks?status=open',
    ])
    await links[1]!.trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/subsidy-checks?status=open&townCode=330902101')
  })

  it("shows only the dashboard's town when one is chosen", async () => {
    const page = await mountPanel('330902101')
    expect(rowTexts(page)).toEqual([expect.stringContaining('白泉镇')])
    expect(page.find('[data-test="findings-total"]').exists()).toBe(false)
  })

  it('says when nothing is open, and when the figures could not be loaded', async () => {
    fetchMock.mockImplementationOnce(async () => json(200, { towns: [], total: { count: 0, amountFen: 0 } }))
    const empty = await mountPanel()
    expect(empty.text()).toContain('当前没有待核实的线索')
    empty.unmount()

    fetchMock.mockImplementationOnce(async () => json(500, { statusCode: 500, code: 'INTERNAL', message: 'x' }))
    const failed = await mountPanel()
    expect(failed.text()).toContain('待核实线索暂时无法加载')
  })

  it('reads in English', async () => {
    setLocale('en')
    const page = await mountPanel()
    expect(page.text()).toContain('Open subsidy-check findings (now)')
    expect(page.get('[data-test="findings-total"]').text()).toBe('Total: 5 findings, 1246.50 yuan')
  })
})
