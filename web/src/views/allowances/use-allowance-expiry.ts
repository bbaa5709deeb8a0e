import { computed, ref, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { runAllowanceExpiry, type AllowanceExpiryResult } from '../../api/care-cards'
import { confirmed, showError } from '../../utils/feedback'
import { shanghaiToday } from '../../utils/format'
import { formatYuan } from '../meals/money'

/** Run in December for the year ending, or in the new year for the one just ended. */
export function defaultExpiryYear(today = shanghaiToday()): number {
  const year = Number(today.slice(0, 4))
  return today.slice(5, 7) === '12' ? year : year - 1
}

/** The year-end expiry, previewed first and run only for the year previewed, on the user's word. */
export function useAllowanceExpiry(onExpired: () => void = () => undefined) {
  const { t } = useI18n()
  const year = ref(defaultExpiryYear())
  const result = ref<AllowanceExpiryResult | null>(null)
  const previewing = ref(false)
  const running = ref(false)
  const canRun = computed(() => result.value !== null && result.value.dryRun && result.value.year === year.value && result.value.cards > 0)

  watch(year, () => {
    result.value = null
  })

  async function preview(): Promise<void> {
    previewing.value = true
    try {
      result.value = await runAllowanceExpiry({ year: year.value, dryRun: true })
    } catch (error) {
      showError(error)
    } finally {
      previewing.value = false
    }
  }

  async function run(): Promise<void> {
    const previewed = result.value
    if (!canRun.value || !previewed) return
    const ok = await confirmed(t('allowances.expiry.confirm', { year: previewed.year, cards: previewed.cards, total: formatYuan(previewed.totalFen) }), t('allowances.expiry.run'))
    if (!ok) return
    running.value = true
    try {
      result.value = await runAllowanceExpiry({ year: previewed.year, dryRun: false })
      ElMessage.success(t('allowances.expiry.done', { cards: result.value.cards, total: formatYuan(result.value.totalFen) }))
      onExpired()
    } catch (error) {
      showError(error)
    } finally {
      running.value = false
    }
  }

  return { year, result, previewing, running, canRun, preview, run }
}
