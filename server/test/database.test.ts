import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createDb, driverFor, schema } from '@eldercare/db'
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { createTestDatabase } from './helper.js'

describe('driver choice', () => {
  it('uses postgres.js for postgres URLs and PGlite for everything else', () => {
    expect(driverFor('postgres://u@h:5432/db')).toBe('postgres')
    expect(driverFor('postgresql://u@h/db')).toBe('postgres')
    expect(driverFor('memory://')).toBe('pglite')
    expect(driverFor('pglite:///var/lib/eldercare')).toBe('pglite')
    expect(driverFor('./.data/pglite')).toBe('pglite')
  })
})

describe('migrations', () => {
  it(`apply on ${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'} and can run again`, async () => {
    const { handle, drop } = await createTestDatabase()
    try {
      expect(handle.driver).toBe(process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite')
      await handle.migrate()
      const rows = await handle.db.execute<{ table_name: string }>(
        sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
      )
      const tables = (Array.isArray(rows) ? rows : (rows as { rows: { table_name: string }[] }).rows).map((row) => row.table_name)
      expect(tables).toEqual(expect.arrayContaining(['audit_events', 'refresh_tokens', 'regions', 'tenants', 'user_town_scopes', 'users']))
      expect(await handle.db.select().from(schema.tenants)).toEqual([])
    } finally {
      await drop()
    }
  })

  it('keep a PGlite data folder across restarts', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'eldercare-pglite-'))
    try {
      const first = await createDb(`pglite://${dir}`)
      await first.migrate()
      await first.db.insert(schema.tenants).values({ id: '01900000-0000-7000-8000-000000000001', code: '330902', name: '定海区' })
      await first.close()
      const second = await createDb(dir)
      await second.migrate()
      expect((await second.db.select().from(schema.tenants)).map((tenant) => tenant.name)).toEqual(['定海区'])
      await second.close()
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
