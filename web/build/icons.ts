import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Plugin } from 'vite'

const PACKAGE = '@element-plus/icons-vue'
const IMPORT = /import\s*\{([^}]*)\}\s*from\s*["']@element-plus\/icons-vue["'];?/g
const PREFIX = 'element-icon:'

/**
 * Each icon's code, by its exported name, out of the package's one ES module: every icon there is a
 * section of its own (`// src/components/<file>.vue`, its imports, then `var … <file>_default = …`).
 */
function iconSections(): Map<string, string> {
  const require = createRequire(import.meta.url)
  const source = readFileSync(require.resolve(PACKAGE).replace(/index\.cjs$/, 'index.js'), 'utf8')
  const exportsList = source.slice(source.lastIndexOf('export {'))
  const sections = source.slice(0, source.lastIndexOf('export {')).split(/^\/\/ src\/components\//m).slice(1)
  const byLocal = new Map<string, string>()
  for (const section of sections) {
    const local = /(\w+_default) = _sfc_main\d*;/.exec(section)?.[1]
    if (local) byLocal.set(local, `${section.slice(section.indexOf('\n') + 1)}\nexport default ${local};\n`)
  }
  const icons = new Map<string, string>()
  for (const [, local, name] of exportsList.matchAll(/(\w+_default) as (\w+)/g)) {
    const code = byLocal.get(local!)
    if (code) icons.set(name!, code)
  }
  return icons
}

/**
 * Element Plus's icons ship as one module of about 290 icons. A module lands in one chunk whole, so
 * every icon the app or Element Plus uses anywhere was in the entry chunk, about 7 KB Brotli on the
 * sign-in page. The build turns each `import { A, B } from '@element-plus/icons-vue'` into one module
 * per icon, and each page carries the icons it draws. The dev server and the tests keep the package.
 */
export function elementIconsPerModule(): Plugin {
  let icons: Map<string, string> | null = null
  return {
    name: 'eldercare:element-icons-per-module',
    apply: 'build',
    enforce: 'pre',
    transform(code, id) {
      if (id.includes('?') || !code.includes(PACKAGE)) return null
      const rewritten = code.replace(IMPORT, (_, names: string) =>
        names
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean)
          .map((name) => {
            const [imported, local = imported] = name.split(/\s+as\s+/)
            return `import ${local} from '${PREFIX}${imported}';`
          })
          .join(' '),
      )
      return rewritten === code ? null : { code: rewritten, map: null }
    },
    resolveId(id) {
      return id.startsWith(PREFIX) ? `\0${id}` : null
    },
    load(id) {
      if (!id.startsWith(`\0${PREFIX}`)) return null
      icons ??= iconSections()
      const name = id.slice(PREFIX.length + 1)
      const code = icons.get(name)
      if (!code) throw new Error(`${PACKAGE} has no icon ${name}`)
      return code
    },
  }
}
