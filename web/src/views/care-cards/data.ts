import { CARD_STATUSES, type CardStatus, type CareCard, type CareCardSearchBody, type LedgerEntry, type Role } from '@eldercare/shared'
import { computed, type ComputedRef } from 'vue'
import { useI18n } from 'vue-i18n'
import type { SelectOption, TableColumn } from '../../components/types'
import { formatDateTime } from '../../utils/format'
import { fenToYuan } from '../meals/money'

/** Who may issue, top up, refund, freeze, reissue and cancel: the API's card keepers. */
export const CARD_KEEPERS: readonly Role[] = ['bureau_admin', 'bureau_staff', 'town_staff']

/** Who may take a service payment from a card: every reader, operators of providers included. */
export const CARD_PAYEES: readonly Role[] = ['bureau_admin', 'bureau_staff', 'town_staff', 'canteen_operator']

export const STATUS_TAG: Record<CardStatus, 'success' | 'warning' | 'info'> = {
  active: 'success',
  frozen: 'warning',
  cancelled: 'info',
}

/** What a scanner reads, and what the API takes as a card number: 6–20 digits or upper-case letters, not letters alone (those are initials). */
const CARD_NO = /^[0-9A-Z]{6,20}$/

export function normaliseCardNo(text: string): string {
  return text.trim().toUpperCase()
}

export function isCardNo(text: string): boolean {
  const value = normaliseCardNo(text)
  return CARD_NO.test(value) && !/^[A-Z]+$/.test(value)
}

/** The largest page the list asks for. */
export const LIST_PAGE_SIZE = 20

export interface CardSearch {
  q: string
  status: CardStatus | ''
}

export function cardListQuery(search: CardSearch, page: number, pageSize: number): CareCardSearchBody {
  const q = search.q.trim().slice(0, 32)
  return { page, pageSize, q: q || undefined, status: search.status || undefined }
}

export function useStatusOptions(): ComputedRef<SelectOption[]> {
  const { t } = useI18n()
  return computed(() => CARD_STATUSES.map((status) => ({ value: status, label: t(`careCards.statuses.${status}`) })))
}

export function useCardColumns(): ComputedRef<TableColumn<CareCard>[]> {
  const { t } = useI18n()
  return computed(() => [
    { key: 'cardNo', label: t('careCards.cardNo'), minWidth: 170, slot: 'cardNo' },
    { key: 'elderName', prop: 'elderName', label: t('careCards.elder'), minWidth: 100 },
    { key: 'idNumberMasked', prop: 'idNumberMasked', label: t('careCards.idNumber'), minWidth: 180 },
    { key: 'status', label: t('careCards.status'), width: 110, slot: 'status' },
    { key: 'balance', label: t('careCards.balanceYuan'), width: 130, slot: 'balance' },
    { key: 'issuedOn', prop: 'issuedOn', label: t('careCards.issuedOn'), width: 120 },
  ])
}

/** `+12.00` for credits and `-8.50` for debits, as the ledger shows them. */
export function signedYuan(fen: number): string {
  return fen > 0 ? `+${fenToYuan(fen)}` : fenToYuan(fen)
}

export function useLedgerColumns(purseName: (code: string) => string): ComputedRef<TableColumn<LedgerEntry>[]> {
  const { t } = useI18n()
  return computed(() => [
    { key: 'createdAt', label: t('careCards.ledger.time'), width: 160, formatter: (entry) => formatDateTime(entry.createdAt) },
    { key: 'kind', label: t('careCards.ledger.kind'), width: 110, formatter: (entry) => t(`careCards.kinds.${entry.kind}`) },
    { key: 'purse', label: t('careCards.ledger.purse'), width: 100, formatter: (entry) => purseName(entry.purse) },
    { key: 'amount', label: t('careCards.ledger.amountYuan'), width: 120, slot: 'amount' },
    { key: 'balanceAfter', label: t('careCards.ledger.balanceAfterYuan'), width: 150, formatter: (entry) => fenToYuan(entry.balanceAfterFen) },
    { key: 'note', label: t('careCards.ledger.note'), minWidth: 200, formatter: (entry) => [entry.serviceType, entry.note].filter(Boolean).join(' · ') },
  ])
}
