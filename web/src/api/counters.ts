import type { CounterDevice, CounterHeartbeat, CounterSnapshot, FacilityMealPrices, MealPricesPut, MealSync, MealSyncResult, SyncStatus, SyncStatusQuery } from '@eldercare/shared'
import { get, post, put } from './request'

/** What the counter needs offline; with `sinceVersion` only the elders changed since. */
export function getCounterSnapshot(facilityId: string, sinceVersion?: string): Promise<CounterSnapshot> {
  return get<CounterSnapshot>('/counter-snapshot', { facilityId, sinceVersion })
}

/** A batch of the outbox; each meal is stored once by its id, so a batch may be sent again after a lost answer. */
export function syncMeals(body: MealSync): Promise<MealSyncResult> {
  return post<MealSyncResult>('/meal-records/sync', body)
}

export function sendHeartbeat(body: CounterHeartbeat): Promise<CounterDevice> {
  return post<CounterDevice>('/counter-devices/heartbeat', body)
}

export function getSyncStatus(query: SyncStatusQuery = {}): Promise<SyncStatus> {
  return get<SyncStatus>('/sync-status', query)
}

export function getMealPrices(facilityId: string): Promise<FacilityMealPrices> {
  return get<FacilityMealPrices>(`/facilities/${encodeURIComponent(facilityId)}/meal-prices`)
}

export function putMealPrices(facilityId: string, body: MealPricesPut): Promise<FacilityMealPrices> {
  return put<FacilityMealPrices>(`/facilities/${encodeURIComponent(facilityId)}/meal-prices`, body)
}
