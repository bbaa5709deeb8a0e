import type { MealSettings } from '@eldercare/shared'
import { reactive, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { getMealSettings, updateMealSettings } from '../../api/subsidy-rules'
import { showError } from '../../utils/feedback'

export function useMealSettings() {
  const { t } = useI18n()
  const model = reactive<MealSettings>({ subsidisedMealsPerSlot: 1, backDatingDays: 0, kitchenOrderCutoff: '' })
  const loaded = ref(false)
  const loading = ref(false)
  const saving = ref(false)

  async function load(): Promise<void> {
    loading.value = true
    try {
      Object.assign(model, await getMealSettings())
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
      Object.assign(model, await updateMealSettings({ ...model }))
      ElMessage.success(t('common.saved'))
    } catch (error) {
      showError(error)
    } finally {
      saving.value = false
    }
  }

  return { model, loaded, loading, saving, load, save }
}
