import { defineConfig } from 'vitest/config'
import { appPlugins } from './build/plugins'

export default defineConfig({
  plugins: appPlugins({ test: true }),
  define: {
    __VUE_I18N_LEGACY_API__: false,
    __VUE_I18N_FULL_INSTALL__: true,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  test: {
    name: 'web',
    environment: 'happy-dom',
    include: ['src/**/__tests__/**/*.test.ts'],
    // Element Plus ships ESM that Node cannot load directly; let Vite transform it.
    server: { deps: { inline: ['element-plus'] } },
  },
})
