import { computed, reactive, ref, shallowRef, toRaw } from 'vue'
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
 * Deep, so that editing a nested field of the form never reaches the stored settings or `initial`.
 * `structuredClone` refuses Vue's proxies; below the top a reactive object holds plain values, so `toRaw` suffices.
 */
function copy<T extends object>(settings: T): T {
  return structuredClone(toRaw(settings))
}

/**
 * One settings object edited as a form: loaded, then saved whole, after which the form shows what the server
 * stored. A failed save leaves the form as the user left it, so nothing typed is lost.
 */
export function useSettingsForm<T extends object>(options: SettingsFormOptions<T>) {
  const { t } = useI18n()
  // A reactive of a type parameter cannot be unwrapped; settings are plain values, so it has the shape of T.
  const model = reactive(copy(options.initial)) as T
  /** What the server holds, untouched by edits to the form. Null until loaded: saving before then would overwrite it with the initial values. */
  const stored = shallowRef<T | null>(null)
  const loaded = computed(() => stored.value !== null)
  const loading = ref(false)
  const saving = ref(false)

  function show(settings: T): void {
    Object.assign(model, copy(settings))
    stored.value = settings
  }

  async function load(): Promise<void> {
    loading.value = true
    try {
      show(await options.fetch())
    } catch (error) {
      showError(error)
    } finally {
      loading.value = false
    }
  }

  async function save(): Promise<void> {
    saving.value = true
    try {
      show(await options.update(copy(model)))
      ElMessage.success(t('common.saved'))
    } catch (error) {
      showError(error)
    } finally {
      saving.value = false
    }
  }

  return { model, stored, loaded, loading, saving, load, save }
}
