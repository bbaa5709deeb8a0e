import type { Reconciliation } from '@eldercare/shared'
import { ref } from 'vue'
import { getReconciliation } from '../../api/care-cards'
import { showError } from '../../utils/feedback'

export type Mismatch = Reconciliation['mismatches'][number]

export function useReconciliation() {
  const report = ref<Reconciliation | null>(null)
  const loading = ref(false)

  async function check(): Promise<void> {
    loading.value = true
    try {
      report.value = await getReconciliation()
    } catch (error) {
      showError(error)
    } finally {
      loading.value = false
    }
  }

  return { report, loading, check }
}
