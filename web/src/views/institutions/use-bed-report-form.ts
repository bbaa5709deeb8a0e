import {
  BED_FIGURE_FIELDS,
  checkBedFigures,
  figuresChangedBeyond,
  periodDueOn,
  type BedFigureField,
  type BedFigureProblem,
  type BedFigures,
  type BedReport,
  type BedReportDetail,
  type Institution,
} from '@eldercare/shared'
import { computed, reactive, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import {
  createBedReport,
  fileUnchanged,
  getBedReport,
  getInstitutionSettings,
  listBedReports,
  listInstitutions,
  submitBedReport,
  updateBedReport,
} from '../../api/institutions'
import { confirmed, showError } from '../../utils/feedback'
import { shanghaiToday } from '../../utils/format'

export function emptyFigures(): BedFigures {
  return Object.fromEntries(BED_FIGURE_FIELDS.map((field) => [field, 0])) as BedFigures
}

/** The first problem of each figure, by field: what the form shows under the input. */
export function problemsByField(figures: BedFigures): Partial<Record<BedFigureField, BedFigureProblem>> {
  return Object.fromEntries(checkBedFigures(figures).map((problem) => [problem.field, problem]))
}

/** `+12.5%` against the previous value; null when there is nothing to compare or nothing changed. */
export function changeText(previous: number | undefined, value: number): string | null {
  if (previous === undefined || previous === value) return null
  if (previous === 0) return '+∞'
  const change = ((value - previous) * 100) / previous
  return `${change > 0 ? '+' : ''}${change.toFixed(1)}%`
}

const EDITABLE = ['draft', 'returned']

export function useBedReportForm() {
  const { t } = useI18n()
  const institutions = ref<Institution[]>([])
  const facilityId = ref('')
  const period = ref(periodDueOn(shanghaiToday()))
  const report = ref<BedReport | null>(null)
  const previous = ref<BedReport | null>(null)
  const figures = reactive<BedFigures>(emptyFigures())
  const explanation = ref('')
  const threshold = ref(20)
  const loading = ref(false)
  const saving = ref(false)

  const editable = computed(() => report.value === null || EDITABLE.includes(report.value.status))
  const problems = computed(() => problemsByField(figures))
  const moved = computed(() => figuresChangedBeyond(previous.value?.figures ?? null, figures, threshold.value))
  const explanationMissing = computed(() => moved.value.length > 0 && explanation.value.trim() === '')
  const valid = computed(() => Object.keys(problems.value).length === 0 && !explanationMissing.value)

  /** Every problem shows at once: closing beds can make another figure wrong, and that figure should say so. */
  function shown(field: BedFigureField): BedFigureProblem | undefined {
    return problems.value[field]
  }

  function fill(detail: BedReportDetail | null, last: BedReport | null): void {
    report.value = detail?.report ?? null
    previous.value = detail ? detail.previous : last
    Object.assign(figures, detail?.report.figures ?? last?.figures ?? emptyFigures())
    explanation.value = detail?.report.explanation ?? ''
  }

  async function loadInstitutions(): Promise<void> {
    try {
      institutions.value = (await listInstitutions({ pageSize: 200 })).items
      if (!facilityId.value && institutions.value.length === 1) facilityId.value = institutions.value[0]!.id
      threshold.value = (await getInstitutionSettings()).changeThresholdPercent
    } catch (error) {
      showError(error)
    }
  }

  /** The report of the chosen institution and month, or a new one starting from the last approved figures. */
  async function loadPeriod(): Promise<void> {
    if (!facilityId.value || !period.value) return fill(null, null)
    loading.value = true
    try {
      const [existing] = (await listBedReports({ facilityId: facilityId.value, period: period.value })).items
      if (existing) return fill(await getBedReport(existing.id), null)
      const approved = (await listBedReports({ facilityId: facilityId.value, status: 'approved', pageSize: 60 })).items
      fill(null, approved.find((row) => row.period < period.value) ?? null)
    } catch (error) {
      showError(error)
    } finally {
      loading.value = false
    }
  }

  async function loadReport(id: string): Promise<void> {
    loading.value = true
    try {
      const detail = await getBedReport(id)
      facilityId.value = detail.report.facilityId
      period.value = detail.report.period
      fill(detail, null)
    } catch (error) {
      showError(error)
    } finally {
      loading.value = false
    }
  }

  async function save(): Promise<BedReportDetail | null> {
    if (!valid.value) {
      ElMessage.warning(t('bedReports.fixFirst'))
      return null
    }
    saving.value = true
    try {
      const body = { figures: { ...figures }, explanation: explanation.value.trim() || null }
      const detail = report.value
        ? await updateBedReport(report.value.id, body)
        : await createBedReport({ facilityId: facilityId.value, period: period.value, ...body })
      fill(detail, null)
      return detail
    } catch (error) {
      showError(error)
      return null
    } finally {
      saving.value = false
    }
  }

  async function saveDraft(): Promise<void> {
    if (await save()) ElMessage.success(t('bedReports.draftSaved'))
  }

  async function submit(): Promise<void> {
    if (!valid.value) {
      ElMessage.warning(t('bedReports.fixFirst'))
      return
    }
    if (!(await confirmed(t('bedReports.submitConfirm', { period: period.value }), t('bedReports.submit')))) return
    const saved = await save()
    if (!saved) return
    saving.value = true
    try {
      fill(await submitBedReport(saved.report.id), null)
      ElMessage.success(t('bedReports.submitted'))
    } catch (error) {
      showError(error)
    } finally {
      saving.value = false
    }
  }

  async function unchanged(): Promise<void> {
    if (!previous.value) return
    if (!(await confirmed(t('bedReports.unchangedConfirm', { period: period.value, from: previous.value.period }), t('bedReports.unchanged')))) return
    saving.value = true
    try {
      fill(await fileUnchanged(facilityId.value, period.value), null)
      ElMessage.success(t('bedReports.submitted'))
    } catch (error) {
      showError(error)
    } finally {
      saving.value = false
    }
  }

  return {
    institutions,
    facilityId,
    period,
    report,
    previous,
    figures,
    explanation,
    threshold,
    loading,
    saving,
    editable,
    moved,
    explanationMissing,
    shown,
    loadInstitutions,
    loadPeriod,
    loadReport,
    saveDraft,
    submit,
    unchanged,
  }
}
