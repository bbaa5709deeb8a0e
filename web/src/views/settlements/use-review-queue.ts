import type { Settlement, SettlementStatus } from '@eldercare/shared'
import { reactive, ref } from 'vue'
import { listSettlements } from '../../api/settlements'
import { showError } from '../../utils/feedback'
import { previousMonth } from './data'

/** Statements waiting for the bureau, month by month; the other decided states can be looked up too. */
export function useReviewQueue() {
  const month = ref(previousMonth())
  const status = ref<Exclude<SettlementStatus, 'draft'>>('submitted')
  const pager = reactive({ page: 1, pageSize: 20, total: 0 })
  const rows = ref<Settlement[]>([])
  const loading = ref(false)

  async function load(): Promise<void> {
    loading.value = true
    try {
      const page = await listSettlements({ status: status.value, month: month.value || undefined, page: pager.page, pageSize: pager.pageSize })
      rows.value = page.items
      pager.total = page.total
    } catch (error) {
      showError(error)
    } finally {
      loading.value = false
    }
  }

  function onSearch(): void {
    pager.page = 1
    void load()
  }

  return { month, status, pager, rows, loading, load, onSearch }
}
