import type { FormRules } from 'element-plus'
import { computed, type ComputedRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { yuanToFen } from '../meals/money'
import type { RuleFormModel } from './use-subsidy-rule-form'

export function useRuleRules(model: RuleFormModel): ComputedRef<FormRules<RuleFormModel>> {
  const { t } = useI18n()
  return computed(() => ({
    name: [{ required: true, whitespace: true, max: 64, message: t('subsidyRules.nameRequired'), trigger: 'blur' }],
    kind: [{ required: true, message: t('subsidyRules.kindRequired'), trigger: 'change' }],
    category: [
      {
        trigger: 'change',
        validator: (_rule, value: unknown, callback) => {
          if (model.kind !== 'category' || value) callback()
          else callback(new Error(t('subsidyRules.categoryRequired')))
        },
      },
    ],
    minAge: [
      {
        trigger: 'change',
        validator: (_rule, value: unknown, callback) => {
          if (model.kind !== 'age' || typeof value === 'number') callback()
          else callback(new Error(t('subsidyRules.minAgeRequired')))
        },
      },
    ],
    amount: [
      {
        required: true,
        trigger: 'blur',
        validator: (_rule, value: unknown, callback) => {
          if (typeof value === 'string' && yuanToFen(value) !== null) callback()
          else callback(new Error(t('subsidyRules.amountInvalid')))
        },
      },
    ],
    validFrom: [{ required: true, message: t('subsidyRules.validFromRequired'), trigger: 'change' }],
    validTo: [
      {
        trigger: 'change',
        validator: (_rule, value: unknown, callback) => {
          if (!value || (typeof value === 'string' && value >= model.validFrom)) callback()
          else callback(new Error(t('subsidyRules.validToBeforeFrom')))
        },
      },
    ],
  }))
}
