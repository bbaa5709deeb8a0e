import type { ElderCategory, SubsidyRule, SubsidyRuleCreate, SubsidyRuleKind } from '@eldercare/shared'
import type { FormInstance } from 'element-plus'
import { reactive, ref, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { createSubsidyRule } from '../../api/subsidy-rules'
import { showError } from '../../utils/feedback'
import { shanghaiToday } from '../../utils/format'
import { yuanToFen } from '../meals/money'

export interface RuleFormModel {
  name: string
  kind: SubsidyRuleKind
  category: ElderCategory | ''
  minAge: number | null
  /** Yuan as typed; turned into fen from the text, never through a float. */
  amount: string
  validFrom: string
  /** Blank: in force until ended. */
  validTo: string
}

export function emptyRuleForm(today = shanghaiToday()): RuleFormModel {
  return { name: '', kind: 'category', category: '', minAge: null, amount: '', validFrom: today, validTo: '' }
}

/** The body the API takes, or null while the amount is not a valid sum of yuan. */
export function toCreateBody(model: RuleFormModel): SubsidyRuleCreate | null {
  const amountFen = yuanToFen(model.amount)
  if (amountFen === null) return null
  return {
    name: model.name.trim(),
    kind: model.kind,
    // The API refuses a category on an age rule and the other way round, so only the one that applies is sent.
    ...(model.kind === 'category' && model.category ? { category: model.category } : {}),
    ...(model.kind === 'age' && model.minAge !== null ? { minAge: model.minAge } : {}),
    amountFen,
    validFrom: model.validFrom,
    ...(model.validTo ? { validTo: model.validTo } : {}),
  }
}

export function useSubsidyRuleForm(onSaved: (rule: SubsidyRule) => void) {
  const { t } = useI18n()
  const formRef = ref<FormInstance>()
  const model = reactive<RuleFormModel>(emptyRuleForm())
  const saving = ref(false)
  let suggested = ''

  /** `特困 助餐补贴`, `80 岁及以上 助餐补贴`: a name that says what the rule is, until the user writes their own. */
  function suggestion(): string {
    if (model.kind === 'category') return model.category ? t('subsidyRules.suggestedName', { condition: t(`meals.categories.${model.category}`) }) : ''
    if (model.kind === 'age') return model.minAge !== null ? t('subsidyRules.suggestedName', { condition: t('subsidyRules.minAgeOption', { age: model.minAge }) }) : ''
    return t('subsidyRules.kinds.delivery_extra')
  }

  watch(
    () => [model.kind, model.category, model.minAge],
    () => {
      if (model.name === '' || model.name === suggested) model.name = suggestion()
      suggested = suggestion()
    },
  )

  function fill(): void {
    Object.assign(model, emptyRuleForm())
    suggested = ''
    formRef.value?.clearValidate()
  }

  async function submit(): Promise<void> {
    const valid = await formRef.value?.validate().catch(() => false)
    const body = toCreateBody(model)
    if (!valid || !body) return
    saving.value = true
    try {
      onSaved(await createSubsidyRule(body))
    } catch (error) {
      showError(error)
    } finally {
      saving.value = false
    }
  }

  return { formRef, model, saving, fill, submit }
}
