import { defineConfig } from 'vite'
import { deliveryBuild, deliveryPlugins } from './build/delivery'
import { elementIconsPerModule } from './build/icons'
import { appDefine, appPlugins } from './build/plugins'
import { pwaPlugin } from './build/pwa'

export default defineConfig({
  // The PWA is its own entry: the app's plugins are shared with the component tests, the service worker is not.
  plugins: [elementIconsPerModule(), ...appPlugins({ test: false }), pwaPlugin(), ...deliveryPlugins()],
  define: appDefine,
  optimizeDeps: {
    // Pre-bundled when the dev server starts rather than on first import, which would reload the page.
    include: ['element-plus/es', '@element-plus/icons-vue', 'vue-i18n', 'pinia', 'vue-router'],
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://127.0.0.1:3000' } },
  },
  build: {
    ...deliveryBuild,
    outDir: 'dist',
  },
})
