import type { CardTransaction, CareCard, LedgerEntry } from '@eldercare/shared'
import { computed, reactive, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { useRouter } from 'vue-router'
import { exportCardStatement, freezeCareCard, getCareCard, listCardLedger, unfreezeCareCard } from '../../api/care-cards'
import { useAuthStore } from '../../stores/auth'
import { saveFile } from '../../utils/download'
import { confirmed, showError } from '../../utils/feedback'
import { CARD_KEEPERS, CARD_PAYEES } from './data'
import { useCardSettings } from './use-card-settings'

export type TransactionKind = CardTransaction['kind']

/** One card's page: the card, its ledger a page at a time, and what the user may do with it. */
export function useCareCard(id: () => string) {
  const { t } = useI18n()
  const router = useRouter()
  const auth = useAuthStore()
  const { settings, load: loadSettings } = useCardSettings()
  const card = ref<CareCard | null>(null)
  const loading = ref(false)
  const ledger = ref<LedgerEntry[]>([])
  const ledgerLoading = ref(false)
  const pager = reactive({ page: 1, pageSize: 20, total: 0 })
  const busy = ref(false)
  const exporting = ref(false)
  const transaction = reactive<{ visible: boolean; kind: TransactionKind }>({ visible: false, kind: 'top_up' })
  const reissueVisible = ref(false)
  const cancelVisible = ref(false)

  const live = computed(() => card.value !== null && card.value.status !== 'cancelled')
  const canKeep = computed(() => live.value && auth.hasRole(CARD_KEEPERS))
  /** Operators only take service payments; a frozen card pays nothing. */
  const canCharge = computed(() => card.value?.status === 'active' && auth.hasRole(CARD_PAYEES))

  function purseName(code: string): string {
    return card.value?.purses.find((purse) => purse.purse === code)?.name ?? settings.value?.purses.find((purse) => purse.code === code)?.name ?? code
  }

  async function loadLedger(): Promise<void> {
    ledgerLoading.value = true
    try {
      const page = await listCardLedger(id(), { page: pager.page, pageSize: pager.pageSize })
      ledger.value = page.items
      pager.total = page.total
    } catch (error) {
      showError(error)
    } finally {
      ledgerLoading.value = false
    }
  }

  async function loadCard(): Promise<void> {
    loading.value = true
    try {
      card.value = await getCareCard(id())
    } catch (error) {
      showError(error)
    } finally {
      loading.value = false
    }
  }

  async function load(): Promise<void> {
    pager.page = 1
    await Promise.all([loadCard(), loadLedger(), settings.value ? Promise.resolve() : loadSettings()])
  }

  function onLedgerSize(): void {
    pager.page = 1
    void loadLedger()
  }

  /** After any movement: the balance and the newest entries. */
  function refresh(): void {
    pager.page = 1
    void loadCard()
    void loadLedger()
  }

  function openTransaction(kind: TransactionKind): void {
    transaction.kind = kind
    transaction.visible = true
  }

  async function setFrozen(frozen: boolean): Promise<void> {
    const current = card.value
    if (!current) return
    const ok = await confirmed(
      t(frozen ? 'careCards.freezeConfirm' : 'careCards.unfreezeConfirm', { cardNo: current.cardNo, name: current.elderName }),
      t(frozen ? 'careCards.freeze' : 'careCards.unfreeze'),
    )
    if (!ok) return
    busy.value = true
    try {
      card.value = await (frozen ? freezeCareCard(current.id) : unfreezeCareCard(current.id))
      ElMessage.success(t(frozen ? 'careCards.frozenDone' : 'careCards.unfrozenDone'))
    } catch (error) {
      showError(error)
    } finally {
      busy.value = false
    }
  }

  async function exportStatement(): Promise<void> {
    const current = card.value
    if (!current) return
    exporting.value = true
    try {
      saveFile(await exportCardStatement(current.id), t('careCards.ledger.exportFileName', { cardNo: current.cardNo }))
    } catch (error) {
      showError(error)
    } finally {
      exporting.value = false
    }
  }

  /** The new card carries the balance: its page is where the user goes on. */
  function onReissued(next: CareCard): void {
    ElMessage.success(t('careCards.reissue.done', { cardNo: next.cardNo }))
    void router.push({ name: 'care-card-detail', params: { id: next.id } })
  }

  function onCancelled(cancelled: CareCard): void {
    card.value = cancelled
    ElMessage.success(t('careCards.cancel.done'))
    refresh()
  }

  return {
    card,
    loading,
    ledger,
    ledgerLoading,
    pager,
    busy,
    exporting,
    settings,
    transaction,
    reissueVisible,
    cancelVisible,
    canKeep,
    canCharge,
    purseName,
    load,
    loadLedger,
    onLedgerSize,
    refresh,
    openTransaction,
    setFrozen,
    exportStatement,
    onReissued,
    onCancelled,
  }
}
