import type { FormItemRule } from 'element-plus'
import { useI18n } from 'vue-i18n'
import { yuanToFen } from '../meals/money'
import { isCardNo } from './data'

/** Form rules shared by the card dialogs; messages follow the language on screen. */
export function useCardRules() {
  const { t } = useI18n()

  /** Blank is allowed: the server then makes the number. */
  const optionalCardNo: FormItemRule = {
    trigger: 'blur',
    validator: (_rule, value: unknown, callback) => {
      if (typeof value !== 'string' || value.trim() === '' || isCardNo(value)) callback()
      else callback(new Error(t('careCards.cardNoInvalid')))
    },
  }

  const reason: FormItemRule = { required: true, whitespace: true, max: 200, message: t('careCards.reasonRequired'), trigger: 'blur' }

  const amount: FormItemRule = {
    required: true,
    trigger: 'blur',
    validator: (_rule, value: unknown, callback) => {
      const fen = typeof value === 'string' ? yuanToFen(value) : null
      if (fen !== null && fen > 0) callback()
      else callback(new Error(t('careCards.amountInvalid')))
    },
  }

  function required(message: string): FormItemRule {
    return { required: true, message, trigger: 'change' }
  }

  return { optionalCardNo, reason, amount, required }
}
