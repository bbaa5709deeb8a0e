import type { FindingDecision, ScanResult, SubsidyCheckSettings, SubsidyCheckSettingsPut, SubsidyFinding, SubsidyFindingDetail, SubsidyFindingPage, SubsidyFindingQuery, SubsidyFindingSummary } from '@eldercare/shared'
import { get, post, put } from './request'

/** The review queue of findings, with counts by kind for the same filter. */
export function listFindings(query: SubsidyFindingQuery): Promise<SubsidyFindingPage> {
  return get<SubsidyFindingPage>('/subsidy-checks', query)
}

/** The open queue now, by town and kind (the caller's towns only, for town staff). */
export function getOpenFindingsByTown(): Promise<SubsidyFindingSummary> {
  return get<SubsidyFindingSummary>('/subsidy-checks/summary', { groupBy: 'town' })
}

/** A finding with its evidence: the elder's dated status, the meals, the ledger lines. */
export function getFinding(id: string): Promise<SubsidyFindingDetail> {
  return get<SubsidyFindingDetail>(`/subsidy-checks/${id}`)
}

/** Confirms: the meals' subsidy is recovered in the next settlement, allowances are reversed on the card. */
export function confirmFinding(id: string, body: FindingDecision): Promise<SubsidyFinding> {
  return post<SubsidyFinding>(`/subsidy-checks/${id}/confirm`, body)
}

export function dismissFinding(id: string, body: FindingDecision): Promise<SubsidyFinding> {
  return post<SubsidyFinding>(`/subsidy-checks/${id}/dismiss`, body)
}

export function runChecks(): Promise<ScanResult> {
  return post<ScanResult>('/subsidy-checks/scan')
}

/** The check settings and the district's islands (null: the main island). */
export function getCheckSettings(): Promise<SubsidyCheckSettings> {
  return get<SubsidyCheckSettings>('/subsidy-checks/settings')
}

/** Saves the settings (bureau admin); they apply from the next scan. */
export function saveCheckSettings(body: SubsidyCheckSettingsPut): Promise<SubsidyCheckSettings> {
  return put<SubsidyCheckSettings>('/subsidy-checks/settings', body)
}
