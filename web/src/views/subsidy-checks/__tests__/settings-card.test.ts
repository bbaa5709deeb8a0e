import type { SubsidyCheckSettings, SubsidyCheckSettingsPut } from '@eldercare/shared'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { ElSelect } from 'element-plus'
import { createPinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { saveTokens } from '../../../api/session'
import { i18n, setLocale } from '../../../locales'
import { json } from '../../care-cards/__tests__/fixtures'
import SettingsCard from '../settings-card.vue'

const fetchMock = vi.fn<typeof fetch>()
const saved: SubsidyCheckSettingsPut[] = []
let stored: SubsidyCheckSettings

let wrapper: VueWrapper | null = null

async function mountCard(editable = true): Promise<VueWrapper> {
  wrapper = mount(SettingsCard, { props: { editable }, global: { plugins: [createPinia(), i18n] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

beforeEach(() => {
  saved.length = 0
  stored = { twoPlacesKm: 30, delegateShareFactor: 3, delegateMinMeals: 30, islandCrossings: [{ from: null, to: '金塘岛', minutes: 90 }], islands: [null, '册子岛', '金塘岛'] }
  fetchMock.mockReset()
  vi.stubGlobal('fetch', fetchMock)
  fetchMock.mockImplementation(async (input, init) => {
    const url = new URL(String(input), 'http://localhost')
    if (url.pathname !== '/api/v1/subsidy-checks/settings') return json(404, { statusCode: 404, code: 'NOT_FOUND', message: 'not found' })
    if (init?.method === 'PUT') {
      const body = JSON.parse(String(init.body)) as SubsidyCheckSettingsPut
      saved.push(body)
      stored = { ...body, islands: stored.islands }
    }
    return json(200, stored)
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

describe('subsidy check settings card', () => {
  it('shows the island pairs with the main island named', async () => {
    const w = await mountCard()
    const rows = w.findAll('[data-test="crossings"] .el-table__body tr')
    expect(rows).toHaveLength(1)
    expect(rows[0]!.text()).toContain('本岛（舟山本岛）')
    expect(rows[0]!.text()).toContain('金塘岛')
  })

  it('will not save a pair twice or a pair of one island, and saves the main island as null', async () => {
    const w = await mountCard()
    await w.get('[data-test="add-crossing"]').trigger('click')
    await flushPromises()
    // The new row starts as 本岛 ↔ 册子岛; made 金塘岛 ↔ 本岛 it repeats the first pair the other way round.
    const selects = () => w.findAllComponents(ElSelect)
    expect(selects()).toHaveLength(4)
    selects()[2]!.vm.$emit('update:modelValue', '金塘岛')
    selects()[3]!.vm.$emit('update:modelValue', selects()[0]!.props('modelValue'))
    await flushPromises()
    expect(w.text()).toContain('同一对海岛只能设置一次')
    expect(w.get('[data-test="save-check-settings"]').attributes('disabled')).toBeDefined()

    selects()[3]!.vm.$emit('update:modelValue', '金塘岛')
    await flushPromises()
    expect(w.text()).toContain('一行的两个海岛不能相同')

    selects()[3]!.vm.$emit('update:modelValue', '册子岛')
    await flushPromises()
    expect(w.get('[data-test="save-check-settings"]').attributes('disabled')).toBeUndefined()
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(saved).toEqual([
      {
        twoPlacesKm: 30,
        delegateShareFactor: 3,
        delegateMinMeals: 30,
        islandCrossings: [
          { from: null, to: '金塘岛', minutes: 90 },
          { from: '金塘岛', to: '册子岛', minutes: 90 },
        ],
      },
    ])
  })

  it('is read-only for those who may not change it', async () => {
    const w = await mountCard(false)
    expect(w.text()).toContain('仅区民政局管理员可修改')
    expect(w.find('[data-test="save-check-settings"]').exists()).toBe(false)
    expect(w.find('[data-test="add-crossing"]').exists()).toBe(false)
  })
})
