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
  tagHistory: [],
  supplierKitchenId: null,
  townCode: '330902002',
  townName: '昌国街道',
  communityName: '北园社区居委会',
  island: null,
  status: 'active',
  serviceAreaCount: 1,
  updatedAt: '2024-05-01T00:00:00.000Z',
}

/** Whether the statements of the fake server's town go through its review (it has a reviewer). */
let townReview = true

function statement(status: SettlementStatus, month = '2024-05'): Settlement {
  const passedTown = status === 'town_approved' || (status === 'approved' && townReview)
  return {
    townName: '昌国街道',
    townReview,
    signatures: {
      submitted: status === 'draft' ? null : { name: '王丽萍', at: '2024-06-02T01:30:00.000Z' },
      townReviewed: passedTown ? { name: '陈建国', at: '2024-06-03T02:00:00.000Z' } : null,
      approved: status === 'approved' ? { name: '李明', at: '2024-06-05T06:00:00.000Z' } : null,
    },
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
    const step = /^\/settlements\/(submit|town-approve|approve|return)$/.exec(path)?.[1]
    if (step) {
      const refused = stepAnswer?.(step)
      if (refused) return refused
      const status = ({ submit: 'submitted', 'town-approve': 'town_approved', approve: 'approved', return: 'returned' } as const)[step as 'submit' | 'town-approve' | 'approve' | 'return']
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
    // The bureau opens on its review queue; these tests look at one statement, as a click on the tab does.
    wrapper.findComponent({ name: 'ElTabs' }).vm.$emit('update:modelValue', 'statement')
    await settle()
    // The bureau chooses among many facilities; the operator's own is chosen for them.
    const select = wrapper.findComponent({ name: 'StatementPanel' }).findComponent({ name: 'ElSelect' })
    select.vm.$emit('update:modelValue', FACILITY)
    await settle()
  }
  return wrapper
}

const buttons = (w: VueWrapper) => ['submit', 'town-approve', 'approve', 'return', 'export', 'print'].filter((name) => w.find(`[data-test="settlement-${name}"]`).exists())
const posts = () => calls.filter((call) => call.method === 'POST')

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(NOW)
  calls.length = 0
  stepAnswer = null
  townReview = true
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
    ['canteen_operator', 'draft', true, ['submit', 'export', 'print']],
    ['canteen_operator', 'submitted', true, ['export', 'print']],
    ['canteen_operator', 'returned', true, ['submit', 'export', 'print']],
    ['canteen_operator', 'approved', true, ['export', 'print']],
    ['bureau_staff', 'draft', true, ['submit', 'export', 'print']],
    // Waiting for its town: the bureau only looks.
    ['bureau_staff', 'submitted', true, ['export', 'print']],
    // A town without a reviewer: the bureau decides directly.
    ['bureau_staff', 'submitted', false, ['approve', 'return', 'export', 'print']],
    ['bureau_admin', 'town_approved', true, ['approve', 'return', 'export', 'print']],
    ['bureau_admin', 'approved', true, ['export', 'print']],
    ['town_staff', 'submitted', true, ['town-approve', 'return', 'export', 'print']],
    ['town_staff', 'town_approved', true, ['export', 'print']],
  ] as const)('offers a %s the steps a %s statement allows (town review: %s)', async (role, status, review, expected) => {
    townReview = review
    const w = await mountAs(role, status)

    expect(w.get('[data-test="statement-status"]').text()).toBe({ draft: '草稿', submitted: '已提交', town_approved: '镇街审核通过', approved: '区民政局审批通过', returned: '已退回' }[status])
    expect(buttons(w)).toEqual(expected)
  })

  it('lets the town pass a submitted statement on to the bureau', async () => {
    const w = await mountAs('town_staff', 'submitted')
    expect(w.text()).toContain('等待昌国街道审核')

    await w.get('[data-test="settlement-town-approve"]').trigger('click')
    await settle()

    expect(posts()).toEqual([expect.objectContaining({ path: '/settlements/town-approve', body: { facilityId: FACILITY, month: '2024-05' } })])
    expect(w.get('[data-test="statement-status"]').text()).toBe('镇街审核通过')
    expect(w.get('[data-test="signature-townReviewed"]').text()).toBe('陈建国')
    expect(buttons(w)).toEqual(['export', 'print'])
  })

  it('carries 经办人 / 审核人（镇街）/ 审批人（区民政局） with names and dates and a 盖章 box, and prints', async () => {
    const print = vi.fn()
    vi.stubGlobal('print', print)
    const w = await mountAs('canteen_operator', 'approved')
    const block = w.get('[data-test="signatures"]')
    expect(block.text()).toContain('经办人')
    expect(block.text()).toContain('审核人（昌国街道）')
    expect(block.text()).toContain('审批人（区民政局）')
    expect([w.get('[data-test="signature-submitted"]').text(), w.get('[data-test="signature-townReviewed"]').text(), w.get('[data-test="signature-approved"]').text()]).toEqual(['王丽萍', '陈建国', '李明'])
    expect(block.text()).toContain('2024-06-05')
    expect(w.get('[data-test="seal"]').text()).toBe('盖章')

    await w.get('[data-test="settlement-print"]').trigger('click')
    expect(print).toHaveBeenCalledTimes(1)
  })

  it('says on the statement when its town has no reviewer', async () => {
    townReview = false
    const w = await mountAs('canteen_operator', 'approved')
    expect(w.get('[data-test="signature-townReviewed"]').text()).toBe('本镇街无审核人，区民政局直接审批')
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
    expect(buttons(w)).toEqual(['export', 'print'])
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
    townReview = false
    const w = await mountAs('bureau_staff', 'submitted')

    await w.get('[data-test="settlement-approve"]').trigger('click')
    await settle()

    await vi.waitFor(() => expect(document.body.textContent).toContain('结算单当前状态不允许此操作'))
    expect(w.get('[data-test="statement-status"]').text()).toBe('区民政局审批通过')
  })

  it('returns a statement only with a comment, sent as one line', async () => {
    const w = await mountAs('bureau_admin', 'town_approved')

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
    expect(buttons(w)).toEqual(['submit', 'export', 'print'])
  })

  it('opens the bureau on its review queue, the statements waiting for it, and opens one', async () => {
    current = statement('submitted')
    const pinia = createPinia()
    setActivePinia(pinia)
    useAuthStore().user = user('bureau_staff')
    const w = mount(SettlementsPage, { global: { plugins: [pinia, i18n] }, attachTo: document.body })
    wrapper = w
    await settle()
    expect(w.findComponent({ name: 'ElTabs' }).props('modelValue')).toBe('queue')

    const listed = calls.find((call) => call.path === '/settlements')!
    // The bureau's queue is what waits for its approval, whatever the town did or did not do before.
    expect(listed.query.get('awaiting')).toBe('bureau_approval')
    expect(listed.query.get('status')).toBeNull()
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
    const none = { submit: false, townApprove: false, approve: false, return: false }
    const on = (status: SettlementStatus, review = true) => ({ status, townReview: review })
    expect(settlementActions(on('draft'), 'canteen_operator')).toEqual({ ...none, submit: true })
    expect(settlementActions(on('returned'), 'bureau_staff')).toEqual({ ...none, submit: true })
    expect(settlementActions(on('submitted'), 'canteen_operator')).toEqual(none)
    expect(settlementActions(on('submitted'), 'bureau_admin')).toEqual(none)
    expect(settlementActions(on('submitted', false), 'bureau_admin')).toEqual({ ...none, approve: true, return: true })
    expect(settlementActions(on('submitted'), 'town_staff')).toEqual({ ...none, townApprove: true, return: true })
    expect(settlementActions(on('town_approved'), 'town_staff')).toEqual(none)
    expect(settlementActions(on('town_approved'), 'bureau_staff')).toEqual({ ...none, approve: true, return: true })
    expect(settlementActions(on('approved'), 'bureau_admin')).toEqual(none)
    expect(settlementActions(on('draft'), 'town_staff')).toEqual(none)
  })

  it('opens on the month before, across a new year', () => {
    expect(previousMonth('2024-06-12')).toBe('2024-05')
    expect(previousMonth('2025-01-01')).toBe('2024-12')
  })
})
