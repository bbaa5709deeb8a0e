import { isValidIdNumber } from '@eldercare/shared'
import type { FormItemRule, FormRules } from 'element-plus'
import { computed, type ComputedRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { shanghaiToday } from '../../utils/format'
import { PHONE } from '../users/rules'
import { idNumberFacts, type ElderFormModel } from './use-elder-form'

/** The roster holds people aged 60 and over (domain.md); the server refuses younger ones too. */
export const MIN_ELDER_AGE = 60

export function useElderRules(model: ElderFormModel, creating: () => boolean): ComputedRef<FormRules<ElderFormModel>> {
  const { t } = useI18n()
  return computed(() => ({
    idNumber: creating()
      ? [
          { required: true, whitespace: true, message: t('elders.idNumberRequired'), trigger: 'blur' },
          {
            trigger: ['blur', 'change'],
            validator: (_rule, value: unknown, callback) => {
              const text = typeof value === 'string' ? value.trim() : ''
              if (text === '') return callback()
              if (!isValidIdNumber(text)) return callback(new Error(t('elders.idNumberInvalid')))
              const facts = idNumberFacts(text)
              if (facts && facts.age < MIN_ELDER_AGE) return callback(new Error(t('elders.tooYoung', { age: MIN_ELDER_AGE })))
              callback()
            },
          },
        ]
      : [],
    name: [{ required: true, whitespace: true, max: 32, message: t('elders.nameRequired'), trigger: 'blur' }],
    phone: [{ pattern: PHONE, message: t('elders.phoneFormat'), trigger: 'blur' }],
    communityCode: [{ required: true, message: t('elders.communityRequired'), trigger: 'change' }],
    status: [{ required: true, message: t('elders.statusRequired'), trigger: 'change' }],
    deceasedOn: [
      {
        trigger: 'change',
        validator: (_rule, value: unknown, callback) => {
          const day = typeof value === 'string' ? value : ''
          if (model.status !== 'deceased') return callback()
          if (!day) return callback(new Error(t('elders.deceasedOnRequired')))
          if (day > shanghaiToday()) return callback(new Error(t('elders.deceasedOnFuture')))
          callback()
        },
      },
    ],
    institutionId: [
      {
        trigger: 'change',
        validator: (_rule, value: unknown, callback) =>
          model.status === 'in_institution' && !value ? callback(new Error(t('elders.institutionRequired'))) : callback(),
      },
    ],
    statusFrom: [
      {
        trigger: 'change',
        validator: (_rule, value: unknown, callback) => (typeof value === 'string' && value > shanghaiToday() ? callback(new Error(t('elders.statusFromFuture'))) : callback()),
      },
    ],
    concentratedCareNeedSince: [
      {
        trigger: 'change',
        validator: (_rule, value: unknown, callback) => {
          const day = typeof value === 'string' ? value : ''
          if (!model.concentratedCareNeed) return callback()
          if (!day) return callback(new Error(t('elders.concentratedCareNeedSinceRequired')))
          if (day > shanghaiToday()) return callback(new Error(t('elders.statusFromFuture')))
          callback()
        },
      },
    ],
    dietaryNotes: [{ max: 200, message: t('elders.tooLong', { max: 200 }), trigger: 'blur' }],
  }))
}

/** Rules of one category row, given to its form items by index. */
export function useCategoryRowRules(model: ElderFormModel) {
  const { t } = useI18n()
  return computed(() => ({
    category: [{ required: true, message: t('elders.categoryRequired'), trigger: 'change' }] satisfies FormItemRule[],
    startOn: [{ required: true, message: t('elders.startOnRequired'), trigger: 'change' }] satisfies FormItemRule[],
    endOn: (index: number): FormItemRule[] => [
      {
        trigger: 'change',
        validator: (_rule, value: unknown, callback) => {
          const start = model.categories[index]?.startOn ?? ''
          if (typeof value === 'string' && value !== '' && start && value < start) callback(new Error(t('elders.endBeforeStart')))
          else callback()
        },
      },
    ],
  }))
}

/** Rules of one pick-up delegate row. */
export function useDelegateRowRules() {
  const { t } = useI18n()
  return computed(() => ({
    name: [{ required: true, whitespace: true, max: 32, message: t('elders.delegateNameRequired'), trigger: 'blur' }] satisfies FormItemRule[],
    relation: [{ required: true, whitespace: true, max: 16, message: t('elders.delegateRelationRequired'), trigger: 'blur' }] satisfies FormItemRule[],
    phone: [{ pattern: PHONE, message: t('elders.phoneFormat'), trigger: 'blur' }] satisfies FormItemRule[],
    consentOn: [{ required: true, message: t('elders.consentOnRequired'), trigger: 'change' }] satisfies FormItemRule[],
  }))
}
