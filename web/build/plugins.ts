import vue from '@vitejs/plugin-vue'
import AutoImport from 'unplugin-auto-import/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import Components from 'unplugin-vue-components/vite'
import type { PluginOption } from 'vite'

/**
 * Plugins shared by the build and the component tests, so tests see Element Plus exactly as the app does.
 * Tests render without CSS and must not rewrite the committed declaration files with a partial list.
 */
export function appPlugins(options: { test: boolean }): PluginOption[] {
  const resolver = ElementPlusResolver({ importStyle: options.test ? false : 'css' })
  return [
    vue(),
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
