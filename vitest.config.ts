import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: ['./server/vitest.config.ts', './tests/vitest.config.ts', './web/vitest.config.ts'],
  },
})
