import type { KitchenProduction } from '@eldercare/shared'
import { ref, watch, type Ref } from 'vue'
import { getKitchenProduction } from '../../api/kitchen-orders'
import { showError } from '../../utils/feedback'
import { shanghaiToday } from '../../utils/format'
import { addDays } from './data'

/** A central kitchen's day: what to cook per slot and where it goes. Opens on tomorrow, the day being prepared. */
export function useProduction(kitchenId: Ref<string>) {
  const servedOn = ref(addDays(shanghaiToday(), 1))
  const production = ref<KitchenProduction | null>(null)
  const loading = ref(false)
  let generation = 0

  async function load(): Promise<void> {
    const mine = ++generation
    if (!kitchenId.value || !servedOn.value) {
      production.value = null
      return
    }
    loading.value = true
    try {
      const answer = await getKitchenProduction(kitchenId.value, servedOn.value)
      if (mine === generation) production.value = answer
    } catch (error) {
      if (mine === generation) {
        production.value = null
        showError(error)
      }
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  watch([kitchenId, servedOn], () => void load())

  return { servedOn, production, loading, load }
}
