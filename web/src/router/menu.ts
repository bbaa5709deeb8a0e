import type { RouteRecordRaw } from 'vue-router'
import { useAuthStore } from '../stores/auth'
import { layoutRoutes } from './routes'

/** Whether the signed-in user may open a page and it concerns them (its `applies`, when it has one). */
export function offeredTo(route: RouteRecordRaw): boolean {
  const auth = useAuthStore()
  // Until a temporary password is replaced nothing else opens, so nothing else is offered.
  if (auth.user?.mustChangePassword) return false
  return auth.hasRole(route.meta?.roles) && (route.meta?.applies?.() ?? true)
}

/** The side menu's entries for the signed-in user, in menu order. */
export function menuRoutes(): RouteRecordRaw[] {
  return layoutRoutes.filter((route) => !route.meta?.hideInMenu && offeredTo(route))
}
