import type { CurrentUser, IndicatorTarget, Role } from '@eldercare/shared'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { saveTokens } from '../../../api/session'
import { i18n, setLocale } from '../../../locales'
import { useAuthStore } from '../../../stores/auth'
import { shanghaiToday } from '../../../utils/format'
import Targets from '../index.vue'
import SettingsCard from '../settings-card.vue'

const fetchMock = vi.fn<typeof fetch>()
/** The page opens on this year; the server below answers the same targets for any year. */
const year = Number(shanghaiToday().slice(0, 4))
const stored: IndicatorTarget[] = [
  { year: 2024, townCode: null, targetScope: 'district', key: 'meal_coverage_rate', comparator: 'at_least', value: 0.8 },
  { year: 2024, townCode: null, targetScope: 'district', key: 'dementia_beds_per_10k', comparator: 'at_least', value: 17 },
  { year: 2024, townCode: null, targetScope: 'district', key: 'care_card_users', comparator: 'above_last_year', value: null },
]
const TOWN = '330902101'
const town = { code: TOWN, name: '白泉镇', level: 'town', parentCode: null, kind: 'town', urbanRural: 'rural', island: null, latitude: null, longitude: null }
/** 白泉镇 has its own coverage target; the district's stand in for the others. */
const townTargets: IndicatorTarget[] = [
  { year: 2024, townCode: TOWN, targetScope: 'town', key: 'meal_coverage_rate', comparator: 'at_least', value: 0.6 },
  { year: 2024, townCode: null, targetScope: 'district', key: 'dementia_beds_per_10k', comparator: 'at_least', value: 17 },
  { year: 2024, townCode: null, targetScope: 'district', key: 'care_card_users', comparator: 'above_last_year', value: null },
]
const settings = { populationBasis: 'registered', dementiaDenominator: 'population_60_plus', staleMealDays: 7 }

const user = (role: Role): CurrentUser => ({
  id: '0190a0b0-0000-7000-8000-000000000003',
  tenantId: '0190a0b0-0000-7000-8000-000000000002',
  tenantCode: '330902',
  tenantName: '定海区',
  username: role,
  displayName: '民政局',
  role,
  townCodes: [],
  facilityIds: [],
  mustChangePassword: false,
})

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

/** Years the server holds no targets for (until a copy gives them some). */
const emptyYears = new Set<number>()

function server(): void {
  fetchMock.mockImplementation(async (input, init) => {
    const url = new URL(String(input), 'http://localhost')
    if (url.pathname === '/api/v1/targets' && init?.method === 'PUT') return json(200, JSON.parse(String(init.body)).targets)
    if (url.pathname === '/api/v1/targets' && url.searchParams.get('townCode') === TOWN) return json(200, townTargets)
    if (url.pathname === '/api/v1/targets/copy' && init?.method === 'POST') {
      const body = JSON.parse(String(init.body)) as { toYear: number }
      emptyYears.delete(body.toYear)
      return json(200, stored.map((target) => ({ ...target, year: body.toYear })))
    }
    if (url.pathname === '/api/v1/targets') return json(200, emptyYears.has(Number(url.searchParams.get('year'))) ? [] : stored)
    if (url.pathname === '/api/v1/regions') return json(200, { items: [town], total: 1 })
    if (url.pathname === '/api/v1/indicator-settings' && init?.method === 'PUT') return json(200, JSON.parse(String(init.body)))
    if (url.pathname === '/api/v1/indicator-settings') return json(200, settings)
    return json(404, { statusCode: 404, code: 'NOT_FOUND', message: 'not found' })
  })
}

let wrapper: VueWrapper | null = null

