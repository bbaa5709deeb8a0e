import type { Reconciliation } from '@eldercare/shared'
import { flushPromises, mount, RouterLinkStub, type VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { saveTokens } from '../../../api/session'
import { i18n, setLocale } from '../../../locales'
import { json } from '../../care-cards/__tests__/fixtures'
import ReconciliationPanel from '../reconciliation-panel.vue'

const fetchMock = vi.fn<typeof fetch>()
let report: Reconciliation

let wrapper: VueWrapper | null = null

async function mountPanel(): Promise<VueWrapper> {
  wrapper = mount(ReconciliationPanel, {
    props: { purseName: (code: string) => ({ meal: '助餐', service: '服务' })[code] ?? code },
    global: { plugins: [createPinia(), i18n], stubs: { RouterLink: RouterLinkStub } },
    attachTo: document.body,
  })
  await flushPromises()
  return wrapper
}

beforeEach(() => {
  fetchMock.mockReset()
  vi.stubGlobal('fetch', fetchMock)
  fetchMock.mockImplementation(async (input) => {
    const url = new URL(String(input), 'http://localhost')
    if (url.pathname === '/api/v1/care-cards/reconciliation') return json(200, report)
    return json(404, { statusCode: 404, code: 'NOT_FOUND', message: 'not found' })
  })
  setLocale('zh-CN')
  saveTokens({ accessToken: 'access-1', refreshToken: 'refresh-token-number-1' })
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  vi.unstubAllGlobals()
})

describe('reconciliation', () => {
  it('says the books balance when no purse differs from its entries', async () => {
    report = { cards: 120, purses: 240, totalBalanceFen: 1234500, totalLedgerFen: 1234500, mismatches: [] }
    const w = await mountPanel()

    expect(w.get('[data-test="reconciliation-ok"]').text()).toContain('账实相符')
    expect(w.text()).toContain('¥12345.00')
    expect(w.find('[data-test="reconciliation-mismatches"]').exists()).toBe(false)
  })

  it('lists every purse whose balance differs from the sum of its entries, with the difference', async () => {
    report = {
      cards: 120,
      purses: 240,
      totalBalanceFen: 1234600,
      totalLedgerFen: 1234500,
      mismatches: [
        { cardId: '0190a0b0-0000-7000-8000-0000000c0001', cardNo: '33090212345678', purse: 'meal', balanceFen: 8900, ledgerFen: 8800 },
        { cardId: '0190a0b0-0000-7000-8000-0000000c0002', cardNo: '33090287654321', purse: 'service', balanceFen: 0, ledgerFen: 50 },
      ],
    }
    const w = await mountPanel()

    expect(w.find('[data-test="reconciliation-ok"]').exists()).toBe(false)
    expect(w.get('[data-test="reconciliation-mismatches"]').text()).toContain('发现 2 处账实不符')
    const rows = w.findAll('.el-table__body tr')
    expect(rows).toHaveLength(2)
    expect(rows[0]!.text()).toContain('33090212345678')
    expect(rows[0]!.text()).toContain('助餐')
    expect(rows[0]!.text()).toContain('89.00')
    expect(rows[0]!.text()).toContain('88.00')
    expect(rows[0]!.text()).toContain('1.00')
    expect(rows[1]!.text()).toContain('服务')
    expect(rows[1]!.text()).toContain('-0.50')
    expect(w.findAllComponents(RouterLinkStub)[0]!.props('to')).toEqual({ name: 'care-card-detail', params: { id: '0190a0b0-0000-7000-8000-0000000c0001' } })
  })

  it('checks again on demand', async () => {
    report = { cards: 1, purses: 1, totalBalanceFen: 100, totalLedgerFen: 100, mismatches: [] }
    const w = await mountPanel()
    await w.get('[data-test="reconcile"]').trigger('click')
    await flushPromises()

    expect(fetchMock.mock.calls.filter(([input]) => String(input).includes('/reconciliation'))).toHaveLength(2)
  })
})
