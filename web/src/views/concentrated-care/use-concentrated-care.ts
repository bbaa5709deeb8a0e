import type { ConcentratedCareGaps, IndicatorTarget } from '@eldercare/shared'
import { computed, ref, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { useRoute, useRouter } from 'vue-router'
import { getConcentratedCare, listTargets } from '../../api/indicators'
import { useRegionOptions } from '../../composables/use-region-options'
import { useAuthStore } from '../../stores/auth'
import { showError } from '../../utils/feedback'
import { shanghaiToday } from '../../utils/format'
import { goalOf, INDICATOR_KEY, townRows } from './data'

const DATE = /^\d{4}-\d{2}-\d{2}$/
const TOWN = /^\d{9}$/
const single = (value: unknown) => (typeof value === 'string' ? value : '')

/**
 * The page's day and town, taken from the address (the dashboard's card links here with both) and kept
 * in it, so the list a town officer was sent can be opened again. A day after today is refused, not sent.
 */
export function useConcentratedCare() {
  const { t } = useI18n()
  const route = useRoute()
  const router = useRouter()
  const auth = useAuthStore()
  const { towns: allTowns, names, loadRegions } = useRegionOptions()
  const today = shanghaiToday()

  /** The API answers town staff for their own towns only, so one of theirs is always chosen. */
  const isTownStaff = computed(() => auth.user?.role === 'town_staff')
  const ownTowns = computed(() => auth.user?.townCodes ?? [])
  const towns = computed(() => (isTownStaff.value ? allTowns.value.filter((town) => ownTowns.value.includes(town.code)) : allTowns.value))

  const askedDay = single(route.query.asOf)
  const askedTown = single(route.query.townCode)
  const asOfError = ref(DATE.test(askedDay) && askedDay > today ? t('concentratedCare.asOfFuture', { date: askedDay, today }) : '')
  const asOf = ref(DATE.test(askedDay) && askedDay <= today ? askedDay : today)
  const townCode = ref(TOWN.test(askedTown) && (!isTownStaff.value || ownTowns.value.includes(askedTown)) ? askedTown : isTownStaff.value ? (ownTowns.value[0] ?? '') : '')
  const townName = computed(() => names.value.get(townCode.value) ?? townCode.value)

  const gaps = ref<ConcentratedCareGaps | null>(null)
  const target = ref<IndicatorTarget | undefined>(undefined)
  const loading = ref(false)
  const rows = computed(() => (gaps.value ? townRows(gaps.value, goalOf(target.value)) : []))

  /** Answers for an earlier day or town must not overwrite those of the one now chosen. */
  let generation = 0

  async function load(): Promise<void> {
    const current = ++generation
    const town = townCode.value || undefined
    loading.value = true
    try {
      const [answer, targets] = await Promise.all([getConcentratedCare({ asOf: asOf.value, townCode: town }), listTargets(Number(asOf.value.slice(0, 4)), town).catch(() => [])])
      if (current !== generation) return
      gaps.value = answer
      target.value = targets.find((row) => row.key === INDICATOR_KEY)
    } catch (error) {
      if (current === generation) showError(error)
    } finally {
      if (current === generation) loading.value = false
    }
  }

  /** A day typed by hand skips the calendar's greyed-out days: a future one is refused under the field. */
  function checkTyped(text: string): void {
    if (DATE.test(text) && text > today) asOfError.value = t('concentratedCare.asOfFuture', { date: text, today })
  }

  function pickTown(code: string): void {
    if (!isTownStaff.value || ownTowns.value.includes(code)) townCode.value = code
  }

  watch([asOf, townCode], () => {
    asOfError.value = ''
    void router.replace({ query: { ...route.query, asOf: asOf.value, townCode: townCode.value || undefined } })
    void load()
  })

  function start(): void {
    void loadRegions()
    void load()
  }

  return { today, asOf, asOfError, townCode, townName, towns, isTownStaff, gaps, target, rows, loading, start, checkTyped, pickTown }
}
