/** One table for every place the bureau counts; see domain.md "facility type". */
export const FACILITY_TYPES = ['canteen', 'central_kitchen', 'care_center', 'mutual_aid_point', 'meal_point', 'institution'] as const

// The element type, named here rather than imported: schemas/facilities.ts builds its schema on FACILITY_TYPES.
type FacilityType = (typeof FACILITY_TYPES)[number]

/** Types that serve meals to elders and so count for meal-service coverage. */
export const MEAL_FACILITY_TYPES: readonly FacilityType[] = ['canteen', 'care_center', 'mutual_aid_point', 'meal_point']

export const MEAL_SLOTS = ['breakfast', 'lunch', 'dinner'] as const

export const MEAL_MODES = ['dine_in', 'delivery', 'pickup'] as const

/** happiness_hub 幸福汇, health_union 康养联合体. */
export const FACILITY_TAGS = ['happiness_hub', 'health_union'] as const

/** Whether a facility serves meals to elders: a meal facility type, or an institution with meal slots. */
export function servesMeals(facility: { type: FacilityType | string; mealSlots: readonly string[] }): boolean {
  return MEAL_FACILITY_TYPES.includes(facility.type as FacilityType) || (facility.type === 'institution' && facility.mealSlots.length > 0)
}
