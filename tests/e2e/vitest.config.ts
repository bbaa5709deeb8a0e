import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

/**
 * The end-to-end journeys, run by `pnpm test:e2e` after `pnpm build`; not a project of the root
 * config, because `pnpm test` runs those twice (PGlite, then PostgreSQL). One server for the run,
 * one journey at a time.
 */
export default defineConfig({
  test: {
    name: 'e2e',
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['journeys/*.test.ts'],
    environment: 'node',
    globalSetup: ['./global-setup.ts'],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
    retry: 0,
  },
})
