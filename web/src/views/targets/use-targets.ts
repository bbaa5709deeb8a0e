import { computed, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { copyTargets, listTargets, saveTargets } from '../../api/indicators'
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
  const rows = ref<TargetRow[]>(targetRows([]))
  const loading = ref(false)
  const saving = ref(false)
  const copying = ref(false)
  const hasUnset = computed(() => rows.value.some((row) => row.unset))
  const hasAny = computed(() => rows.value.some((row) => !row.unset))

  async function load(): Promise<void> {
    loading.value = true
    try {
      rows.value = targetRows(await listTargets(year.value))
    } catch (error) {
      showError(error)
    } finally {
      loading.value = false
    }
  }

  async function save(): Promise<void> {
    const { body, missing } = toTargetPut(year.value, rows.value)
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
      rows.value = targetRows(await listTargets(year.value))
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
      rows.value = targetRows(await copyTargets({ fromYear, toYear, replace }))
      ElMessage.success(t('targets.copied', { fromYear, toYear }))
    } catch (error) {
      showError(error)
    } finally {
      copying.value = false
    }
  }

  return { year, rows, loading, saving, copying, canEdit, hasUnset, load, save, fillWorkPlan, copyLastYear }
}
