import type { CardSettings, CardTransaction, LedgerEntry } from '@eldercare/shared'
import type { FormInstance } from 'element-plus'
import { computed, onScopeDispose, reactive, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { postCardTransaction } from '../../api/care-cards'
import { errorMessage, showError } from '../../utils/feedback'
import { yuanToFen } from '../meals/money'
import { isRetryable, newMealId, retryDelay } from '../meals/use-meal-queue'
import type { TransactionKind } from './use-care-card'

/** Attempts made on their own after a lost answer; then the user decides (retry or leave). */
export const AUTO_ATTEMPTS = 3

export interface TransactionFormModel {
  /** Yuan as typed; turned into fen from the text, never through a float. */
  amount: string
  purse: string
  facilityId: string
  serviceType: string
  note: string
}

export function emptyTransactionForm(): TransactionFormModel {
  return { amount: '', purse: '', facilityId: '', serviceType: '', note: '' }
}

/** The purses that may take this kind: a service payment only from a purse that pays services. */
export function pursesFor(settings: CardSettings | null, kind: TransactionKind): CardSettings['purses'] {
  const purses = settings?.purses ?? []
  return kind === 'service_payment' ? purses.filter((purse) => purse.pays.includes('service')) : purses
}

/** The body the API takes, or null while the amount is not a positive sum of yuan. */
export function toTransactionBody(id: string, kind: TransactionKind, model: TransactionFormModel): CardTransaction | null {
  const amountFen = yuanToFen(model.amount)
  if (amountFen === null || amountFen <= 0) return null
  const note = model.note.trim()
  return {
    id,
    kind,
    amountFen,
    ...(model.purse ? { purse: model.purse } : {}),
    ...(kind === 'service_payment' ? { facilityId: model.facilityId, serviceType: model.serviceType } : {}),
    ...(note ? { note } : {}),
  }
}

export interface CardTransactionOptions {
  cardId: () => string
  kind: () => TransactionKind
  onDone: (entry: LedgerEntry) => void
  send?: (cardId: string, body: CardTransaction) => Promise<LedgerEntry>
}

/**
 * One money movement on a card. The id is made once per movement: when the answer is lost (network,
 * 5xx) the very same body goes again, by itself a few times and then on the user's word, so the
 * server books it exactly once however many attempts it took.
 */
export function useCardTransaction(options: CardTransactionOptions) {
  const { t } = useI18n()
  const send = options.send ?? postCardTransaction
  const formRef = ref<FormInstance>()
  const model = reactive<TransactionFormModel>(emptyTransactionForm())
  const saving = ref(false)
  /** The movement whose answer was lost; while set, the form is locked to it. */
  const pending = ref<CardTransaction | null>(null)
  const attempts = ref(0)
  const lostMessage = ref<string | null>(null)
  const uncertain = computed(() => pending.value !== null)
  let timer: ReturnType<typeof setTimeout> | undefined
  let disposed = false

  function reset(defaults: Partial<TransactionFormModel> = {}): void {
    clearTimeout(timer)
    Object.assign(model, emptyTransactionForm(), defaults)
    pending.value = null
    attempts.value = 0
    lostMessage.value = null
    formRef.value?.clearValidate()
  }

  async function attempt(body: CardTransaction): Promise<void> {
    clearTimeout(timer)
    saving.value = true
    attempts.value += 1
    try {
      const entry = await send(options.cardId(), body)
      pending.value = null
      lostMessage.value = null
      options.onDone(entry)
    } catch (error) {
      if (!isRetryable(error)) {
        pending.value = null
        showError(error)
        return
      }
      pending.value = body
      lostMessage.value = errorMessage(error)
      if (attempts.value < AUTO_ATTEMPTS && !disposed) {
        timer = setTimeout(() => void attempt(body), retryDelay(attempts.value))
      }
    } finally {
      saving.value = false
    }
  }

  /** A new movement from the form, or the lost one again with its own id. */
  async function submit(): Promise<void> {
    if (saving.value) return
    if (pending.value) return attempt(pending.value)
    const valid = await formRef.value?.validate().catch(() => false)
    const body = toTransactionBody(newMealId(), options.kind(), model)
    if (!valid || !body) return
    attempts.value = 0
    return attempt(body)
  }

  /**
   * The dialog closed. An unanswered movement may or may not be booked: the user is told to look at the
   * ledger before doing it again, and the caller learns the balance on screen may be behind.
   */
  function leave(): boolean {
    const wasUncertain = uncertain.value
    if (wasUncertain) ElMessage.warning(t('careCards.transaction.checkLedger'))
    reset()
    return wasUncertain
  }

  onScopeDispose(() => {
    disposed = true
    clearTimeout(timer)
  })

  return { formRef, model, saving, pending, attempts, lostMessage, uncertain, reset, submit, leave }
}
