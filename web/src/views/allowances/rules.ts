import type { FormRules } from 'element-plus'
import { computed, type ComputedRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { yuanToFen } from '../meals/money'
import type { AllowanceRuleFormModel } from './use-allowance-rule-form'

export function useAllowanceRuleRules(model: AllowanceRuleFormModel): ComputedRef<FormRules<AllowanceRuleFormModel>> {
  const { t } = useI18n()
  return computed(() => ({
    name: [{ required: true, whitespace: true, max: 64, message: t('allowances.rules.nameRequired'), trigger: 'blur' }],
    category: [{ required: true, message: t('allowances.rules.categoryRequired'), trigger: 'change' }],
    amount: [
      {
        required: true,
        trigger: 'blur',
        validator: (_rule, value: unknown, callback) => {
          const fen = typeof value === 'string' ? yuanToFen(value) : null
          if (fen !== null && fen > 0) callback()
          else callback(new Error(t('allowances.rules.amountInvalid')))
        },
      },
    ],
    purse: [{ required: true, message: t('allowances.rules.purseRequired'), trigger: 'change' }],
    validFrom: [{ required: true, message: t('allowances.rules.validFromRequired'), trigger: 'change' }],
    validTo: [
      {
        trigger: 'change',
        validator: (_rule, value: unknown, callback) => {
          if (!value || (typeof value === 'string' && value >= model.validFrom)) callback()
          else callback(new Error(t('allowances.rules.validToBeforeFrom')))
        },
      },
    ],
  }))
}
