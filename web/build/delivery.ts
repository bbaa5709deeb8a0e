import type { BuildEnvironmentOptions, PluginOption, Rollup } from 'vite'
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
  // ECharts is loaded only where a chart is drawn: its renderer (zrender, with its tslib), then ECharts
  // itself in two chunks (below, echartsChunk).
  ['zrender', /\/node_modules\/(zrender|tslib)\//],
]

const ECHARTS = /\/node_modules\/(echarts|vue-echarts)\//
const ECHARTS_CORE_ENTRY = /\/node_modules\/echarts\/core\.js$/
let echartsCore: Set<string> | null = null

/**
 * ECharts is about 390 KB minified, over the 250 KB a chunk may be. It is cut where no import crosses
 * back: `echarts-core` is everything `echarts/core` imports, however deep (about 225 KB); `echarts`
 * the chart types and components the app installs, and vue-echarts (about 170 KB), which import the
 * core but never the other way. A cut anywhere else leaves the two chunks importing each other, and
 * the cycle breaks ECharts' class hierarchy at load ("Class extends value undefined").
 */
function echartsChunk(id: string, meta: Rollup.ManualChunkMeta): string | undefined {
  if (!ECHARTS.test(id)) return undefined
  if (!echartsCore) {
    const core = new Set<string>()
    const visit = (module: string) => {
      if (core.has(module) || !ECHARTS.test(module)) return
      core.add(module)
      meta.getModuleInfo(module)?.importedIds.forEach(visit)
    }
    const entry = [...meta.getModuleIds()].find((module) => ECHARTS_CORE_ENTRY.test(module))
    if (entry) visit(entry)
    echartsCore = core
  }
  return echartsCore.has(id) ? 'echarts-core' : 'echarts'
}

/**
 * Chunking: pages are split by route (every route's component is a dynamic import), and the large
 * libraries apart from the app's code, so no chunk is over 250 KB before compression (the build
 * warns otherwise; `pnpm bench web` measures what each page then loads).
 */
export const deliveryBuild: BuildEnvironmentOptions = {
  chunkSizeWarningLimit: 250,
  rollupOptions: {
    output: {
      manualChunks: (id, meta) => VENDOR_CHUNKS.find(([, packages]) => packages.test(id))?.[0] ?? echartsChunk(id, meta),
    },
  },
}
