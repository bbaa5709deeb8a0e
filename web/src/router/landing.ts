import type { Role } from '@eldercare/shared'

/**
 * Where a role starts its day after signing in. An operator's work is the counter; everyone else starts
 * on the home page, which lists what that role does.
 */
export function landingPath(role: Role): string {
  return role === 'canteen_operator' ? '/meals/counter' : '/home'
}
