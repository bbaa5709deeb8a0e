import type { MealMode, MealSlot } from '@eldercare/shared'

/** Chinese names of slots and modes, as printed on statements and written into ledger notes. */
export const SLOT_NAMES: Record<MealSlot, string> = { breakfast: '早餐', lunch: '午餐', dinner: '晚餐' }
export const MODE_NAMES: Record<MealMode, string> = { dine_in: '堂食', delivery: '送餐', pickup: '自取' }

/** The 备注 of a meal's card payment: which meal it paid for, e.g. "2026-11-29 午餐 堂食". */
export const mealPaymentNote = (meal: { servedOn: string; slot: MealSlot; mode: MealMode }) =>
  `${meal.servedOn} ${SLOT_NAMES[meal.slot]} ${MODE_NAMES[meal.mode]}`
