import type { FormRules } from 'element-plus'
import { computed, type ComputedRef } from 'vue'
import { useI18n } from 'vue-i18n'
import type { RegionFormModel } from './use-region-form'

export function useRegionRules(): ComputedRef<FormRules<RegionFormModel>> {
  const { t } = useI18n()
  return computed(() => ({
    name: [{ required: true, whitespace: true, max: 64, message: t('regions.nameRequired'), trigger: 'blur' }],
    kind: [{ required: true, message: t('regions.kindRequired'), trigger: 'change' }],
    island: [{ max: 32, trigger: 'blur' }],
  }))
}
