import { registerSW } from 'virtual:pwa-register'
import { offerUpdate } from './app-update'

/**
 * Registers the service worker. A new version is never activated by itself: it waits for the
 * operator, who may be in the middle of a lunch queue (see the update banner).
 */
export function registerServiceWorker(): void {
  const update = registerSW({
    immediate: true,
    onNeedRefresh: () => offerUpdate(() => update(true)),
  })
}
