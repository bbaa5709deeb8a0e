import type { AllowanceGrantResult } from '@eldercare/shared'
import { computed, ref, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { runAllowanceGrant } from '../../api/care-cards'
import { confirmed, showError } from '../../utils/feedback'
import { shanghaiToday } from '../../utils/format'
import { formatYuan } from '../meals/money'
import { monthOf } from './data'

/**
 * The monthly run, in two steps: a preview of who gets what, then the credits, only on the user's word
 * and only for the month previewed. The server credits each card once per month, so a second run of a
 * month pays nothing more, and it grants no month before that month begins (a future month is previewed only).
 * After a run, or a refused one, the preview is fetched again so that it shows what is left to credit.
 */
export function useAllowanceGrant(onCredited: () => void = () => undefined) {
  const { t } = useI18n()
  const month = ref(monthOf(shanghaiToday()))
  const result = ref<AllowanceGrantResult | null>(null)
  /** The last run's outcome, shown above the refreshed preview. */
  const lastRun = ref<AllowanceGrantResult | null>(null)
  const previewing = ref(false)
  const running = ref(false)

  const isFuture = computed(() => month.value > monthOf(shanghaiToday()))
  /** Credits may go only after a preview of this very month, once it has begun, that found something to credit. */
  const canRun = computed(() => !isFuture.value && result.value !== null && result.value.dryRun && result.value.month === month.value && result.value.credits > 0)

  // A preview speaks of its month only.
  watch(month, () => {
    result.value = null
    lastRun.value = null
  })

  async function preview(): Promise<void> {
    if (!month.value) return
    previewing.value = true
    try {
      result.value = await runAllowanceGrant({ month: month.value, dryRun: true })
    } catch (error) {
      showError(error)
    } finally {
      previewing.value = false
    }
  }

  async function run(): Promise<void> {
    const previewed = result.value
    if (!canRun.value || !previewed) return
    const ok = await confirmed(
      t('allowances.grant.confirm', { month: previewed.month, credits: previewed.credits, total: formatYuan(previewed.totalFen) }),
      t('allowances.grant.run'),
    )
    if (!ok) return
    running.value = true
    try {
      lastRun.value = await runAllowanceGrant({ month: previewed.month, dryRun: false })
      ElMessage.success(t('allowances.grant.done', { credits: lastRun.value.credits, total: formatYuan(lastRun.value.totalFen) }))
      onCredited()
    } catch (error) {
      showError(error)
    } finally {
      running.value = false
    }
    await preview()
  }

  return { month, result, lastRun, previewing, running, isFuture, canRun, preview, run }
}
