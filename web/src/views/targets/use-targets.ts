import { computed, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import type { Region } from '@eldercare/shared'
import { copyTargets, listTargets, saveTargets } from '../../api/indicators'
import { listRegions } from '../../api/regions'
import { useAuthStore } from '../../stores/auth'
import { confirmed, showError } from '../../utils/feedback'
import { shanghaiToday } from '../../utils/format'
import { fillFromWorkPlan, targetRows, toTargetPut, type TargetRow } from './data'

export function useTargets() {
  const { t } = useI18n()
  const auth = useAuthStore()
  /** Everyone who reads the dashboard may read its targets; only the bureau administrator sets them. */
  const canEdit = computed(() => auth.hasRole(['bureau_admin']))
  const year = ref(Number(shanghaiToday().slice(0, 4)))
  /** '' for the district's targets, else a town's own. */
  const townCode = ref('')
  const towns = ref<Region[]>([])
  const rows = ref<TargetRow[]>(targetRows([]))
  const loading = ref(false)
  const saving = ref(false)
  const copying = ref(false)
  const hasUnset = computed(() => rows.value.some((row) => row.unset))
  const hasAny = computed(() => rows.value.some((row) => !row.unset))

  async function read(): Promise<TargetRow[]> {
    return targetRows(await listTargets(year.value, townCode.value || undefined), townCode.value !== '')
  }

  async function loadTowns(): Promise<void> {
    try {
      towns.value = (await listRegions({ level: 'town' })).items
    } catch (error) {
      showError(error)
    }
  }

  async function load(): Promise<void> {
    loading.value = true
    try {
      rows.value = await read()
    } catch (error) {
      showError(error)
    } finally {
      loading.value = false
    }
  }

  async function save(): Promise<void> {
    const { body, missing } = toTargetPut(year.value, rows.value, townCode.value)
    const first = missing[0]
    if (first) {
      ElMessage.warning(t('targets.valueRequired', { name: t(`indicators.names.${first}`) }))
      return
    }
    if (!body) return
    saving.value = true
    try {
      await saveTargets(body)
      // The answer may hold only the targets sent; reading the year again shows them all.
      rows.value = await read()
      ElMessage.success(t('common.saved'))
    } catch (error) {
      showError(error)
    } finally {
      saving.value = false
    }
  }

  function fillWorkPlan(): void {
    fillFromWorkPlan(rows.value)
  }

  /** Last year's targets for this year, in one action and never silently: the user confirms, and is told when some would be replaced. */
  async function copyLastYear(): Promise<void> {
    const toYear = year.value
    const fromYear = toYear - 1
    const replace = hasAny.value
    const ok = await confirmed(t(replace ? 'targets.copyConfirmReplace' : 'targets.copyConfirm', { fromYear, toYear }), t('targets.copyLastYear', { year: fromYear }))
    if (!ok) return
    copying.value = true
    try {
      await copyTargets({ fromYear, toYear, replace })
      rows.value = await read()
      ElMessage.success(t('targets.copied', { fromYear, toYear }))
    } catch (error) {
      showError(error)
    } finally {
      copying.value = false
    }
  }

  /** A town's own target removed: the district's applies to it again. */
  async function useDistrictTarget(row: TargetRow): Promise<void> {
    saving.value = true
    try {
      await saveTargets({ year: year.value, townCode: townCode.value, removeKeys: [row.key], targets: [] })
      rows.value = await read()
    } catch (error) {
      showError(error)
    } finally {
      saving.value = false
    }
  }

  return { year, townCode, towns, rows, loading, saving, canEdit, hasUnset, load, loadTowns, save, fillWorkPlan, useDistrictTarget, copying, copyLastYear }
}
