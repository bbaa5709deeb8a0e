import type { FormRules } from 'element-plus'
import { computed, type ComputedRef } from 'vue'
import { useI18n } from 'vue-i18n'

export interface LoginFormModel {
  tenantCode: string
  username: string
  password: string
}

export function useLoginRules(): ComputedRef<FormRules<LoginFormModel>> {
  const { t } = useI18n()
  return computed(() => ({
    tenantCode: [{ pattern: /^\d{6}$/, message: t('login.tenantCodeFormat'), trigger: 'blur' }],
    username: [{ required: true, whitespace: true, message: t('login.usernameRequired'), trigger: 'blur' }],
    password: [{ required: true, message: t('login.passwordRequired'), trigger: 'blur' }],
  }))
}
