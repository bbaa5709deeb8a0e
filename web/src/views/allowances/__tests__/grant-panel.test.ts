import type { AllowanceGrant, AllowanceGrantResult } from '@eldercare/shared'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { saveTokens } from '../../../api/session'
import { i18n, setLocale } from '../../../locales'
import { shanghaiToday } from '../../../utils/format'
import { json } from '../../care-cards/__tests__/fixtures'
import GrantPanel from '../grant-panel.vue'

const MONTH = shanghaiToday().slice(0, 7)
const items: AllowanceGrantResult['items'] = [
  { cardId: '0190a0b0-0000-7000-8000-0000000c0001', cardNo: '33090212345678', elderName: '张桂英', rule: '特困爱心卡补贴', purse: 'general', amountFen: 10000 },
  { cardId: '0190a0b0-0000-7000-8000-0000000c0002', cardNo: '33090287654321', elderName: '周爱国', rule: '低保爱心卡补贴', purse: 'general', amountFen: 5050 },
]

const fetchMock = vi.fn<typeof fetch>()
const runs: AllowanceGrant[] = []
let credited = false
/** The server refuses the run (as it does a month that has not begun). */
let refuseRuns = false

/** The server's grant: a preview lists what a run would credit; after the run, the same month credits nothing more. */
function answer(body: AllowanceGrant): AllowanceGrantResult {
  const dryRun = body.dryRun ?? true
  if (credited) return { month: body.month, dryRun, credits: 0, alreadyCredited: items.length, totalFen: 0, items: [] }
  if (!dryRun) credited = true
  return { month: body.month, dryRun, credits: items.length, alreadyCredited: 0, totalFen: 15050, items }
}

let wrapper: VueWrapper | null = null

async function mountPanel(): Promise<VueWrapper> {
  wrapper = mount(GrantPanel, {
    props: { purseName: (code: string) => (code === 'general' ? '通用' : code) },
    global: { plugins: [createPinia(), i18n] },
    attachTo: document.body,
  })
  await flushPromises()
  return wrapper
}

async function click(w: VueWrapper, test: string): Promise<void> {
  await w.get(`[data-test="${test}"]`).trigger('click')
  await flushPromises()
}

/** Presses OK in the confirmation ElMessageBox, which renders into the body. */
async function confirmBox(): Promise<void> {
  await vi.waitFor(() => expect(document.querySelector('.el-message-box')).not.toBeNull())
  const ok = [...document.querySelectorAll<HTMLButtonElement>('.el-message-box__btns button')].find((item) => item.classList.contains('el-button--primary'))
  ok!.click()
  await vi.waitFor(() => expect(runs.length).toBeGreaterThan(0))
  for (let i = 0; i < 5; i++) await flushPromises()
}

