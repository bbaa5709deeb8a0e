import type { KitchenOrder, KitchenOrderListQuery, KitchenOrderPut, KitchenProduction } from '@eldercare/shared'
import type { Page } from './page'
import { get, put } from './request'

/** Orders of a meal point or a kitchen for the days `from`–`to`, both included. */
export function listKitchenOrders(query: KitchenOrderListQuery): Promise<Page<KitchenOrder>> {
  return get<Page<KitchenOrder>>('/kitchen-orders', query)
}

/**
 * Sets the quantity of a day and slot, creating the order or replacing it. The note is replaced too:
 * a body without one clears the note on file.
 */
export function putKitchenOrder(body: KitchenOrderPut): Promise<KitchenOrder> {
  return put<KitchenOrder>('/kitchen-orders', body)
}

/** What a central kitchen cooks on a day, per slot, and where each portion goes. */
export function getKitchenProduction(kitchenId: string, servedOn: string): Promise<KitchenProduction> {
  return get<KitchenProduction>('/kitchen-orders/production', { kitchenId, servedOn })
}
