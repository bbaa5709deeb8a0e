import { DEFAULT_INDICATOR_SETTINGS, type Coverage, type Dashboard, type IndicatorReport, type IndicatorSettings } from '@eldercare/shared'
import { computed, ref, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { exportIndicators, getCoverage, getDashboard, getIndicators, getIndicatorSettings } from '../../api/indicators'
import { useRegionOptions } from '../../composables/use-region-options'
import { useAuthStore } from '../../stores/auth'
import { saveFile } from '../../utils/download'
import { showError } from '../../utils/feedback'
import { shanghaiToday } from '../../utils/format'

export function useDashboard() {
  const { t } = useI18n()
  const auth = useAuthStore()
  const { towns: allTowns, names, loadRegions } = useRegionOptions()

  /** The server only answers town staff for one of their towns, so they always have one chosen. */
  const isTownStaff = computed(() => auth.user?.role === 'town_staff')
  const towns = computed(() => (isTownStaff.value ? allTowns.value.filter((town) => auth.user?.townCodes.includes(town.code)) : allTowns.value))

  const asOf = ref(shanghaiToday())
  const townCode = ref(isTownStaff.value ? (auth.user?.townCodes[0] ?? '') : '')
  const year = computed(() => Number(asOf.value.slice(0, 4)))
  const townName = computed(() => names.value.get(townCode.value) ?? townCode.value)

  const report = ref<IndicatorReport | null>(null)
  const coverage = ref<Coverage | null>(null)
  const dashboard = ref<Dashboard | null>(null)
  const settings = ref<IndicatorSettings>({ ...DEFAULT_INDICATOR_SETTINGS })
  const loading = ref(false)
  const exporting = ref(false)

  /** Answers to an earlier date or town must not overwrite those of the one now chosen. */
  let generation = 0

  async function load(): Promise<void> {
    const current = ++generation
    const scope = { asOf: asOf.value, townCode: townCode.value || undefined }
    loading.value = true
    try {
      const [indicators, covered, figures] = await Promise.allSettled([
        getIndicators({ year: year.value, ...scope }),
        getCoverage({ ...scope, groupBy: scope.townCode ? 'community' : 'town' }),
        getDashboard(scope),
      ])
      if (current !== generation) return
      report.value = indicators.status === 'fulfilled' ? indicators.value : null
      coverage.value = covered.status === 'fulfilled' ? covered.value : null
      dashboard.value = figures.status === 'fulfilled' ? figures.value : null
      // One message for the page, not one per panel that could not load.
      const failed = [indicators, covered, figures].find((outcome) => outcome.status === 'rejected')
      if (failed) showError(failed.reason)
    } finally {
      if (current === generation) loading.value = false
    }
  }

  async function loadSettings(): Promise<void> {
    try {
      settings.value = await getIndicatorSettings()
    } catch {
      // Only the wording of two formulas depends on the settings: the defaults are good enough for that.
    }
  }

  /** A click on a town's bar shows that town: its communities and its meal facilities. */
  function drillDown(rowIndex: number): void {
    if (coverage.value?.groupBy !== 'town') return
    const row = coverage.value.rows[rowIndex]
    if (row) townCode.value = row.key
  }

  function showDistrict(): void {
    if (!isTownStaff.value) townCode.value = ''
  }

  async function exportReport(): Promise<void> {
    exporting.value = true
    try {
      const file = await exportIndicators({ year: year.value, asOf: asOf.value, townCode: townCode.value || undefined })
      saveFile(file, t('dashboard.exportFileName', { date: asOf.value }))
    } catch (error) {
      showError(error)
    } finally {
      exporting.value = false
    }
  }

  watch([asOf, townCode], () => void load())

  function start(): void {
    void loadRegions()
    void loadSettings()
    void load()
  }

  return {
    asOf,
    townCode,
    towns,
    townName,
    year,
    isTownStaff,
    report,
    coverage,
    dashboard,
    settings,
    loading,
    exporting,
    start,
    load,
    drillDown,
    showDistrict,
    exportReport,
  }
}