beforeEach(() => {
  runs.length = 0
  credited = false
  refuseRuns = false
  fetchMock.mockReset()
  vi.stubGlobal('fetch', fetchMock)
  fetchMock.mockImplementation(async (input, init) => {
    const url = new URL(String(input), 'http://localhost')
    if (url.pathname === '/api/v1/allowance-grants' && init?.method === 'POST') {
      const body = JSON.parse(String(init.body)) as AllowanceGrant
      runs.push(body)
      if (refuseRuns && body.dryRun === false) return json(409, { statusCode: 409, code: 'ALLOWANCE_MONTH_IN_FUTURE', message: 'not begun' })
      return json(200, answer(body))
    }
    return json(404, { statusCode: 404, code: 'NOT_FOUND', message: 'not found' })
  })
  setLocale('zh-CN')
  saveTokens({ accessToken: 'access-1', refreshToken: 'refresh-token-number-1' })
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('monthly allowance run', () => {
  it('cannot credit before a preview', async () => {
    const w = await mountPanel()

    expect(w.get('[data-test="grant-run"]').attributes('disabled')).toBeDefined()
    expect(runs).toHaveLength(0)
  })

  it('previews first: who gets what, without crediting', async () => {
    const w = await mountPanel()

    await click(w, 'grant-preview')

    expect(runs).toEqual([{ month: MONTH, dryRun: true }])
    expect(w.get('[data-test="grant-credits"]').text()).toBe('2')
    expect(w.get('[data-test="grant-already"]').text()).toBe('0')
    expect(w.get('[data-test="grant-total"]').text()).toBe('¥150.50')
    const rows = w.findAll('[data-test="grant-items"] .el-table__body tr')
    expect(rows).toHaveLength(2)
    expect(rows[1]!.text()).toContain('周爱国')
    expect(rows[1]!.text()).toContain('低保爱心卡补贴')
    expect(rows[1]!.text()).toContain('通用')
    expect(rows[1]!.text()).toContain('50.50')
    expect(w.get('[data-test="grant-run"]').attributes('disabled')).toBeUndefined()
  })

  it('credits only after the user confirms, and only the month previewed', async () => {
    const w = await mountPanel()
    await click(w, 'grant-preview')
    runs.length = 0

    await click(w, 'grant-run')
    expect(document.querySelector('.el-message-box')?.textContent).toContain('共 2 笔，合计 ¥150.50')
    expect(runs).toHaveLength(0)

    await confirmBox()

    expect(runs).toEqual([
      { month: MONTH, dryRun: false },
      { month: MONTH, dryRun: true },
    ])
    expect(w.get('[data-test="grant-done"]').text()).toContain('已发放 2 笔')
    expect(w.emitted('credited')).toHaveLength(1)
    // The preview is fetched again at once and finds the month paid; the spinner has stopped.
    expect(w.get('[data-test="grant-credits"]').text()).toBe('0')
    expect(w.get('[data-test="grant-already"]').text()).toBe('2')
    expect(w.find('[data-test="grant-items"]').exists()).toBe(false)
    expect(w.get('[data-test="grant-run"]').classes()).not.toContain('is-loading')
    expect(w.get('[data-test="grant-run"]').attributes('disabled')).toBeDefined()
  })

  it('a refused run stops the spinner, says why and refreshes the preview', async () => {
    refuseRuns = true
    const w = await mountPanel()
    await click(w, 'grant-preview')
    runs.length = 0

    await click(w, 'grant-run')
    await confirmBox()

    expect(runs).toEqual([
      { month: MONTH, dryRun: false },
      { month: MONTH, dryRun: true },
    ])
    await vi.waitFor(() => expect(document.querySelector('.el-message')?.textContent).toContain('未来月份的补贴只能预览'))
    expect(w.find('[data-test="grant-done"]').exists()).toBe(false)
    expect(w.get('[data-test="grant-run"]').classes()).not.toContain('is-loading')
    expect(w.get('[data-test="grant-credits"]').text()).toBe('2')
    expect(w.emitted('credited')).toBeUndefined()
  })

  it('previews a future month, and says it cannot be granted before it begins', async () => {
    const w = await mountPanel()
    const [year, month] = MONTH.split('-').map(Number) as [number, number]
    const next = month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`
    w.findComponent({ name: 'ElDatePicker' }).vm.$emit('update:modelValue', next)
    await flushPromises()

    await click(w, 'grant-preview')

    expect(runs).toEqual([{ month: next, dryRun: true }])
    expect(w.get('[data-test="grant-credits"]').text()).toBe('2')
    expect(w.get('[data-test="grant-future"]').text()).toContain(`${next} 尚未开始`)
    expect(w.get('[data-test="grant-run"]').attributes('disabled')).toBeDefined()
  })

  it('credits nothing when the user cancels the confirmation', async () => {
    const w = await mountPanel()
    await click(w, 'grant-preview')
    runs.length = 0

    await click(w, 'grant-run')
    await vi.waitFor(() => expect(document.querySelector('.el-message-box')).not.toBeNull())
    const cancel = [...document.querySelectorAll<HTMLButtonElement>('.el-message-box__btns button')].find((button) => !button.classList.contains('el-button--primary'))
    cancel!.click()
    await vi.waitFor(() => expect(w.get('[data-test="grant-run"]').attributes('disabled')).toBeUndefined())
    await new Promise((resolve) => setTimeout(resolve, 50))
    await flushPromises()

    expect(runs).toHaveLength(0)
    expect(w.emitted('credited')).toBeUndefined()
  })
})
