import { parseArgs } from 'node:util'
import { generateLoad } from './load-generator.js'

/**
 * `DATABASE_URL=postgres://… pnpm db:generate-load [--scale 1] [--year YYYY] [--fresh]`: fills a PostgreSQL
 * database of its own with a province-sized year for `pnpm bench indicators`.
 */
const { values } = parseArgs({
  options: { scale: { type: 'string', default: '1' }, year: { type: 'string' }, fresh: { type: 'boolean', default: false } },
  allowPositionals: true,
})
const url = process.env.DATABASE_URL
const scale = Number(values.scale)
const year = Number(values.year ?? new Date().getUTCFullYear() - 1)
if (!url || !(scale > 0 && scale <= 10) || !Number.isInteger(year) || year < 2001 || year > 2099) {
  console.error('usage: DATABASE_URL=postgres://… pnpm db:generate-load [--scale 1] [--year YYYY] [--fresh]')
  console.error('  PostgreSQL only, a database of its own; --scale 0.01 for a quick check (1 = 10 million meals)')
  process.exit(2)
}
await generateLoad(url, { scale, year, fresh: values.fresh })
