import type { FormRules } from 'element-plus'
import { computed, type ComputedRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { strongPasswordRule } from '../account/rules'
import { hasFacilityScope, type UserFormModel } from './use-user-form'

/** Same patterns as the shared `Username` and `Phone` schemas. */
const USERNAME = /^[A-Za-z0-9_.-]{3,32}$/
export const PHONE = /^1\d{10}$|^0\d{2,3}-?\d{7,8}$/

export function useUserRules(model: UserFormModel, creating: () => boolean): ComputedRef<FormRules<UserFormModel>> {
  const { t } = useI18n()
  return computed(() => ({
    username: [
      { required: true, message: t('users.usernameRequired'), trigger: 'blur' },
      { pattern: USERNAME, message: t('users.usernameFormat'), trigger: 'blur' },
    ],
    displayName: [{ required: true, whitespace: true, max: 64, message: t('users.displayNameRequired'), trigger: 'blur' }],
    role: [{ required: true, message: t('users.roleRequired'), trigger: 'change' }],
    phone: [{ pattern: PHONE, message: t('users.phoneFormat'), trigger: 'blur' }],
    townCodes: [
      {
        required: true,
        trigger: 'change',
        validator: (_rule, value: unknown, callback) => {
          if (model.role !== 'town_staff' || (Array.isArray(value) && value.length > 0)) callback()
          else callback(new Error(t('users.townsRequired')))
        },
      },
    ],
    facilityIds: [
      {
        required: true,
        trigger: 'change',
        validator: (_rule, value: unknown, callback) => {
          if (!hasFacilityScope(model.role) || (Array.isArray(value) && value.length > 0)) callback()
          else callback(new Error(t('users.facilitiesRequired')))
        },
      },
    ],
    password: creating() ? [strongPasswordRule(() => t('users.passwordWeak'))] : [],
  }))
}
