import { DEFAULT_INSTITUTION_SETTINGS, type InstitutionSettings } from '@eldercare/shared'
import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { getInstitutionSettings, updateInstitutionSettings } from '../../api/institutions'
import { showError } from '../../utils/feedback'

/** A deep copy through JSON: `structuredClone` refuses the reactive proxies Vue hands out. */
function copy(settings: InstitutionSettings): InstitutionSettings {
  return JSON.parse(JSON.stringify(settings)) as InstitutionSettings
}

export function useInstitutionSettings() {
  const { t } = useI18n()
  const settings = ref<InstitutionSettings | null>(null)
  /** An editable copy; `settings` keeps what the server holds. */
  const draft = ref<InstitutionSettings>(copy(DEFAULT_INSTITUTION_SETTINGS))
  const loading = ref(false)
  const saving = ref(false)

  async function load(): Promise<void> {
    loading.value = true
    try {
      settings.value = await getInstitutionSettings()
      draft.value = copy(settings.value)
    } catch (error) {
      showError(error)
    } finally {
      loading.value = false
    }
  }

  async function save(): Promise<void> {
    saving.value = true
    try {
      settings.value = await updateInstitutionSettings(copy(draft.value))
      draft.value = copy(settings.value)
      ElMessage.success(t('common.saved'))
    } catch (error) {
      showError(error)
    } finally {
      saving.value = false
    }
  }

  return { settings, draft, loading, saving, load, save }
}
