import { createPinia } from 'pinia'
import { createApp } from 'vue'
import { START_LOCATION } from 'vue-router'
import { configureSession } from './api/request'
import app from './app.vue'
import { i18n, restoreLocale } from './locales'
import { router } from './router'
import { useAuthStore } from './stores/auth'
import './styles/index.css'

const pinia = createPinia()
const auth = useAuthStore(pinia)

configureSession({
  onExpired: () => {
    auth.reset()
    const current = router.currentRoute.value
    // During the first navigation the guard sends the user to sign in itself, keeping the page they asked for.
    if (current === START_LOCATION || current.meta.public) return
    void router.replace({ name: 'login', query: { redirect: current.fullPath } })
  },
  onRefreshed: (pair) => {
    auth.user = pair.user
  },
})

void restoreLocale()
  // Should another language's messages fail to arrive, the app still opens, in Chinese.
  .catch(() => undefined)
  .then(() => createApp(app).use(pinia).use(i18n).use(router).mount('#app'))

// A service worker needs a secure context (https or localhost); over plain http on a LAN the app works online only.
if ('serviceWorker' in navigator && window.isSecureContext) void import('./pwa/register').then(({ registerServiceWorker }) => registerServiceWorker())
