import { DEFAULT_INDICATOR_SETTINGS, type IndicatorSettings } from '@eldercare/shared'
import { reactive, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { getIndicatorSettings, updateIndicatorSettings } from '../../api/indicators'
import { showError } from '../../utils/feedback'

export function useIndicatorSettings() {
  const { t } = useI18n()
  const model = reactive<IndicatorSettings>({ ...DEFAULT_INDICATOR_SETTINGS })
  const loaded = ref(false)
  const loading = ref(false)
  const saving = ref(false)

  async function load(): Promise<void> {
    loading.value = true
    try {
      Object.assign(model, await getIndicatorSettings())
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
      Object.assign(model, await updateIndicatorSettings({ ...model }))
      ElMessage.success(t('common.saved'))
    } catch (error) {
      showError(error)
    } finally {
      saving.value = false
    }
  }

  return { model, loaded, loading, saving, load, save }
}
