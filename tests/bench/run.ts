/**
 * `pnpm bench <name>`: benchmarks that print figures and ratios against a baseline measured in the
 * same run. They are never part of the test suite's pass/fail.
 */
const benches: Record<string, () => Promise<void>> = {
  import: async () => (await import('./import-roster.js')).run(),
  meals: async () => (await import('./meals.js')).run(),
  cards: async () => (await import('./cards.js')).run(),
  indicators: async () => (await import('./indicators.js')).run(),
  checks: async () => (await import('./checks.js')).run(),
  soak: async () => (await import('./soak.js')).run(),
  web: async () => (await import('./web.js')).run(),
  sync: async () => (await import('./sync.js')).run(),
}

const name = process.argv[2]
const bench = name ? benches[name] : undefined
if (!bench) {
  console.error(`usage: pnpm bench <${Object.keys(benches).join('|')}>`)
  process.exit(2)
}
await bench()

export {}
