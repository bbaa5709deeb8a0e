import type { AllowanceRule, AllowanceRuleCreate, CardSettings, ElderCategory } from '@eldercare/shared'
import type { FormInstance } from 'element-plus'
import { reactive, ref, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { createAllowanceRule } from '../../api/care-cards'
import { showError } from '../../utils/feedback'
import { shanghaiToday } from '../../utils/format'
import { yuanToFen } from '../meals/money'
import { firstOfNextMonth } from './data'

export interface AllowanceRuleFormModel {
  name: string
  category: ElderCategory | ''
  /** Yuan per month as typed; turned into fen from the text, never through a float. */
  amount: string
  purse: string
  validFrom: string
  /** Blank: in force until further notice. */
  validTo: string
}

/** A new rule starts next month by default, the first month a run could still pay it in full. */
export function emptyAllowanceRuleForm(today = shanghaiToday(), purse = ''): AllowanceRuleFormModel {
  return { name: '', category: '', amount: '', purse, validFrom: firstOfNextMonth(today), validTo: '' }
}

/** The body the API takes, or null while the form is not complete. */
export function toAllowanceRuleBody(model: AllowanceRuleFormModel): AllowanceRuleCreate | null {
  const amountFen = yuanToFen(model.amount)
  if (amountFen === null || amountFen <= 0 || model.category === '' || !model.purse) return null
  return {
    name: model.name.trim(),
    category: model.category,
    amountFen,
    purse: model.purse,
    validFrom: model.validFrom,
    ...(model.validTo ? { validTo: model.validTo } : {}),
  }
}

export function useAllowanceRuleForm(settings: () => CardSettings | null, onSaved: (rule: AllowanceRule) => void) {
  const { t } = useI18n()
  const formRef = ref<FormInstance>()
  const model = reactive<AllowanceRuleFormModel>(emptyAllowanceRuleForm())
  const saving = ref(false)
  let suggested = ''

  /** `特困 爱心卡补贴`: a name that says what the rule is, until the user writes their own. */
  function suggestion(): string {
    return model.category ? t('allowances.rules.suggestedName', { category: t(`meals.categories.${model.category}`) }) : ''
  }

  watch(
    () => model.category,
    () => {
      if (model.name === '' || model.name === suggested) model.name = suggestion()
      suggested = suggestion()
    },
  )

  function fill(): void {
    Object.assign(model, emptyAllowanceRuleForm(shanghaiToday(), settings()?.purses[0]?.code ?? ''))
    suggested = ''
    formRef.value?.clearValidate()
  }

  async function submit(): Promise<void> {
    const valid = await formRef.value?.validate().catch(() => false)
    const body = toAllowanceRuleBody(model)
    if (!valid || !body) return
    saving.value = true
    try {
      onSaved(await createAllowanceRule(body))
    } catch (error) {
      showError(error)
    } finally {
      saving.value = false
    }
  }

  return { formRef, model, saving, fill, submit }
}
