import { BUREAU_ROLES, MEAL_SLOTS, type CurrentUser, type Facility, type MealSlot } from '@eldercare/shared'
import { currentLocale } from '../../locales'

/** Days ahead a meal point orders for, starting tomorrow: today's meals were settled yesterday. */
export const ORDER_DAYS = 7

/** `day` moved by `days` calendar days, both `YYYY-MM-DD`. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`)
  date.setUTCDate(date.getUTCDate() + days)
  return date.toISOString().slice(0, 10)
}

/** The days the order grid shows: tomorrow and the `count - 1` after it. */
export function orderDays(today: string, count = ORDER_DAYS): string[] {
  return Array.from({ length: count }, (_, index) => addDays(today, index + 1))
}

/** Orders for `servedOn` close at the cut-off time (Asia/Shanghai) the day before, as the server counts it. */
export function orderDeadline(servedOn: string, cutoff: string): Date {
  return new Date(`${addDays(servedOn, -1)}T${cutoff}:00+08:00`)
}

/** `11-30 16:00`: when orders for `servedOn` close, in the district's own clock. */
export function deadlineLabel(servedOn: string, cutoff: string): string {
  return `${addDays(servedOn, -1).slice(5)} ${cutoff}`
}

export function orderClosed(servedOn: string, cutoff: string, now: Date): boolean {
  return now.getTime() >= orderDeadline(servedOn, cutoff).getTime()
}

/** Whether a facility works on `day`: from its opening day up to the day before it closes, as the server counts it. */
export function openOn(facility: Pick<Facility, 'openedOn' | 'closedOn'>, day: string): boolean {
  return facility.openedOn <= day && (facility.closedOn === null || facility.closedOn > day)
}

/** The slots a facility serves, in the order of the day. */
export function servedSlots(facility: Pick<Facility, 'mealSlots'>): MealSlot[] {
  return MEAL_SLOTS.filter((slot) => facility.mealSlots.includes(slot))
}

/** Facilities in the signed-in user's own scope; the bureau sees the district. */
function inScope(facilities: Facility[], user: CurrentUser | null): Facility[] {
  return user && !BUREAU_ROLES.includes(user.role) ? facilities.filter((facility) => user.facilityIds.includes(facility.id)) : facilities
}

/** Meal points a central kitchen supplies: the ones that order. Closed points order nothing more. */
export function orderingPoints(facilities: Facility[], user: CurrentUser | null): Facility[] {
  return inScope(
    facilities.filter((facility) => facility.type === 'meal_point' && facility.supplierKitchenId !== null && facility.status !== 'closed' && facility.mealSlots.length > 0),
    user,
  )
}

export function centralKitchens(facilities: Facility[], user: CurrentUser | null): Facility[] {
  return inScope(
    facilities.filter((facility) => facility.type === 'central_kitchen' && facility.status !== 'closed'),
    user,
  )
}

const weekdayFormats = new Map<string, Intl.DateTimeFormat>()

/** `12-01 周二` / `12-01 Tue`: a day of the grid, short enough for a tablet column; `full` keeps the year, for paper. */
export function dayLabel(day: string, full = false): string {
  const locale = currentLocale()
  let format = weekdayFormats.get(locale)
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' })
    weekdayFormats.set(locale, format)
  }
  return `${full ? day : day.slice(5)} ${format.format(new Date(`${day}T00:00:00Z`))}`
}
