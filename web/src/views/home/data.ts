import type { Role } from '@eldercare/shared'

/**
 * The pages each role opens on a working day, most used first, by route name. The home page offers
 * them as shortcuts; a page the role may not open (or that does not apply to it) is left out there.
 */
export const HOME_TASKS: Record<Role, readonly string[]> = {
  platform_admin: ['tenants'],
  bureau_admin: ['settlements', 'bed-reports', 'dashboard', 'users', 'audit'],
  bureau_staff: ['settlements', 'bed-reports', 'dashboard', 'allowances', 'care-cards'],
  town_staff: ['settlements', 'elders', 'facilities', 'dashboard'],
  canteen_operator: ['meal-counter', 'meal-records', 'settlements', 'kitchen-orders'],
  institution_reporter: ['bed-report-form', 'bed-reports', 'institutions'],
}
