import type { SubsidyCheckSettings, SubsidyCheckSettingsPut } from '@eldercare/shared'
import { computed, reactive, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { getCheckSettings, saveCheckSettings } from '../../api/subsidy-checks'
import { showError } from '../../utils/feedback'

/**
 * The main island as a select's value: selects take a null value for "nothing chosen", and an island
 * name can hold no control character, so this never names a real island.
 */
export const MAIN_ISLAND = '\u0000main'

const toKey = (island: string | null) => island ?? MAIN_ISLAND
const fromKey = (key: string) => (key === MAIN_ISLAND ? null : key)

interface CrossingRow {
  from: string
  to: string
  minutes: number
}

/** The settings card's form: the numbers, the island pairs, and what keeps a pair from being saved. */
export function useCheckSettings() {
  const { t } = useI18n()
  const model = reactive({ twoPlacesKm: 30, delegateShareFactor: 3, delegateMinMeals: 30, crossings: [] as CrossingRow[] })
  const islands = ref<string[]>([])
  const loaded = ref(false)
  const loading = ref(false)
  const saving = ref(false)

  function fill(settings: SubsidyCheckSettings): void {
    model.twoPlacesKm = settings.twoPlacesKm
    model.delegateShareFactor = settings.delegateShareFactor
    model.delegateMinMeals = settings.delegateMinMeals
    model.crossings = settings.islandCrossings.map((row) => ({ from: toKey(row.from), to: toKey(row.to), minutes: row.minutes }))
    islands.value = settings.islands.map(toKey)
    loaded.value = true
  }

  const islandLabel = (key: string) => (key === MAIN_ISLAND ? t('subsidyChecks.settings.mainIsland') : key)

  /** A pair of one island, or a pair listed twice (either way round), cannot be saved. */
  const problem = computed<string | null>(() => {
    const seen = new Set<string>()
    for (const row of model.crossings) {
      if (!row.from || !row.to) return 'subsidyChecks.settings.pairIncomplete'
      if (row.from === row.to) return 'subsidyChecks.settings.pairSameIsland'
      const key = [row.from, row.to].sort().join('\u0001')
      if (seen.has(key)) return 'subsidyChecks.settings.pairTwice'
      seen.add(key)
    }
    return null
  })

  async function load(): Promise<void> {
    loading.value = true
    try {
      fill(await getCheckSettings())
    } catch (error) {
      showError(error)
    } finally {
      loading.value = false
    }
  }

  function addCrossing(): void {
    const [first = MAIN_ISLAND, second = ''] = islands.value
    model.crossings.push({ from: first, to: second, minutes: 90 })
  }

  function removeCrossing(index: number): void {
    model.crossings.splice(index, 1)
  }

  async function save(): Promise<void> {
    if (problem.value) return
    saving.value = true
    const body: SubsidyCheckSettingsPut = {
      twoPlacesKm: model.twoPlacesKm,
      delegateShareFactor: model.delegateShareFactor,
      delegateMinMeals: model.delegateMinMeals,
      islandCrossings: model.crossings.map((row) => ({ from: fromKey(row.from), to: fromKey(row.to), minutes: row.minutes })),
    }
    try {
      fill(await saveCheckSettings(body))
      ElMessage.success(t('subsidyChecks.settings.saved'))
    } catch (error) {
      showError(error)
    } finally {
      saving.value = false
    }
  }

  return { model, islands, loaded, loading, saving, problem, islandLabel, load, addCrossing, removeCrossing, save }
}
