import type { SubsidyFindingDetail } from '@eldercare/shared'
import { ref, watch, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { confirmFinding, dismissFinding, getFinding } from '../../api/subsidy-checks'
import { showError } from '../../utils/feedback'

/** One finding's evidence, loaded when its id is set, and the decision on it with a reason. */
export function useFinding(findingId: Ref<string | null>, onDecided: () => void) {
  const { t } = useI18n()
  const detail = ref<SubsidyFindingDetail | null>(null)
  const reason = ref('')
  const saving = ref(false)

  watch(
    findingId,
    async (id) => {
      detail.value = null
      reason.value = ''
      if (!id) return
      try {
        detail.value = await getFinding(id)
      } catch (error) {
        showError(error)
      }
    },
    { immediate: true },
  )

  async function decide(action: 'confirm' | 'dismiss'): Promise<void> {
    const finding = detail.value?.finding
    if (!finding || reason.value.trim() === '') return
    saving.value = true
    try {
      await (action === 'confirm' ? confirmFinding : dismissFinding)(finding.id, { reason: reason.value.trim() })
      ElMessage.success(t(action === 'confirm' ? 'subsidyChecks.confirmedDone' : 'subsidyChecks.dismissedDone'))
      onDecided()
    } catch (error) {
      showError(error)
    } finally {
      saving.value = false
    }
  }

  return { detail, reason, saving, decide }
}
