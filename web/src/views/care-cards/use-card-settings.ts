import type { CardSettings } from '@eldercare/shared'
import { ref } from 'vue'
import { getCardSettings } from '../../api/care-cards'
import { showError } from '../../utils/feedback'

/** The district's card policy: purses, what each pays, allowance expiry, the cancellation rule, service types. */
export function useCardSettings() {
  const settings = ref<CardSettings | null>(null)
  const loading = ref(false)

  async function load(): Promise<CardSettings | null> {
    loading.value = true
    try {
      settings.value = await getCardSettings()
      return settings.value
    } catch (error) {
      showError(error)
      return null
    } finally {
      loading.value = false
    }
  }

  return { settings, loading, load }
}
