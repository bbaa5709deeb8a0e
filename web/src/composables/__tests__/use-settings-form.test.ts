import { mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent } from 'vue'
import { ApiError } from '../../api/api-error'
import { i18n, setLocale } from '../../locales'
import { useSettingsForm } from '../use-settings-form'

interface Settings {
  mealsPerSlot: number
  cutoff: string
}

const stored: Settings = { mealsPerSlot: 2, cutoff: '16:00' }
const fetchSettings = vi.fn<() => Promise<Settings>>()
const updateSettings = vi.fn<(settings: Settings) => Promise<Settings>>()

function mountForm() {
  const host = defineComponent({
    setup: () => useSettingsForm({ initial: { mealsPerSlot: 1, cutoff: '' }, fetch: fetchSettings, update: updateSettings }),
    render: () => null,
  })
  return mount(host, { global: { plugins: [i18n] } }).vm
}

/** Loads the stored settings, changes some as the user would, and saves. */
async function saveEdited(edit: Partial<Settings>) {
  const form = mountForm()
  await form.load()
  Object.assign(form.model, edit)
  await form.save()
  return form
}

async function expectMessage(text: string): Promise<void> {
  await vi.waitFor(() => expect([...document.querySelectorAll('.el-message')].map((item) => item.textContent)).toContain(text))
}

beforeEach(() => {
  fetchSettings.mockReset().mockResolvedValue({ ...stored })
  updateSettings.mockReset()
  setLocale('zh-CN')
})

afterEach(() => {
  ElMessage.closeAll()
  document.body.innerHTML = ''
})

describe('settings form', () => {
  it('holds the initial values until the stored settings are loaded', async () => {
    const form = mountForm()
    expect(form.model).toEqual({ mealsPerSlot: 1, cutoff: '' })
    expect(form.loaded).toBe(false)

    await form.load()

    expect(form.model).toEqual(stored)
    expect(form.loaded).toBe(true)
  })

  it('saves the whole settings object and shows what the server stored', async () => {
    updateSettings.mockImplementation(async (settings) => ({ ...settings, cutoff: '16:30' }))

    const form = await saveEdited({ mealsPerSlot: 3 })

    expect(updateSettings).toHaveBeenCalledExactlyOnceWith({ mealsPerSlot: 3, cutoff: '16:00' })
    expect(form.model).toEqual({ mealsPerSlot: 3, cutoff: '16:30' })
    await expectMessage('已保存')
  })

  it('keeps what was typed when saving fails, and says why', async () => {
    updateSettings.mockRejectedValue(new ApiError(400, 'VALIDATION_FAILED', '提交的数据不正确'))

    const form = await saveEdited({ cutoff: '17:00' })

    expect(form.model).toEqual({ mealsPerSlot: 2, cutoff: '17:00' })
    expect(form.saving).toBe(false)
    await expectMessage('提交的数据不正确')
  })

  it('stays unloaded when loading fails', async () => {
    fetchSettings.mockRejectedValue(new ApiError(0, 'NETWORK_ERROR', '网络连接失败'))
    const form = mountForm()

    await form.load()

    expect(form.loaded).toBe(false)
    expect(form.model).toEqual({ mealsPerSlot: 1, cutoff: '' })
    await expectMessage('网络连接失败')
  })
})
