import type { PluginOption } from 'vite'
import { VitePWA } from 'vite-plugin-pwa'

/**
 * The installable counter app: a service worker (Workbox) precaches the app shell, so a device that
 * signed in once opens the counter with the network off; the manifest names it in Chinese.
 *
 * A new version waits (`prompt`): it activates only when the operator agrees on the banner, never in
 * the middle of recording meals. API answers are never cached by the worker: the counter's offline
 * data lives in IndexedDB, where sign-out wipes it.
 */
export function pwaPlugin(): PluginOption {
  return VitePWA({
    registerType: 'prompt',
    injectRegister: false,
    includeAssets: ['icons/apple-touch-icon.png'],
    manifest: {
      name: '定海区养老助餐服务',
      short_name: '助餐登记',
      description: '幸福食堂、助餐点的助餐登记与管理，断网也能登记',
      lang: 'zh-CN',
      start_url: '/meals/counter',
      scope: '/',
      display: 'standalone',
      orientation: 'any',
      background_color: '#ffffff',
      theme_color: '#c4352e',
      icons: [
        { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
        { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
        { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      ],
    },
    workbox: {
      globPatterns: ['**/*.{js,css,html,png,svg,woff2}'],
      navigateFallback: '/index.html',
      navigateFallbackDenylist: [/^\/api\//],
      cleanupOutdatedCaches: true,
      maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
    },
  })
}
