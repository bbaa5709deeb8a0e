import type { Settlement, SettlementReturn } from '@eldercare/shared'
import type { FormInstance } from 'element-plus'
import { reactive, ref } from 'vue'
import { returnSettlement } from '../../api/settlements'
import { showError } from '../../utils/feedback'
import type { ReturnFormModel } from './rules'

/**
 * The API takes the comment as one line (no control characters), so line breaks typed in the box
 * become spaces rather than a refusal.
 */
export function toReturnBody(settlement: Pick<Settlement, 'facilityId' | 'month'>, comment: string): SettlementReturn {
  return { facilityId: settlement.facilityId, month: settlement.month, comment: comment.replace(/\s+/g, ' ').trim() }
}

export function useReturnForm(target: () => Settlement | null, onReturned: (settlement: Settlement) => void) {
  const formRef = ref<FormInstance>()
  const model = reactive<ReturnFormModel>({ comment: '' })
  const saving = ref(false)

  function fill(): void {
    model.comment = ''
    formRef.value?.clearValidate()
  }

  async function submit(): Promise<void> {
    const settlement = target()
    const valid = await formRef.value?.validate().catch(() => false)
    if (!valid || !settlement) return
    saving.value = true
    try {
      onReturned(await returnSettlement(toReturnBody(settlement, model.comment)))
    } catch (error) {
      showError(error)
    } finally {
      saving.value = false
    }
  }

  return { formRef, model, saving, fill, submit }
}
