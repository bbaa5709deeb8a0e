import { SUBSIDY_CHECK_KINDS, type FindingStatus, type SubsidyCheckKind, type SubsidyFinding } from '@eldercare/shared'
import { reactive, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { listFindings, runChecks } from '../../api/subsidy-checks'
import { showError } from '../../utils/feedback'

/** The queue with its filters; counts by kind follow the status, town and facility filters. */
export function useFindings() {
  const { t } = useI18n()
  const filter = reactive<{ status: FindingStatus; kind: SubsidyCheckKind | ''; townCode: string }>({ status: 'open', kind: '', townCode: '' })
  const pager = reactive({ page: 1, pageSize: 20, total: 0 })
  const rows = ref<SubsidyFinding[]>([])
  const counts = ref<Record<SubsidyCheckKind, number>>(Object.fromEntries(SUBSIDY_CHECK_KINDS.map((kind) => [kind, 0])) as Record<SubsidyCheckKind, number>)
  const loading = ref(false)
  const scanning = ref(false)

  async function load(): Promise<void> {
    loading.value = true
    try {
      const page = await listFindings({
        status: filter.status,
        ...(filter.kind ? { kind: filter.kind } : {}),
        ...(filter.townCode ? { townCode: filter.townCode } : {}),
        page: pager.page,
        pageSize: pager.pageSize,
      })
      rows.value = page.items
      pager.total = page.total
      for (const kind of SUBSIDY_CHECK_KINDS) counts.value[kind] = page.countsByKind.find((row) => row.kind === kind)?.count ?? 0
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

  /** Runs every check now (bureau only); what was raised before is not raised again. */
  async function scan(): Promise<void> {
    scanning.value = true
    try {
      const result = await runChecks()
      ElMessage.success(t('subsidyChecks.scanDone', { raised: result.raised }))
      onSearch()
    } catch (error) {
      showError(error)
    } finally {
      scanning.value = false
    }
  }

  return { filter, pager, rows, counts, loading, scanning, load, onSearch, scan }
}
