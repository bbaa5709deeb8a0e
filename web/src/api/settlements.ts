import type { Settlement, SettlementKey, SettlementListQuery, SettlementReturn } from '@eldercare/shared'
import type { Page } from './page'
import { download, get, post, type DownloadedFile } from './request'

/** A facility's month: live figures while draft or returned, the frozen ones once submitted. */
export function getSettlement(key: SettlementKey): Promise<Settlement> {
  return get<Settlement>('/settlements/statement', key)
}

/** Statements that have been submitted at least once; the bureau's review queue filters by `submitted`. */
export function listSettlements(query: SettlementListQuery): Promise<Page<Settlement>> {
  return get<Page<Settlement>>('/settlements', query)
}

/** Freezes the month's figures and locks its meal records until the bureau returns the statement. */
export function submitSettlement(key: SettlementKey): Promise<Settlement> {
  return post<Settlement>('/settlements/submit', key)
}

/** 镇街审核通过: the town passes a submitted statement on to the bureau. */
export function townApproveSettlement(key: SettlementKey): Promise<Settlement> {
  return post<Settlement>('/settlements/town-approve', key)
}

/** 区民政局审批: after the town's review, or directly where the town has none. */
export function approveSettlement(key: SettlementKey): Promise<Settlement> {
  return post<Settlement>('/settlements/approve', key)
}

/** Sends the statement back with the reviewer's comment; the month's meals unlock for corrections. */
export function returnSettlement(body: SettlementReturn): Promise<Settlement> {
  return post<Settlement>('/settlements/return', body)
}

/** The statement as .xlsx with a signature block. */
export function exportSettlement(key: SettlementKey): Promise<DownloadedFile> {
  return download('/settlements/export', key)
}
