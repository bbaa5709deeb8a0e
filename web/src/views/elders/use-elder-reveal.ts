import type { Elder, ElderReveal } from '@eldercare/shared'
import { ref } from 'vue'
import { revealElder } from '../../api/elders'
import { showError } from '../../utils/feedback'

/** Whole numbers of one elder, fetched on request and forgotten when the detail closes. */
export function useElderReveal(elder: () => Elder | null) {
  const revealed = ref<ElderReveal | null>(null)
  const revealing = ref(false)

  function forget(): void {
    revealed.value = null
  }

  async function reveal(): Promise<void> {
    const current = elder()
    if (!current) return
    revealing.value = true
    try {
      revealed.value = await revealElder(current.id)
    } catch (error) {
      showError(error)
    } finally {
      revealing.value = false
    }
  }

  return { revealed, revealing, forget, reveal }
}