async function mountPage(role: Role): Promise<VueWrapper> {
  const pinia = createPinia()
  setActivePinia(pinia)
  useAuthStore().user = user(role)
  wrapper = mount(Targets, { global: { plugins: [pinia, i18n] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

const sentBody = (path: string, method = 'PUT') => {
  const call = fetchMock.mock.calls.find(([url, init]) => String(url) === `/api/v1${path}` && init?.method === method)
  return call ? (JSON.parse(String(call[1]?.body)) as unknown) : undefined
}

beforeEach(() => {
  emptyYears.clear()
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
  document.body.innerHTML = ''
})

/** Presses a button of the confirmation ElMessageBox (rendered into the body); returns the box's text. */
async function answerConfirm(ok: boolean): Promise<string> {
  await vi.waitFor(() => expect(document.querySelector('.el-message-box')).not.toBeNull())
  const text = document.querySelector('.el-message-box')!.textContent ?? ''
  const buttons = [...document.querySelectorAll<HTMLButtonElement>('.el-message-box__btns button')]
  buttons.find((button) => button.classList.contains('el-button--primary') === ok)!.click()
  for (let i = 0; i < 5; i++) await flushPromises()
  return text
}

describe('targets page', () => {
  it('shows ratio targets in percent and saves them as ratios', async () => {
    const page = await mountPage('bureau_admin')

    const coverage = page.get<HTMLInputElement>('[data-test="target-meal_coverage_rate"] input')
    expect(coverage.element.value).toBe('80.0')
    await coverage.setValue('85')
    await coverage.trigger('change')
    await page.get('[data-test="targets-save"]').trigger('click')
    await flushPromises()

    expect(sentBody('/targets')).toEqual({
      year,
      targets: [
        { key: 'meal_coverage_rate', comparator: 'at_least', value: 0.85 },
        { key: 'dementia_beds_per_10k', comparator: 'at_least', value: 17 },
        { key: 'care_card_users', comparator: 'above_last_year', value: null },
      ],
    })
  })

  it('saves the indicator settings', async () => {
    const pinia = createPinia()
    setActivePinia(pinia)
    wrapper = mount(SettingsCard, { props: { editable: true }, global: { plugins: [pinia, i18n] }, attachTo: document.body })
    await flushPromises()

    await wrapper.get('[data-test="settings-save"]').trigger('click')
    await flushPromises()

    expect(sentBody('/indicator-settings')).toEqual(settings)
  })

  it("copies last year's targets into a year without any, after the user confirms", async () => {
    emptyYears.add(year)
    const page = await mountPage('bureau_admin')
    expect(page.get<HTMLInputElement>('[data-test="target-meal_coverage_rate"] input').element.value).toBe('')
    const button = page.get('[data-test="targets-copy"]')
    expect(button.text()).toBe(`复制 ${year - 1} 年的目标`)

    await button.trigger('click')
    expect(await answerConfirm(true)).toContain(`将 ${year - 1} 年的全部目标复制为 ${year} 年的目标`)
    await vi.waitFor(() => expect(sentBody('/targets/copy', 'POST')).toEqual({ fromYear: year - 1, toYear: year, replace: false }))
    await flushPromises()
    expect(page.get<HTMLInputElement>('[data-test="target-meal_coverage_rate"] input').element.value).toBe('80.0')
  })

  it('says a copy would replace the targets a year has, and copies nothing when the user declines', async () => {
    const page = await mountPage('bureau_admin')

    await page.get('[data-test="targets-copy"]').trigger('click')
    expect(await answerConfirm(false)).toContain(`${year} 年已有目标：复制后将被 ${year - 1} 年的目标全部替换`)
    expect(sentBody('/targets/copy', 'POST')).toBeUndefined()

    await page.get('[data-test="targets-copy"]').trigger('click')
    await answerConfirm(true)
    await vi.waitFor(() => expect(sentBody('/targets/copy', 'POST')).toEqual({ fromYear: year - 1, toYear: year, replace: true }))
  })

  it('is read only for bureau staff', async () => {
    const page = await mountPage('bureau_staff')

    expect(page.find('[data-test="targets-save"]').exists()).toBe(false)
    expect(page.find('[data-test="targets-copy"]').exists()).toBe(false)
    expect(page.find('[data-test="settings-save"]').exists()).toBe(false)
    expect(page.get('[data-test="target-meal_coverage_rate"] input').attributes('disabled')).toBeDefined()
    expect(page.text()).toContain('仅区民政局管理员可修改')
  })

  it("sets a town's own targets without copying the district's into it", async () => {
    const page = await mountPage('bureau_admin')
    const select = page.findAllComponents({ name: 'ElSelect' }).find((component) => component.attributes('data-test') === 'targets-town')!
    select.vm.$emit('update:modelValue', TOWN)
    select.vm.$emit('change', TOWN)
    await flushPromises()

    expect(page.findAll('[data-test="target-inherited"]')).toHaveLength(2)
    expect(page.get<HTMLInputElement>('[data-test="target-meal_coverage_rate"] input').element.value).toBe('60.0')
    const dementia = page.get<HTMLInputElement>('[data-test="target-dementia_beds_per_10k"] input')
    await dementia.setValue('20')
    await dementia.trigger('change')
    await page.get('[data-test="targets-save"]').trigger('click')
    await flushPromises()

    // The coverage target is the town's own, the dementia one was edited; 爱心卡 still follows the district.
    expect(sentBody('/targets')).toEqual({
      year,
      townCode: TOWN,
      targets: [
        { key: 'meal_coverage_rate', comparator: 'at_least', value: 0.6 },
        { key: 'dementia_beds_per_10k', comparator: 'at_least', value: 20 },
      ],
    })
  })
})
