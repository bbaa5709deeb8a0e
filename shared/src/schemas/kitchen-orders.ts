import { Type, type Static } from 'typebox'
import { CalendarDate, Instant, Text, Uuid } from './common.js'
import { MealSlot } from './facilities.js'

export const KitchenOrderPut = Type.Object({
  mealPointId: Uuid,
  servedOn: CalendarDate,
  slot: MealSlot,
  quantity: Type.Integer({ minimum: 0, maximum: 100_000 }),
  note: Type.Optional(Type.Union([Text({ maxLength: 200 }), Type.Null()])),
})
export type KitchenOrderPut = Static<typeof KitchenOrderPut>

export const KitchenOrder = Type.Object({
  id: Uuid,
  mealPointId: Uuid,
  mealPointName: Type.String(),
  kitchenId: Uuid,
  servedOn: CalendarDate,
  slot: MealSlot,
  quantity: Type.Integer(),
  note: Type.Union([Type.String(), Type.Null()]),
  updatedAt: Instant,
})
export type KitchenOrder = Static<typeof KitchenOrder>

export const KitchenOrderListQuery = Type.Object({
  mealPointId: Type.Optional(Uuid),
  kitchenId: Type.Optional(Uuid),
  from: CalendarDate,
  to: CalendarDate,
})
export type KitchenOrderListQuery = Static<typeof KitchenOrderListQuery>

/** What a central kitchen cooks for a day and where it goes. */
export const KitchenProduction = Type.Object({
  kitchenId: Uuid,
  servedOn: CalendarDate,
  totals: Type.Array(Type.Object({ slot: MealSlot, quantity: Type.Integer() })),
  deliveries: Type.Array(
    Type.Object({
      mealPointId: Uuid,
      mealPointName: Type.String(),
      address: Type.String(),
      slot: MealSlot,
      quantity: Type.Integer(),
      note: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
})
export type KitchenProduction = Static<typeof KitchenProduction>
export const KitchenProductionQuery = Type.Object({ kitchenId: Uuid, servedOn: CalendarDate })
