import type { Router } from 'vue-router'
import { isNetworkError } from '../api/api-error'
import { hasSession } from '../api/session'
import { loadPageMessages } from '../locales'
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
    // Every page past sign-in may use any domain's texts: Chinese beyond the sign-in page's is fetched
    // now, beside the user. Should it fail to arrive the page still opens, with keys for the texts it lacks.
    const messages = loadPageMessages().catch(() => undefined)
    let user = auth.user
    if (!user) {
      try {
        user = await auth.fetchMe()
      } catch (error) {
        // Offline, a counter opens for the operator signed in last on this device; the server checks at sync.
        // The device store (Dexie) is fetched here only, not with every page's first load.
        const remembered = isNetworkError(error) ? await import('../views/meals/offline/counter-db').then((db) => db.offlineUser()).catch(() => null) : null
        if (!remembered) {
          auth.reset()
          return toLogin
        }
        auth.user = remembered
        user = remembered
      }
    }
    await messages
    // A temporary password must go before anything else can be opened.
    if (user.mustChangePassword) return to.name === 'change-password' ? true : { name: 'change-password' }
    // The bare address (after sign-in, or typed) opens the role's own start page.
    if (to.path === '/') return { path: landingPath(user.role), replace: true }
    if (!auth.hasRole(to.meta.roles)) return { name: 'forbidden' }
    return true
  })
}
