import vue from '@vitejs/plugin-vue'
import AutoImport from 'unplugin-auto-import/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import Components from 'unplugin-vue-components/vite'
import type { PluginOption } from 'vite'

/** Compile-time flags of vue-i18n: Composition API only, no message compiler, which keeps the bundle smaller. */
export const appDefine = {
  __VUE_I18N_LEGACY_API__: false,
  __VUE_I18N_FULL_INSTALL__: true,
  __INTLIFY_PROD_DEVTOOLS__: false,
  // The app compiles its texts itself (src/locales/compile-message.ts): vue-i18n's compiler stays out.
  __INTLIFY_DROP_MESSAGE_COMPILER__: true,
}

/**
 * Plugins shared by the build and the component tests, so tests see Element Plus exactly as the app does.
 * Tests render without CSS and must not rewrite the committed declaration files with a partial list.
 */
export function appPlugins(options: { test: boolean }): PluginOption[] {
  const resolver = ElementPlusResolver({ importStyle: options.test ? false : 'css' })
  return [
    // No component of the app's or its libraries' uses the Options API (data, methods): Vue leaves it out.
    vue({ features: { optionsAPI: false } }),
    AutoImport({
      resolvers: [resolver],
      dts: options.test ? false : 'src/types/auto-imports.d.ts',
    }),
    Components({
      resolvers: [resolver],
      dirs: [],
      dts: options.test ? false : 'src/types/components.d.ts',
    }),
  ]
}
