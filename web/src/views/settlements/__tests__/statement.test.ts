import type { CurrentUser, Facility, Role, Settlement, SettlementStatus } from '@eldercare/shared'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { saveTokens } from '../../../api/session'
import { i18n, setLocale } from '../../../locales'
import { useAuthStore } from '../../../stores/auth'
import type * as Feedback from '../../../utils/feedback'
import { confirmed } from '../../../utils/feedback'
import { previousMonth, settlementActions } from '../data'
import SettlementsPage from '../list.vue'

vi.mock('../../../utils/feedback', async (importOriginal) => ({
  ...(await importOriginal<typeof Feedback>()),
  // The confirmation box is Element Plus's; the tests answer it.
  confirmed: vi.fn(async () => true),
}))

const FACILITY = '0190a0b0-0000-7000-8000-0000000000f1'
/** 10:00 on 2024-06-12 in Asia/Shanghai: the statement opens on May. */
const NOW = new Date('2024-06-12T02:00:00.000Z')

function user(role: Role): CurrentUser {
  return {
    id: '0190a0b0-0000-7000-8000-000000000005',
    tenantId: '0190a0b0-0000-7000-8000-000000000002',
    tenantCode: '330902',
    tenantName: '定海区',
    username: role,
    displayName: role,
    role,
    townCodes: [],
    facilityIds: role === 'canteen_operator' ? [FACILITY] : [],
    mustChangePassword: false,
  }
}

const canteen: Facility = {
  id: FACILITY,
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
  mealSlots: ['lunch', 'dinner'],
  mealModes: ['dine_in', 'delivery'],
  dailyCapacity: {},
  tags: [],
  supplierKitchenId: null,
  townCode: '330902002',
  townName: '昌国街道',
  communityName: '北园社区居委会',
  island: null,
  status: 'active',
  serviceAreaCount: 1,
  updatedAt: '2024-05-01T00:00:00.000Z',
}

function statement(status: SettlementStatus, month = '2024-05'): Settlement {
  return {
    id: status === 'draft' ? null : '0190a0b0-0000-7000-8000-0000000000s1',
    facilityId: FACILITY,
    facilityName: canteen.name,
    month,
    status,
    comment: status === 'returned' ? '5月3日午餐份数与签到表不符' : null,
    totals: {
      meals: 248,
      priceFen: 372_000,
      subsidyFen: 129_105,
      selfPayFen: 242_895,
      cardPaidFen: 6_007,
      recoveries: [],
      recoveryFen: 0,
      payableSubsidyFen: 129_105,
      // In the server's order, dinner first: the page shows the day's order.
      bySlotAndMode: [
        { slot: 'dinner', mode: 'delivery', meals: 15, subsidyFen: 11_500, selfPayFen: 11_000 },
        { slot: 'lunch', mode: 'dine_in', meals: 233, subsidyFen: 117_605, selfPayFen: 231_895 },
      ],
      byPaymentMethod: [
        { paymentMethod: 'wechat', meals: 100, selfPayFen: 99_400 },
        { paymentMethod: 'care_card', meals: 8, selfPayFen: 6_007 },
        { paymentMethod: 'cash', meals: 140, selfPayFen: 137_488 },
      ],
    },
    submittedAt: status === 'draft' ? null : '2024-06-02T01:30:00.000Z',
    decidedAt: status === 'approved' || status === 'returned' ? '2024-06-05T06:00:00.000Z' : null,
  }
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

interface Call {
  method: string
  path: string
  query: URLSearchParams
  body: unknown
}

const calls: Call[] = []
const fetchMock = vi.fn<typeof fetch>()
/** The statement the fake server holds; steps move it as the real one would. */
let current: Settlement
let stepAnswer: ((step: string) => Response | null) | null = null

function server(): void {
  fetchMock.mockImplementation(async (input, init) => {
    const url = new URL(String(input), 'http://localhost')
    const method = init?.method ?? 'GET'
    const body: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined
    const path = url.pathname.replace('/api/v1', '')
    calls.push({ method, path, query: url.searchParams, body })
    if (path === '/facilities') return json(200, { items: [canteen], total: 1 })
    if (path === '/settlements/statement') return json(200, { ...current, month: url.searchParams.get('month') })
    if (path === '/settlements' && method === 'GET') return json(200, { items: [statement('submitted')], total: 1 })
    const step = /^\/settlements\/(submit|approve|return)$/.exec(path)?.[1]
    if (step) {
      const refused = stepAnswer?.(step)
      if (refused) return refused
      const status = ({ submit: 'submitted', approve: 'approved', return: 'returned' } as const)[step as 'submit' | 'approve' | 'return']
      current = { ...statement(status), comment: step === 'return' ? (body as { comment: string }).comment : null }
      return json(200, current)
    }
    return json(404, { statusCode: 404, code: 'NOT_FOUND', message: 'not found' })
  })
}

let wrapper: VueWrapper | null = null

async function settle(): Promise<void> {
  for (let i = 0; i < 6; i++) await flushPromises()
}

async function mountAs(role: Role, status: SettlementStatus): Promise<VueWrapper> {
  current = statement(status)
  const pinia = createPinia()
  setActivePinia(pinia)
  useAuthStore().user = user(role)
  wrapper = mount(SettlementsPage, { global: { plugins: [pinia, i18n] }, attachTo: document.body })
  await settle()
  if (role !== 'canteen_operator') {
    // The bureau chooses among many facilities; the operator's own is chosen for them.
    const select = wrapper.findComponent({ name: 'ElSelect' })
    select.vm.$emit('update:modelValue', FACILITY)
    await settle()
  }
  return wrapper
}

const buttons = (w: VueWrapper) => ['submit', 'approve', 'return', 'export'].filter((name) => w.find(`[data-test="settlement-${name}"]`).exists())
const posts = () => calls.filter((call) => call.method === 'POST')

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(NOW)
  calls.length = 0
  stepAnswer = null
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
  vi.useRealTimers()
  document.body.innerHTML = ''
})

