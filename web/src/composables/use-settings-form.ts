import { reactive, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { showError } from '../utils/feedback'

export interface SettingsFormOptions<T extends object> {
  /** What the form holds until the stored settings arrive; copied, never edited. */
  initial: T
  fetch: () => Promise<T>
  /** Replaces the whole settings object and answers what is now stored. */
  update: (settings: T) => Promise<T>
}

/**
 * One settings object edited as a form: loaded, then saved whole, after which the form shows what the server
 * stored. A failed save leaves the form as the user left it, so nothing typed is lost.
 */
export function useSettingsForm<T extends object>(options: SettingsFormOptions<T>) {
  const { t } = useI18n()
  // A reactive of a type parameter cannot be unwrapped; settings are plain values, so it has the shape of T.
  const model = reactive({ ...options.initial }) as T
  /** Until the stored settings are in, saving would overwrite them with the initial values. */
  const loaded = ref(false)
  const loading = ref(false)
  const saving = ref(false)

  async function load(): Promise<void> {
    loading.value = true
    try {
      Object.assign(model, await options.fetch())
      loaded.value = true
    } catch (error) {
      showError(error)
    } finally {
      loading.value = false
    }
  }

  async function save(): Promise<void> {
    saving.value = true
    try {
      Object.assign(model, await options.update({ ...model }))
      ElMessage.success(t('common.saved'))
    } catch (error) {
      showError(error)
    } finally {
      saving.value = false
    }
  }

  return { model, loaded, loading, saving, load, save }
}
