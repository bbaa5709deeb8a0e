import type { Region, RegionImportResult, RegionListQuery, RegionPatch } from '@eldercare/shared'
import type { Page } from './page'
import { get, patch, postText } from './request'

/** The API answers the whole list at once, ordered by code. */
export function listRegions(query: RegionListQuery = {}): Promise<Page<Region>> {
  return get<Page<Region>>('/regions', query)
}

export function updateRegion(code: string, body: RegionPatch): Promise<Region> {
  return patch<Region>(`/regions/${encodeURIComponent(code)}`, body)
}

/** All or nothing: a file with any bad line fails with REGION_IMPORT_INVALID and one detail per problem. */
export function importRegions(csv: string): Promise<RegionImportResult> {
  return postText<RegionImportResult>('/regions/import', csv, 'text/csv')
}
