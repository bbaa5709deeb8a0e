import type { Facility } from '@eldercare/shared'
import { computed, ref } from 'vue'
import { listAllFacilities } from '../../api/facilities'
import { getMealSettings } from '../../api/subsidy-rules'
import { useAuthStore } from '../../stores/auth'
import { showError } from '../../utils/feedback'
import { centralKitchens, orderingPoints } from './data'

/** The page's facilities (meal points that order, kitchens that cook) and the district's order cut-off. */
export function useKitchenOrders() {
  const auth = useAuthStore()
  const facilities = ref<Facility[]>([])
  /** `HH:MM` the day before; blank until the settings arrive, which keeps every cell read-only meanwhile. */
  const cutoff = ref('')
  const loading = ref(false)
  const loaded = ref(false)
  const mealPointId = ref('')
  const kitchenId = ref('')

  const mealPoints = computed(() => orderingPoints(facilities.value, auth.user))
  const kitchens = computed(() => centralKitchens(facilities.value, auth.user))
  const mealPoint = computed(() => mealPoints.value.find((point) => point.id === mealPointId.value) ?? null)

  async function load(): Promise<void> {
    loading.value = true
    try {
      const [all, settings] = await Promise.all([listAllFacilities(), getMealSettings()])
      facilities.value = all
      cutoff.value = settings.kitchenOrderCutoff
      // One choice is no choice: open it. With several, the user picks.
      if (!mealPoint.value && mealPoints.value.length === 1) mealPointId.value = mealPoints.value[0]!.id
      if (!kitchenId.value && kitchens.value.length === 1) kitchenId.value = kitchens.value[0]!.id
      loaded.value = true
    } catch (error) {
      showError(error)
    } finally {
      loading.value = false
    }
  }

  return { cutoff, loading, loaded, mealPointId, kitchenId, mealPoints, kitchens, mealPoint, load }
}
