import type { AuditEvent, AuditListQuery } from '@eldercare/shared'
import { reactive, ref } from 'vue'
import { listAuditEvents } from '../../api/audit'
import { showError } from '../../utils/feedback'
import { emptyAuditSearch } from './data'

export function useAudit() {
  const search = ref(emptyAuditSearch())
  const pager = reactive({ page: 1, pageSize: 20, total: 0 })
  const rows = ref<AuditEvent[]>([])
  const loading = ref(false)

  function query(): AuditListQuery {
    const { entityType, action, actorUsername, from, to } = search.value
    return {
      page: pager.page,
      pageSize: pager.pageSize,
      entityType: entityType || undefined,
      action: action || undefined,
      actorUsername: actorUsername?.trim() || undefined,
      from: from || undefined,
      to: to || undefined,
    }
  }

  async function load(): Promise<void> {
    loading.value = true
    try {
      const page = await listAuditEvents(query())
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

  function onReset(): void {
    search.value = emptyAuditSearch()
    onSearch()
  }

  return { search, pager, rows, loading, load, onSearch, onReset }
}
