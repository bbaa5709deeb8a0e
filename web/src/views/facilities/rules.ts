import type { FormItemRule, FormRules } from 'element-plus'
import { computed, type ComputedRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { PHONE } from '../users/rules'
import { isMealFacilityType } from './data'
import type { FacilityFormModel } from './use-facility-form'

export function useFacilityRules(model: FacilityFormModel): ComputedRef<FormRules<FacilityFormModel>> {
  const { t } = useI18n()
  /** A meal point that serves no meal, or in no way, cannot record a meal. */
  const neededForMeals = (message: () => string): FormItemRule => ({
    trigger: 'change',
    validator: (_rule, value: unknown, callback) => {
      if (!isMealFacilityType(model.type) || (Array.isArray(value) && value.length > 0)) callback()
      else callback(new Error(message()))
    },
  })
  return computed(() => ({
    name: [{ required: true, whitespace: true, max: 64, message: t('facilities.nameRequired'), trigger: 'blur' }],
    type: [{ required: true, message: t('facilities.typeRequired'), trigger: 'change' }],
    communityCode: [{ required: true, message: t('facilities.communityRequired'), trigger: 'change' }],
    address: [{ required: true, whitespace: true, max: 128, message: t('facilities.addressRequired'), trigger: 'blur' }],
    operatorOrg: [{ max: 64, message: t('facilities.tooLong', { max: 64 }), trigger: 'blur' }],
    contactName: [{ max: 32, message: t('facilities.tooLong', { max: 32 }), trigger: 'blur' }],
    contactPhone: [{ pattern: PHONE, message: t('facilities.phoneFormat'), trigger: 'blur' }],
    openedOn: [{ required: true, message: t('facilities.openedOnRequired'), trigger: 'change' }],
    closedOn: [
      {
        trigger: 'change',
        validator: (_rule, value: unknown, callback) => {
          if (typeof value === 'string' && value !== '' && model.openedOn && value < model.openedOn) callback(new Error(t('facilities.closedBeforeOpened')))
          else callback()
        },
      },
    ],
    mealSlots: [neededForMeals(() => t('facilities.slotsRequired'))],
    mealModes: [neededForMeals(() => t('facilities.modesRequired'))],
  }))
}
