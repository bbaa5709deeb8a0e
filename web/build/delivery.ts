import type { PluginOption } from 'vite'
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