describe('settlement statement', () => {
  it('opens the operator’s own facility on last month and shows the money in yuan with two decimals', async () => {
    const w = await mountAs('canteen_operator', 'draft')

    const asked = calls.find((call) => call.path === '/settlements/statement')!
    expect(asked.query.get('facilityId')).toBe(FACILITY)
    expect(asked.query.get('month')).toBe('2024-05')
    expect(w.get('[data-test="statement-status"]').text()).toBe('草稿')
    expect(w.get('[data-total="meals"]').text()).toContain('248 份')
    expect(w.get('[data-total="price"]').text()).toContain('¥3720.00')
    expect(w.get('[data-total="subsidy"]').text()).toContain('补贴（区民政局应拨付）')
    expect(w.get('[data-total="subsidy"]').text()).toContain('¥1291.05')
    expect(w.get('[data-total="selfPay"]').text()).toContain('¥2428.95')
    expect(w.get('[data-total="cardPaid"]').text()).toContain('¥60.07')
    const bySlot = w.get('[data-test="by-slot-mode"]').findAll('.el-table__body tr').map((row) => row.text())
    expect(bySlot).toHaveLength(2)
    expect(bySlot[0]).toMatch(/午餐\s*堂食\s*233\s*1176\.05\s*2318\.95/)
    expect(bySlot[1]).toMatch(/晚餐\s*送餐\s*15\s*115\.00\s*110\.00/)
    const byPayment = w.get('[data-test="by-payment"]').findAll('.el-table__body tr').map((row) => row.text())
    expect(byPayment).toEqual([expect.stringMatching(/现金\s*140\s*1374\.88/), expect.stringMatching(/微信\s*100\s*994\.00/), expect.stringMatching(/爱心卡\s*8\s*60\.07/)])
  })

  it.each([
    ['canteen_operator', 'draft', ['submit', 'export']],
    ['canteen_operator', 'submitted', ['export']],
    ['canteen_operator', 'returned', ['submit', 'export']],
    ['canteen_operator', 'approved', ['export']],
    ['bureau_staff', 'draft', ['submit', 'export']],
    ['bureau_staff', 'submitted', ['approve', 'return', 'export']],
    ['bureau_admin', 'submitted', ['approve', 'return', 'export']],
    ['bureau_admin', 'approved', ['export']],
  ] as const)('offers a %s the steps a %s statement allows', async (role, status, expected) => {
    const w = await mountAs(role, status)

    expect(w.get('[data-test="statement-status"]').text()).toBe({ draft: '草稿', submitted: '已提交', approved: '已审核', returned: '已退回' }[status])
    expect(buttons(w)).toEqual(expected)
  })

  it('shows why a statement came back', async () => {
    const w = await mountAs('canteen_operator', 'returned')

    expect(w.get('[data-test="statement-comment"]').text()).toContain('5月3日午餐份数与签到表不符')
  })

  it('warns that submitting locks the month’s meals, then submits and shows the frozen statement', async () => {
    const w = await mountAs('canteen_operator', 'draft')
    expect(w.text()).toContain('当月助餐记录锁定')

    await w.get('[data-test="settlement-submit"]').trigger('click')
    await settle()

    expect(vi.mocked(confirmed)).toHaveBeenCalledWith(expect.stringContaining('助餐记录将被锁定'), '提交结算单')
    expect(posts()).toEqual([expect.objectContaining({ path: '/settlements/submit', body: { facilityId: FACILITY, month: '2024-05' } })])
    expect(w.get('[data-test="statement-status"]').text()).toBe('已提交')
    expect(buttons(w)).toEqual(['export'])
  })

  it('shows the server’s refusal of a month that has not ended in the user’s language', async () => {
    stepAnswer = () => json(409, { statusCode: 409, code: 'SETTLEMENT_MONTH_OPEN', message: 'a month can be submitted once it has ended' })
    const w = await mountAs('canteen_operator', 'draft')

    await w.get('[data-test="settlement-submit"]').trigger('click')
    await settle()

    await vi.waitFor(() => expect(document.body.textContent).toContain('本月尚未结束，不能提交结算'))
    expect(w.get('[data-test="statement-status"]').text()).toBe('草稿')
  })

  it('reloads a statement someone else moved first', async () => {
    stepAnswer = () => {
      current = statement('approved')
      return json(409, { statusCode: 409, code: 'SETTLEMENT_STATE', message: 'a approved statement cannot be approved' })
    }
    const w = await mountAs('bureau_staff', 'submitted')

    await w.get('[data-test="settlement-approve"]').trigger('click')
    await settle()

    await vi.waitFor(() => expect(document.body.textContent).toContain('结算单当前状态不允许此操作'))
    expect(w.get('[data-test="statement-status"]').text()).toBe('已审核')
  })

  it('returns a statement only with a comment, sent as one line', async () => {
    const w = await mountAs('bureau_admin', 'submitted')

    await w.get('[data-test="settlement-return"]').trigger('click')
    await settle()
    const confirm = document.querySelector<HTMLButtonElement>('[data-test="return-confirm"]')!
    confirm.click()
    await settle()

    await vi.waitFor(() => expect(document.body.textContent).toContain('请填写退回意见'))
    expect(posts()).toEqual([])

    const comment = document.querySelector<HTMLTextAreaElement>('textarea[data-test="return-comment"]')!
    comment.value = '   '
    comment.dispatchEvent(new Event('input'))
    await settle()
    confirm.click()
    await settle()
    expect(posts()).toEqual([])

    comment.value = ' 5月3日午餐份数不符，\n请核对签到表 '
    comment.dispatchEvent(new Event('input'))
    await settle()
    confirm.click()
    await settle()

    await vi.waitFor(() => expect(posts()).toHaveLength(1))
    expect(posts()[0]).toEqual(
      expect.objectContaining({ path: '/settlements/return', body: { facilityId: FACILITY, month: '2024-05', comment: '5月3日午餐份数不符， 请核对签到表' } }),
    )
    expect(w.get('[data-test="statement-status"]').text()).toBe('已退回')
    expect(w.get('[data-test="statement-comment"]').text()).toContain('请核对签到表')
    expect(buttons(w)).toEqual(['submit', 'export'])
  })

  it('lists submitted statements for the bureau and opens one', async () => {
    const w = await mountAs('bureau_staff', 'submitted')
    const tabs = w.findComponent({ name: 'ElTabs' })
    tabs.vm.$emit('update:modelValue', 'queue')
    await settle()

    const listed = calls.find((call) => call.path === '/settlements')!
    expect(listed.query.get('status')).toBe('submitted')
    expect(listed.query.get('month')).toBe('2024-05')
    const row = w.get('.review-queue .el-table__body tr').text()
    expect(row).toContain('北园社区幸福食堂')
    expect(row).toContain('1291.05')

    await w.get('[data-test="queue-open"]').trigger('click')
    await settle()
    expect(w.findComponent({ name: 'ElTabs' }).props('modelValue')).toBe('statement')
  })
})

describe('settlement rules', () => {
  it('allows each step only from the states and to the roles the API does', () => {
    expect(settlementActions('draft', 'canteen_operator')).toEqual({ submit: true, approve: false, return: false })
    expect(settlementActions('returned', 'bureau_staff')).toEqual({ submit: true, approve: false, return: false })
    expect(settlementActions('submitted', 'canteen_operator')).toEqual({ submit: false, approve: false, return: false })
    expect(settlementActions('submitted', 'bureau_admin')).toEqual({ submit: false, approve: true, return: true })
    expect(settlementActions('approved', 'bureau_admin')).toEqual({ submit: false, approve: false, return: false })
    expect(settlementActions('draft', 'town_staff')).toEqual({ submit: false, approve: false, return: false })
  })

  it('opens on the month before, across a new year', () => {
    expect(previousMonth('2024-06-12')).toBe('2024-05')
    expect(previousMonth('2025-01-01')).toBe('2024-12')
  })
})
