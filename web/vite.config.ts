import { defineConfig } from 'vite'
import { appPlugins } from './build/plugins'

export default defineConfig({
  plugins: appPlugins({ test: false }),
  define: {
    // Composition API only: dropping the legacy API keeps vue-i18n smaller.
    __VUE_I18N_LEGACY_API__: false,
    __VUE_I18N_FULL_INSTALL__: true,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
  },
})
