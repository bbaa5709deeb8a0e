import { mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent } from 'vue'
import { ApiError } from '../../api/api-error'
import { i18n, setLocale } from '../../locales'
import { type SettingsFormOptions, useSettingsForm } from '../use-settings-form'

interface Settings {
  mealsPerSlot: number
  cutoff: string
}

interface NestedSettings {
  sections: { key: string; maxPoints: number }[]
  thresholds: number[]
}

const stored: Settings = { mealsPerSlot: 2, cutoff: '16:00' }
const fetchSettings = vi.fn<() => Promise<Settings>>()
const updateSettings = vi.fn<(settings: Settings) => Promise<Settings>>()

function mountForm<T extends object>(options: SettingsFormOptions<T>) {
  const host = defineComponent({ setup: () => useSettingsForm(options), render: () => null })
  return mount(host, { global: { plugins: [i18n] } }).vm
}

function mountFlatForm() {
  return mountForm({ initial: { mealsPerSlot: 1, cutoff: '' }, fetch: fetchSettings, update: updateSettings })
}

function nestedSettings(maxPoints: number): NestedSettings {
  return { sections: [{ key: 'service', maxPoints }], thresholds: [100, 200] }
}

/** Loads the stored settings, changes some as the user would, and saves. */
async function saveEdited(edit: Partial<Settings>) {
  const form = mountFlatForm()
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
    const form = mountFlatForm()
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
    const form = mountFlatForm()

    await form.load()

    expect(form.loaded).toBe(false)
    expect(form.model).toEqual({ mealsPerSlot: 1, cutoff: '' })
    await expectMessage('网络连接失败')
  })

  it('keeps nested edits apart from the initial and the stored settings until saved, and keeps them when saving fails', async () => {
    const initial = nestedSettings(1)
    const updateNested = vi.fn<(settings: NestedSettings) => Promise<NestedSettings>>()
    const form = mountForm({ initial, fetch: async () => nestedSettings(400), update: updateNested })
    form.model.thresholds[0] = 150
    expect(initial).toEqual(nestedSettings(1))

    await form.load()
    form.model.sections[0]!.maxPoints = 500
    form.model.thresholds[1] = 250
    expect(form.stored).toEqual(nestedSettings(400))

    updateNested.mockRejectedValue(new ApiError(400, 'VALIDATION_FAILED', '提交的数据不正确'))
    await form.save()
    const typed = { sections: [{ key: 'service', maxPoints: 500 }], thresholds: [100, 250] }
    expect(form.model).toEqual(typed)
    expect(form.stored).toEqual(nestedSettings(400))

    updateNested.mockReset().mockImplementation(async (settings) => settings)
    await form.save()
    expect(updateNested).toHaveBeenCalledExactlyOnceWith(typed)
    expect(form.stored).toEqual(typed)
    form.model.sections[0]!.maxPoints = 600
    expect(form.stored?.sections[0]!.maxPoints).toBe(500)
  })
})
