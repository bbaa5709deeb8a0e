import type { Facility, FacilityCreate, FacilityListQuery, FacilityUpdate, ServiceArea, ServiceAreaPut } from '@eldercare/shared'
import type { Page } from './page'
import { get, patch, post, put } from './request'

/** The largest page the API gives. */
const MAX_PAGE_SIZE = 200

export function listFacilities(query: FacilityListQuery = {}): Promise<Page<Facility>> {
  return get<Page<Facility>>('/facilities', query)
}

/** Every facility matching the filters, page after page: pickers need the whole list, not a page of it. */
export async function listAllFacilities(query: Omit<FacilityListQuery, 'page' | 'pageSize'> = {}): Promise<Facility[]> {
  const items: Facility[] = []
  for (let page = 1; ; page++) {
    const answer = await listFacilities({ ...query, page, pageSize: MAX_PAGE_SIZE })
    items.push(...answer.items)
    if (answer.items.length < MAX_PAGE_SIZE || items.length >= answer.total) return items
  }
}

export function getFacility(id: string): Promise<Facility> {
  return get<Facility>(`/facilities/${encodeURIComponent(id)}`)
}

export function createFacility(body: FacilityCreate): Promise<Facility> {
  return post<Facility>('/facilities', body)
}

export function updateFacility(id: string, body: FacilityUpdate): Promise<Facility> {
  return patch<Facility>(`/facilities/${encodeURIComponent(id)}`, body)
}

/** The communities served on `asOf` (default today) and every period ever recorded. */
export function getServiceArea(id: string, asOf?: string): Promise<ServiceArea> {
  return get<ServiceArea>(`/facilities/${encodeURIComponent(id)}/service-area`, { asOf })
}

/** Periods before `effectiveFrom` are kept, so past coverage still reads as it was. */
export function replaceServiceArea(id: string, body: ServiceAreaPut): Promise<ServiceArea> {
  return put<ServiceArea>(`/facilities/${encodeURIComponent(id)}/service-area`, body)
}
