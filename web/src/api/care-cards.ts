import type {
  AllowanceGrant,
  AllowanceGrantResult,
  AllowanceRule,
  AllowanceRuleCreate,
  CardSettings,
  CardTransaction,
  CareCard,
  CareCardCancel,
  CareCardIssue,
  CareCardListQuery,
  CareCardReissue,
  CareCardSearchBody,
  LedgerEntry,
  PageQuery,
  Reconciliation,
} from '@eldercare/shared'
import type { Page } from './page'
import { download, get, post, put, type DownloadedFile } from './request'

/**
 * The year-end expiry run. `shared` exports these two contracts as schemas only (no `Static` type),
 * so their shape is written out here, field for field.
 */
export interface AllowanceExpiryRun {
  year: number
  dryRun?: boolean
}

export interface AllowanceExpiryResult {
  year: number
  dryRun: boolean
  /** Cards that lose (or would lose) unspent allowance. */
  cards: number
  totalFen: number
}

function cardPath(id: string, action = ''): string {
  return `/care-cards/${encodeURIComponent(id)}${action ? `/${action}` : ''}`
}

/** Cards by status or elder. */
export function listCareCards(query: CareCardListQuery): Promise<Page<CareCard>> {
  return get<Page<CareCard>>('/care-cards', query)
}

/**
 * `q` takes a scanned card number, an elder's name or pinyin initials, or the last 4 of the 身份证号;
 * a card number is personal, so the search goes in the body, never in a URL.
 */
export function searchCareCards(body: CareCardSearchBody): Promise<Page<CareCard>> {
  return post<Page<CareCard>>('/care-cards/search', body)
}

export function getCareCard(id: string): Promise<CareCard> {
  return get<CareCard>(cardPath(id))
}

/** Without `cardNo` the server makes one; an elder holds one live card at a time. */
export function issueCareCard(body: CareCardIssue): Promise<CareCard> {
  return post<CareCard>('/care-cards', body)
}

/** Reported lost: the card pays nothing until unfrozen; credits still arrive. */
export function freezeCareCard(id: string): Promise<CareCard> {
  return post<CareCard>(cardPath(id, 'freeze'))
}

export function unfreezeCareCard(id: string): Promise<CareCard> {
  return post<CareCard>(cardPath(id, 'unfreeze'))
}

/** Answers the new card: the balance moved to it and the old one is cancelled, in one transaction. */
export function reissueCareCard(id: string, body: CareCardReissue): Promise<CareCard> {
  return post<CareCard>(cardPath(id, 'reissue'), body)
}

/** The balance is settled by the district's cancellation rule (card settings) and recorded in the ledger. */
export function cancelCareCard(id: string, body: CareCardCancel): Promise<CareCard> {
  return post<CareCard>(cardPath(id, 'cancel'), body)
}

/** Newest first, each entry with the balance it left in its purse. */
export function listCardLedger(id: string, query: PageQuery): Promise<Page<LedgerEntry>> {
  return get<Page<LedgerEntry>>(cardPath(id, 'ledger'), query)
}

/** The card's whole history with its running balance, as .xlsx. */
export function exportCardStatement(id: string): Promise<DownloadedFile> {
  return download(cardPath(id, 'statement/export'))
}

/**
 * A top-up, service payment or refund. The id is made by the client, so sending the same body again
 * after a lost answer never moves money twice: the server answers the first entry (200 instead of 201).
 */
export function postCardTransaction(id: string, body: CardTransaction): Promise<LedgerEntry> {
  return post<LedgerEntry>(cardPath(id, 'transactions'), body)
}

/** Every purse balance against the sum of its entries. */
export function getReconciliation(): Promise<Reconciliation> {
  return get<Reconciliation>('/care-cards/reconciliation')
}

export function listAllowanceRules(): Promise<Page<AllowanceRule>> {
  return get<Page<AllowanceRule>>('/allowance-rules')
}

export function createAllowanceRule(body: AllowanceRuleCreate): Promise<AllowanceRule> {
  return post<AllowanceRule>('/allowance-rules', body)
}

/** `dryRun: true` only previews; a real run credits each card once per month, so running it again changes nothing. */
export function runAllowanceGrant(body: AllowanceGrant): Promise<AllowanceGrantResult> {
  return post<AllowanceGrantResult>('/allowance-grants', body)
}

/** Only where the district's card settings say allowances expire at year end; elsewhere the server refuses. */
export function runAllowanceExpiry(body: AllowanceExpiryRun): Promise<AllowanceExpiryResult> {
  return post<AllowanceExpiryResult>('/allowance-expiries', body)
}

export function getCardSettings(): Promise<CardSettings> {
  return get<CardSettings>('/card-settings')
}

export function updateCardSettings(body: CardSettings): Promise<CardSettings> {
  return put<CardSettings>('/card-settings', body)
}
