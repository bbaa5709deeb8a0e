import type { Settlement, SettlementListQuery, SettlementStatus } from '@eldercare/shared'
import { reactive, ref } from 'vue'
import { listSettlements } from '../../api/settlements'
import { showError } from '../../utils/feedback'
import { previousMonth } from './data'

/** `awaiting`: what waits for this reviewer (the town's review, or the bureau's approval); else one status. */
export type QueueView = 'awaiting' | Exclude<SettlementStatus, 'draft'>

/** Statements waiting for this reviewer, month by month; the other states can be looked up too. */
export function useReviewQueue(awaiting: () => NonNullable<SettlementListQuery['awaiting']>) {
  const month = ref(previousMonth())
  const view = ref<QueueView>('awaiting')
  const pager = reactive({ page: 1, pageSize: 20, total: 0 })
  const rows = ref<Settlement[]>([])
  const loading = ref(false)

  async function load(): Promise<void> {
    loading.value = true
    try {
      const filter = view.value === 'awaiting' ? { awaiting: awaiting() } : { status: view.value }
      const page = await listSettlements({ ...filter, month: month.value || undefined, page: pager.page, pageSize: pager.pageSize })
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

  return { month, view, pager, rows, loading, load, onSearch }
}
