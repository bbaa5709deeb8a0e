import type { BuildEnvironmentOptions, PluginOption } from 'vite'
import { compression } from 'vite-plugin-compression2'

/**
 * How the build is delivered over slow island links: a Brotli (`.br`) and a gzip (`.gz`) file beside
 * every script, stylesheet and page, at the highest settings (once, at build time), for the server to
 * send by the browser's Accept-Encoding (server/src/plugins/web-app.ts). A file that would not shrink
 * gets none.
 */
export function deliveryPlugins(): PluginOption[] {
  return [compression({ algorithms: ['brotliCompress', 'gzip'] })]
}

/** Libraries that change together, each a chunk of its own: cached across releases that leave them alone. */
const VENDOR_CHUNKS: [chunk: string, packages: RegExp][] = [
  ['vue', /\/node_modules\/(@vue\/[^/]+|vue|vue-router|pinia)\//],
  ['vue-i18n', /\/node_modules\/(@intlify\/[^/]+|vue-i18n)\//],
  // ECharts is loaded only where a chart is drawn: its renderer (zrender, with its tslib), then its
  // core with the chart types and components the app installs. That second chunk is about 390 KB:
  // split further, its modules import each other across chunks, and the cycle breaks ECharts' class
  // hierarchy at load ("Class extends value undefined").
  ['zrender', /\/node_modules\/(zrender|tslib)\//],
  ['echarts', /\/node_modules\/(echarts|vue-echarts)\//],
]

/**
 * Chunking: pages are split by route (every route's component is a dynamic import), and the large
 * libraries apart from the app's code, so no chunk but ECharts' is over 250 KB before compression
 * (`pnpm bench web` measures what each page then loads).
 */
export const deliveryBuild: BuildEnvironmentOptions = {
  // ECharts' chunk (above) is the one known to pass it.
  chunkSizeWarningLimit: 400,
  rollupOptions: {
    output: {
      manualChunks: (id) => VENDOR_CHUNKS.find(([, packages]) => packages.test(id))?.[0],
    },
  },
}
