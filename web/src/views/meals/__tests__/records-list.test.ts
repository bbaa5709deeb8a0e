import type { CurrentUser, MealRecordListItem } from '@eldercare/shared'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { i18n, setLocale } from '../../../locales'
import { useAuthStore } from '../../../stores/auth'
import MealRecords from '../list.vue'

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

const record: MealRecordListItem = {
  id: '0190a0b0-0000-7000-8000-0000000000a1',
  elderId: '0190a0b0-0000-7000-8000-00000000e001',
  elderName: '曾海法',
  facilityId: '0190a0b0-0000-7000-8000-0000000000f1',
  facilityName: '北园社区幸福食堂',
  servedOn: '2024-05-20',
  slot: 'lunch',
  mode: 'dine_in',
  priceFen: 1200,
  subsidyFen: 500,
  selfPayFen: 700,
  paymentMethod: 'cash',
  subsidised: true,
  subsidyRuleIds: [],
  collectedByDelegateId: null,
  recordedBy: 'canteen_operator',
  recordedByName: '王丽萍',
  recordedAt: '2024-05-20T03:30:00.000Z',
  syncedAt: '2024-05-20T03:30:00.000Z',
  deviceId: null,
  deviceSeq: null,
  selfPayDueFen: 0,
  voidedAt: null,
  voidReason: null,
}

function viewport(width: number, height: number): void {
  ;(window as unknown as { happyDOM: { setViewport(size: { width: number; height: number }): void } }).happyDOM.setViewport({ width, height })
}

let facilitiesAnswer: Promise<Response>
const fetchMock = vi.fn<typeof fetch>()
let wrapper: VueWrapper | null = null

beforeEach(() => {
  setLocale('zh-CN')
  fetchMock.mockReset()
  // The facility list never answers: the records must not depend on it for their names.
  facilitiesAnswer = new Promise(() => {})
  fetchMock.mockImplementation(async (input) => {
    const url = new URL(String(input), 'http://localhost')
    if (url.pathname === '/api/v1/facilities') return facilitiesAnswer
    return new Response(JSON.stringify({ items: [record], total: 1 }), { status: 200, headers: { 'Content-Type': 'application/json' } })
  })
  vi.stubGlobal('fetch', fetchMock)
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  vi.unstubAllGlobals()
})

async function mountList(): Promise<VueWrapper> {
  const pinia = createPinia()
  setActivePinia(pinia)
  useAuthStore().user = operator
  wrapper = mount(MealRecords, { global: { plugins: [pinia, i18n] }, attachTo: document.body })
  for (let i = 0; i < 5; i++) await flushPromises()
  return wrapper
}

const headers = (w: VueWrapper) => w.findAll('.el-table__header th').map((cell) => cell.text()).filter(Boolean)

describe('meal records list', () => {
  it('shows each row’s 助餐点 at once, without pressing 查询, and the recording person’s name', async () => {
    viewport(1366, 768)
    const w = await mountList()
    expect(headers(w)).toContain('助餐点')
    expect(w.get('.el-table__body').text()).toContain('北园社区幸福食堂')

    await w.get('.el-table__expand-icon').trigger('click')
    await flushPromises()
    const detail = w.get('[data-test="row-detail"]').text()
    expect(detail).toContain('王丽萍')
    expect(detail).not.toContain('canteen_operator')
    expect(detail).toContain('12.00')
  })

  it('at 768 px keeps the first columns in view and folds the rest, 助餐点 included, into the row’s detail', async () => {
    viewport(768, 1024)
    const w = await mountList()
    expect(headers(w)).toEqual(['就餐日期', '餐次', '老人', '方式', '自付（元）', '状态'])
    await w.get('.el-table__expand-icon').trigger('click')
    await flushPromises()
    expect(w.get('[data-test="row-detail"]').text()).toContain('北园社区幸福食堂')
  })
})
