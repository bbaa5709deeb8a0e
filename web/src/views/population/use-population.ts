import { BUREAU_ROLES, type PopulationBasis } from '@eldercare/shared'
import { computed, ref, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { listPopulationStats, savePopulationStats } from '../../api/indicators'
import { useRegionOptions } from '../../composables/use-region-options'
import { useAuthStore } from '../../stores/auth'
import { confirmed, showError } from '../../utils/feedback'
import { shanghaiToday } from '../../utils/format'
import { applySaved, changedEntries, isChanged, mergeRows, type PopulationRow } from './data'

export function usePopulation() {
  const { t } = useI18n()
  const auth = useAuthStore()
  const { regions, towns: allTowns, loadRegions } = useRegionOptions()

  /** The bureau enters the figures; town staff read those of their own towns, one town at a time as the API wants. */
  const canEdit = computed(() => auth.hasRole(BUREAU_ROLES))
  const isTownStaff = computed(() => auth.user?.role === 'town_staff')
  const towns = computed(() => (isTownStaff.value ? allTowns.value.filter((town) => auth.user?.townCodes.includes(town.code)) : allTowns.value))

  const year = ref(Number(shanghaiToday().slice(0, 4)))
  const basis = ref<PopulationBasis>('registered')
  const townCode = ref(isTownStaff.value ? (auth.user?.townCodes[0] ?? '') : '')
  const rows = ref<PopulationRow[]>([])
  const loading = ref(false)
  const saving = ref(false)

  const visibleRows = computed(() => (townCode.value ? rows.value.filter((row) => row.townCode === townCode.value) : rows.value))
  const changedCount = computed(() => rows.value.filter(isChanged).length)

  async function load(): Promise<void> {
    loading.value = true
    try {
      const [stats] = await Promise.all([
        listPopulationStats({ year: year.value, basis: basis.value, townCode: isTownStaff.value ? townCode.value : undefined }),
        regions.value.length === 0 ? loadRegions() : undefined,
      ])
      rows.value = mergeRows(regions.value, stats)
    } catch (error) {
      showError(error)
    } finally {
      loading.value = false
    }
  }

  async function save(): Promise<void> {
    const { entries, invalid } = changedEntries(rows.value)
    if (invalid > 0) {
      ElMessage.warning(t('population.fixFirst', { count: invalid }))
      return
    }
    if (entries.length === 0) {
      ElMessage.info(t('population.noChanges'))
      return
    }
    saving.value = true
    try {
      applySaved(rows.value, await savePopulationStats({ year: year.value, basis: basis.value, entries }))
      ElMessage.success(t('population.saved', { count: entries.length }))
    } catch (error) {
      showError(error)
    } finally {
      saving.value = false
    }
  }

  /** Year and basis pick another set of figures: unsaved edits would silently vanish, so ask first. */
  async function choose(next: { year?: number; basis?: PopulationBasis }): Promise<void> {
    if (changedCount.value > 0 && !(await confirmed(t('population.discardConfirm'), t('population.route')))) return
    if (next.year !== undefined) year.value = next.year
    if (next.basis !== undefined) basis.value = next.basis
    await load()
  }

  // Town staff fetch one town at a time; the bureau has every town already and only filters.
  watch(townCode, () => {
    if (isTownStaff.value) void load()
  })

  return { year, basis, townCode, towns, rows, visibleRows, changedCount, canEdit, isTownStaff, loading, saving, load, save, choose }
}
