import { defineConfig } from 'vitest/config'
import { appDefine, appPlugins } from './build/plugins'

export default defineConfig({
  plugins: appPlugins({ test: true }),
  define: appDefine,
  test: {
    name: 'web',
    environment: 'happy-dom',
    include: ['src/**/__tests__/**/*.test.ts'],
    setupFiles: ['./vitest.setup.ts', './src/locales/__tests__/setup-english.ts'],
    // Left to Node, Element Plus would load a second copy of Vue and lose the form's provide/inject.
    server: { deps: { inline: ['element-plus'] } },
  },
})
