import { BED_REPORT_STATUSES, periodDueOn, type BedReport, type LateFilers } from '@eldercare/shared'
import { computed, reactive, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { approveBedReport, getLateFilers, listBedReports } from '../../api/institutions'
import { useAuthStore } from '../../stores/auth'
import { confirmed, showError } from '../../utils/feedback'
import { shanghaiToday } from '../../utils/format'
import { BED_REPORT_FILERS, BUREAU } from './roles'

export function useBedReports() {
  const { t } = useI18n()
  const auth = useAuthStore()
  const reviewer = computed(() => auth.hasRole(BUREAU))
  const filer = computed(() => auth.hasRole(BED_REPORT_FILERS))
  /** The bureau opens on its queue of submitted reports; others on everything of theirs. */
  const filter = reactive({ status: reviewer.value ? 'submitted' : '', period: '' })
  const pager = reactive({ page: 1, pageSize: 20, total: 0 })
  const rows = ref<BedReport[]>([])
  const loading = ref(false)
  const latePeriod = ref(periodDueOn(shanghaiToday()))
  const late = ref<LateFilers | null>(null)
  const lateLoading = ref(false)
  const returning = reactive<{ visible: boolean; report: BedReport | null }>({ visible: false, report: null })

  async function load(): Promise<void> {
    loading.value = true
    try {
      const page = await listBedReports({
        page: pager.page,
        pageSize: pager.pageSize,
        status: BED_REPORT_STATUSES.find((status) => status === filter.status),
        period: filter.period || undefined,
      })
      rows.value = page.items
      pager.total = page.total
    } catch (error) {
      showError(error)
    } finally {
      loading.value = false
    }
  }

  async function loadLate(): Promise<void> {
    lateLoading.value = true
    try {
      late.value = await getLateFilers(latePeriod.value || undefined)
    } catch (error) {
      showError(error)
    } finally {
      lateLoading.value = false
    }
  }

  function onFilter(): void {
    pager.page = 1
    void load()
  }

  async function approve(report: BedReport): Promise<void> {
    if (!(await confirmed(t('bedReports.approveConfirm', { name: report.facilityName, period: report.period }), t('bedReports.approve')))) return
    try {
      await approveBedReport(report.id)
      ElMessage.success(t('bedReports.approved'))
      void load()
    } catch (error) {
      showError(error)
    }
  }

  function openReturn(report: BedReport): void {
    returning.report = report
    returning.visible = true
  }

  function onReturned(): void {
    ElMessage.success(t('bedReports.returned'))
    void load()
  }

  return { reviewer, filer, filter, pager, rows, loading, latePeriod, late, lateLoading, returning, load, loadLate, onFilter, approve, openReturn, onReturned }
}
