import type { FormRules } from 'element-plus'
import { computed, type ComputedRef } from 'vue'
import { useI18n } from 'vue-i18n'

export interface ReturnFormModel {
  comment: string
}

/** The API's limit on a return comment. */
export const COMMENT_MAX = 500

export function useReturnRules(): ComputedRef<FormRules<ReturnFormModel>> {
  const { t } = useI18n()
  return computed(() => ({
    comment: [
      { required: true, whitespace: true, message: t('settlements.returnCommentRequired'), trigger: 'blur' },
      { max: COMMENT_MAX, message: t('settlements.tooLong', { max: COMMENT_MAX }), trigger: 'blur' },
    ],
  }))
}
