import type { Router } from 'vue-router'
import { hasSession } from '../api/session'
import { useAuthStore } from '../stores/auth'
import { landingPath } from './landing'

export function installGuard(router: Router): void {
  router.beforeEach(async (to) => {
    const auth = useAuthStore()
    if (to.meta.public) {
      return to.name === 'login' && auth.isSignedIn ? { path: '/' } : true
    }
    const toLogin = { name: 'login', query: { redirect: to.fullPath } }
    if (!hasSession()) return toLogin
    let user = auth.user
    if (!user) {
      try {
        user = await auth.fetchMe()
      } catch {
        auth.reset()
        return toLogin
      }
    }
    // A temporary password must go before anything else can be opened.
    if (user.mustChangePassword) return to.name === 'change-password' ? true : { name: 'change-password' }
    // The bare address (after sign-in, or typed) opens the role's own start page.
    if (to.path === '/') return { path: landingPath(user.role), replace: true }
    if (!auth.hasRole(to.meta.roles)) return { name: 'forbidden' }
    return true
  })
}
