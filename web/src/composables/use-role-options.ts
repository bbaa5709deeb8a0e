import { TENANT_ROLES } from '@eldercare/shared'
import { computed, type ComputedRef } from 'vue'
import { useI18n } from 'vue-i18n'
import type { SelectOption } from '../components/types'

/** The roles a bureau may give, with their names in the current language. */
export function useTenantRoleOptions(): ComputedRef<SelectOption[]> {
  const { t } = useI18n()
  return computed(() => TENANT_ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) })))
}
