import type { Elder, ElderCreate, ElderListQuery, ElderReveal, ElderUpdate, RosterColumnMappingPut, RosterColumnMappings, RosterImportResult } from '@eldercare/shared'
import type { Page } from './page'
import { download, get, patch, post, postBinary, put, type DownloadedFile } from './request'

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** The list filters, without paging; `reveal` asks for whole 身份证号 and phone numbers. */
export type RosterExportQuery = Omit<ElderListQuery, 'page' | 'pageSize'> & { reveal?: boolean }

export function listElders(query: ElderListQuery): Promise<Page<Elder>> {
  return get<Page<Elder>>('/elders', query)
}

export function getElder(id: string): Promise<Elder> {
  return get<Elder>(`/elders/${encodeURIComponent(id)}`)
}

export function createElder(body: ElderCreate): Promise<Elder> {
  return post<Elder>('/elders', body)
}

export function updateElder(id: string, body: ElderUpdate): Promise<Elder> {
  return patch<Elder>(`/elders/${encodeURIComponent(id)}`, body)
}

/** The whole 身份证号 and phone; the server records every call in the audit log. */
export function revealElder(id: string): Promise<ElderReveal> {
  return post<ElderReveal>(`/elders/${encodeURIComponent(id)}/reveal`)
}

/**
 * Sends the roster file as the body. A dry run only reports; a real run writes every row or, when any
 * row has an issue, fails with ROSTER_IMPORT_INVALID and writes nothing.
 */
/** Says which roster column a header is; the tenant's next imports read such headers by it. */
export function saveRosterMappings(body: RosterColumnMappingPut): Promise<RosterColumnMappings> {
  return put<RosterColumnMappings>('/elders/import/mappings', body)
}

export function importRoster(file: Blob, dryRun: boolean): Promise<RosterImportResult> {
  return postBinary<RosterImportResult>('/elders/import', file, XLSX_CONTENT_TYPE, { dryRun })
}

export function exportRoster(query: RosterExportQuery): Promise<DownloadedFile> {
  return download('/elders/export', query)
}
