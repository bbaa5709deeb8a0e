import type { MealDaySummary, MealRecord, MealRecordCreate, MealRecordListItem, MealRecordListQuery, MealVoid } from '@eldercare/shared'
import type { Page } from './page'
import { get, post } from './request'

/**
 * Records one meal. The id is made by the client, so sending the same body again after a lost
 * answer never records twice: the server answers the first result (200 instead of 201).
 */
export function recordMeal(body: MealRecordCreate): Promise<MealRecord> {
  return post<MealRecord>('/meal-records', body)
}

export function listMealRecords(query: MealRecordListQuery): Promise<Page<MealRecordListItem>> {
  return get<Page<MealRecordListItem>>('/meal-records', query)
}

/** Meals and money of one facility on one day (default today), per slot and mode. */
export function getMealDaySummary(facilityId: string, servedOn?: string): Promise<MealDaySummary> {
  return get<MealDaySummary>('/meal-records/summary', { facilityId, servedOn })
}

/** The record stays, marked voided with the reason; the elder's subsidised meal of the slot is free again. */
export function voidMealRecord(id: string, body: MealVoid): Promise<MealRecord> {
  return post<MealRecord>(`/meal-records/${encodeURIComponent(id)}/void`, body)
}
