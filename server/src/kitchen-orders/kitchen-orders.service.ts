import { uuidv7 } from '@eldercare/db'
import { KITCHEN_ORDER_DAYS_AHEAD, MEAL_SLOTS, type KitchenOrder, type KitchenOrderListQuery, type KitchenOrderPut, type KitchenProduction } from '@eldercare/shared'
import fp from 'fastify-plugin'
import type { Actor } from '../auth/actor.js'
import { scopeOf } from '../auth/scope.js'
import { AppError, notFound } from '../errors.js'
import { facilityStatus } from '../facilities/facilities.mapper.js'
import { addDays, shanghaiToday } from '../http/dates.js'
import type { KitchenOrderRow } from './kitchen-orders.repository.js'

/** Orders for a day close at the cut-off time (Asia/Shanghai) on the day before: the kitchen must shop and cook. */
export function orderDeadline(servedOn: string, cutoff: string): Date {
  return new Date(`${addDays(servedOn, -1)}T${cutoff}:00+08:00`)
}

function map(row: KitchenOrderRow, mealPointName: string): KitchenOrder {
  return {
    id: row.id,
    mealPointId: row.mealPointId,
    mealPointName,
    kitchenId: row.kitchenId,
    servedOn: row.servedOn,
    slot: row.slot,
    quantity: row.quantity,
    note: row.note,
    updatedAt: row.updatedAt.toISOString(),
  }
}

export default fp(
  async (fastify) => {
    const orders = fastify.kitchenOrdersRepository

    const facilityInScope = (actor: Actor, id: string) => fastify.facilitiesService.findInScope(actor, id)

    async function put(actor: Actor, input: KitchenOrderPut, now = new Date()): Promise<KitchenOrder> {
      const point = await facilityInScope(actor, input.mealPointId)
      if (!point.supplierKitchenId) throw new AppError('KITCHEN_ORDER_NO_KITCHEN', 'this meal point has no supplying central kitchen')
      if (!point.mealSlots.includes(input.slot)) throw new AppError('MEAL_SLOT_NOT_SERVED', `the meal point does not serve ${input.slot}`)
      const { kitchenOrderCutoff } = await fastify.mealsRepository.settings(actor.tenantId)
      if (now >= orderDeadline(input.servedOn, kitchenOrderCutoff)) {
        throw new AppError('KITCHEN_ORDER_CLOSED', `orders for ${input.servedOn} closed at ${kitchenOrderCutoff} the day before`)
      }
      const lastDay = addDays(shanghaiToday(now), KITCHEN_ORDER_DAYS_AHEAD)
      if (input.servedOn > lastDay) {
        throw new AppError('KITCHEN_ORDER_TOO_FAR_AHEAD', `orders are taken up to ${KITCHEN_ORDER_DAYS_AHEAD} days ahead, until ${lastDay}`)
      }
      if (facilityStatus(point, input.servedOn) !== 'active') {
        throw new AppError('KITCHEN_ORDER_POINT_NOT_OPEN', `the meal point is not open on ${input.servedOn}`)
      }
      // A kitchen can close while the points it supplied still name it: it would cook nothing for them.
      const [kitchen] = await fastify.facilitiesRepository.findByIds(actor.tenantId, [point.supplierKitchenId])
      if (!kitchen || facilityStatus(kitchen, input.servedOn) !== 'active') {
        throw new AppError('KITCHEN_ORDER_KITCHEN_NOT_OPEN', `the supplying central kitchen is not open on ${input.servedOn}`)
      }
      return fastify.db.transaction(async (tx) => {
        const saved = await orders.upsert(
          {
            tenantId: actor.tenantId,
            id: uuidv7(),
            mealPointId: point.id,
            kitchenId: kitchen.id,
            servedOn: input.servedOn,
            slot: input.slot,
            quantity: input.quantity,
            note: input.note,
            updatedBy: actor.userId,
          },
          tx,
        )
        await fastify.auditRepository.record(
          actor,
          { action: 'kitchen_order.put', entityType: 'kitchen_order', entityId: saved.id, changes: { quantity: { to: input.quantity }, servedOn: { to: input.servedOn }, slot: { to: input.slot } } },
          tx,
        )
        return map(saved, point.name)
      })
    }

    async function list(actor: Actor, query: KitchenOrderListQuery): Promise<{ items: KitchenOrder[]; total: number }> {
      const scope = scopeOf(actor)
      const rows = await orders.list(actor.tenantId, {
        mealPointId: query.mealPointId,
        kitchenId: query.kitchenId,
        from: query.from,
        to: query.to,
        ...(scope.kind === 'facilities' ? { scopeFacilityIds: scope.facilityIds } : {}),
      })
      return { items: rows.map((row) => map(row.order, row.mealPointName)), total: rows.length }
    }

    /** The kitchen's day: how much to cook per slot, and the delivery list per meal point. */
    async function production(actor: Actor, kitchenId: string, servedOn: string): Promise<KitchenProduction> {
      const kitchen = await facilityInScope(actor, kitchenId)
      if (kitchen.type !== 'central_kitchen') throw notFound('central kitchen')
      // A point that closed after ordering takes no meals that day: its orders stay on file, off the list.
      // Slots in the order of the day, then points by name: a stable list whatever the database collation.
      const open = (await orders.forKitchenDay(actor.tenantId, kitchenId, servedOn)).filter((row) => facilityStatus(row, servedOn) === 'active')
      const rows = open.sort(
        (a, b) => MEAL_SLOTS.indexOf(a.order.slot) - MEAL_SLOTS.indexOf(b.order.slot) || (a.mealPointName < b.mealPointName ? -1 : a.mealPointName > b.mealPointName ? 1 : 0),
      )
      return {
        kitchenId,
        servedOn,
        totals: MEAL_SLOTS.map((slot) => ({ slot, quantity: rows.filter((row) => row.order.slot === slot).reduce((sum, row) => sum + row.order.quantity, 0) })).filter(
          (total) => total.quantity > 0,
        ),
        deliveries: rows.filter((row) => row.order.quantity > 0).map((row) => ({
          mealPointId: row.order.mealPointId,
          mealPointName: row.mealPointName,
          address: row.address,
          slot: row.order.slot,
          quantity: row.order.quantity,
          note: row.order.note,
        })),
      }
    }

    fastify.decorate('kitchenOrdersService', { put, list, production })
  },
  { name: 'kitchen-orders-service', dependencies: ['kitchen-orders-repository', 'facilities-repository', 'meals-repository', 'audit-repository'] },
)

declare module 'fastify' {
  interface FastifyInstance {
    kitchenOrdersService: {
      put(actor: Actor, input: KitchenOrderPut, now?: Date): Promise<KitchenOrder>
      list(actor: Actor, query: KitchenOrderListQuery): Promise<{ items: KitchenOrder[]; total: number }>
      production(actor: Actor, kitchenId: string, servedOn: string): Promise<KitchenProduction>
    }
  }
}
