import type { Elder, ElderCreate, ElderReveal, ElderSearchBody, ElderUpdate, RosterColumnMappingPut, RosterColumnMappings, RosterExportQuery, RosterImportResult } from '@eldercare/shared'
import type { Page } from './page'
import { download, get, patch, post, postBinary, put, type DownloadedFile } from './request'

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/**
 * The roster, searched and filtered. `q` may be a whole 身份证号 or a phone number, so the search goes
 * in the body, never in a URL that proxies, logs and the browser history keep.
 */
export function searchElders(body: ElderSearchBody): Promise<Page<Elder>> {
  return post<Page<Elder>>('/elders/search', body)
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

/** The list's filters (not its search text, which may be a number); `reveal` asks for whole 身份证号 and phone numbers. */
export function exportRoster(query: RosterExportQuery): Promise<DownloadedFile> {
  return download('/elders/export', query)
}
