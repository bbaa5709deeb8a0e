import type { AllowanceRule, CardSettings } from '@eldercare/shared'
import { computed, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { listAllowanceRules } from '../../api/care-cards'
import { useAuthStore } from '../../stores/auth'
import { showError } from '../../utils/feedback'
import { useCardSettings } from '../care-cards/use-card-settings'

/** The allowance page: rules, and the card settings every panel reads (purse names, expiry). */
export function useAllowances() {
  const { t } = useI18n()
  const auth = useAuthStore()
  const { settings, loading: settingsLoading, load: loadSettings } = useCardSettings()
  const rules = ref<AllowanceRule[]>([])
  const loading = ref(false)
  const ruleVisible = ref(false)
  /** Staff run the month; only the admin makes rules and changes the settings (the API says the same). */
  const isAdmin = computed(() => auth.hasRole(['bureau_admin']))
  const expires = computed(() => settings.value?.allowanceExpiry === 'year_end')

  function purseName(code: string): string {
    return settings.value?.purses.find((purse) => purse.code === code)?.name ?? code
  }

  async function loadRules(): Promise<void> {
    loading.value = true
    try {
      rules.value = (await listAllowanceRules()).items
    } catch (error) {
      showError(error)
    } finally {
      loading.value = false
    }
  }

  function onRuleCreated(): void {
    ElMessage.success(t('allowances.rules.created'))
    void loadRules()
  }

  function onSettingsSaved(saved: CardSettings): void {
    settings.value = saved
  }

  return { settings, settingsLoading, rules, loading, ruleVisible, isAdmin, expires, purseName, loadSettings, loadRules, onRuleCreated, onSettingsSaved }
}
