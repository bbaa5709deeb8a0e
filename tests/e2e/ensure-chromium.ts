/** `pnpm test:e2e` runs this first, so a missing browser stops the run before the build. */
import { ensureChromium } from './support/chromium.js'

try {
  ensureChromium()
} catch (error) {
  console.error(`\n${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
}
