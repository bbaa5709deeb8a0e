import type { FormRules } from 'element-plus'
import { computed, type ComputedRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { strongPasswordRule } from '../account/rules'
import type { TenantFormModel } from './use-tenant-form'

export function useTenantRules(): ComputedRef<FormRules<TenantFormModel>> {
  const { t } = useI18n()
  return computed(() => ({
    code: [{ required: true, pattern: /^\d{6}$/, message: t('tenants.codeFormat'), trigger: 'blur' }],
    name: [{ required: true, whitespace: true, max: 64, message: t('tenants.nameRequired'), trigger: 'blur' }],
    adminUsername: [
      { required: true, message: t('users.usernameRequired'), trigger: 'blur' },
      { pattern: /^[A-Za-z0-9_.-]{3,32}$/, message: t('users.usernameFormat'), trigger: 'blur' },
    ],
    adminDisplayName: [{ required: true, whitespace: true, max: 64, message: t('users.displayNameRequired'), trigger: 'blur' }],
    adminPassword: [strongPasswordRule(() => t('users.passwordWeak'))],
  }))
}
