import { isStrongPassword } from '@eldercare/shared'
import type { FormItemRule, FormRules } from 'element-plus'
import { computed, type ComputedRef } from 'vue'
import { useI18n } from 'vue-i18n'

export interface ChangePasswordModel {
  currentPassword: string
  newPassword: string
  confirmPassword: string
}

/** A rule for the shared password policy, so the form refuses what the server would. */
export function strongPasswordRule(message: () => string): FormItemRule {
  return {
    required: true,
    trigger: 'blur',
    validator: (_rule, value: unknown, callback) => {
      if (typeof value === 'string' && isStrongPassword(value)) callback()
      else callback(new Error(message()))
    },
  }
}

export function useChangePasswordRules(model: ChangePasswordModel): ComputedRef<FormRules<ChangePasswordModel>> {
  const { t } = useI18n()
  return computed(() => ({
    currentPassword: [{ required: true, message: t('account.currentRequired'), trigger: 'blur' }],
    newPassword: [
      strongPasswordRule(() => t('account.newWeak')),
      {
        trigger: 'blur',
        validator: (_rule, value: unknown, callback) => {
          if (value === model.currentPassword) callback(new Error(t('account.sameAsCurrent')))
          else callback()
        },
      },
    ],
    confirmPassword: [
      {
        required: true,
        trigger: 'blur',
        validator: (_rule, value: unknown, callback) => {
          if (value === model.newPassword) callback()
          else callback(new Error(t('account.confirmMismatch')))
        },
      },
    ],
  }))
}
