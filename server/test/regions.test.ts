import { readFile } from 'node:fs/promises'
import type { Region, RegionImportResult } from '@eldercare/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { uuidv7 } from '@eldercare/db'
import { hashPassword } from '../src/auth/passwords.js'
import { as, createTestApp, signIn, type TestApp } from './helper.js'

const DINGHAI_CSV = await readFile(new URL('../src/demo/dinghai-regions.csv', import.meta.url), 'utf8')

let t: TestApp
let admin: ReturnType<typeof as>

/** An empty tenant 定海区 with only a bureau admin: the regions come from the import under test. */
beforeAll(async () => {
  t = await createTestApp()
  const tenantId = uuidv7()
  await t.app.tenantsRepository.insert({ id: tenantId, code: '330902', name: '定海区' })
  await t.app.usersRepository.insert({
    tenantId,
    id: uuidv7(),
    username: 'bureau_admin',
    displayName: '管理员',
    role: 'bureau_admin',
    passwordHash: await hashPassword('Admin#2024'),
  })
  admin = as(t.app, (await signIn(t.app, '330902', 'bureau_admin', 'Admin#2024')).accessToken)
})
afterAll(() => t.close())

const importCsv = (csv: string) =>
  admin({ method: 'POST', url: '/api/v1/regions/import', payload: csv, headers: { 'content-type': 'text/csv' } })
const regions = async (query = '') => (await admin({ method: 'GET', url: `/api/v1/regions${query}` })).json<{ items: Region[]; total: number }>()

describe('region import', () => {
  it('refuses a malformed file with line numbers and writes nothing', async () => {
    const lines = DINGHAI_CSV.trim().split('\n')
    lines[5] = lines[5]!.replace(',town,', ',township,') // line 6
    lines[40] = lines[40]!.replace(/^(\d+),/, '$1X,') // line 41
    const response = await importCsv(lines.join('\n'))
    expect(response.statusCode).toBe(400)
    const body = response.json()
    expect(body.code).toBe('REGION_IMPORT_INVALID')
    expect(body.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ line: 6, path: 'level' }), expect.objectContaining({ line: 41, path: 'code' })]),
    )
    expect((await regions()).total).toBe(0)
  })

  it('refuses a file without the expected columns or for another district', async () => {
    expect((await importCsv('code;name\n1;2')).json()).toMatchObject({ code: 'REGION_IMPORT_INVALID' })
    const otherDistrict = DINGHAI_CSV.replace('330902,定海区,district', '330903,普陀区,district')
    expect((await importCsv(otherDistrict)).json()).toMatchObject({
      code: 'REGION_IMPORT_INVALID',
      details: [expect.objectContaining({ line: 2, path: 'code' })],
    })
    expect((await regions()).total).toBe(0)
  })

  it('imports the real Dinghai list: 13 towns and 169 communities', async () => {
    const response = await importCsv(DINGHAI_CSV)
    expect(response.statusCode).toBe(200)
    expect(response.json<RegionImportResult>()).toEqual({ towns: 13, communities: 169, created: 182, updated: 0 })
    expect((await regions('?level=town')).total).toBe(13)
    expect((await regions('?level=community')).total).toBe(169)
    const changguo = await regions('?parentCode=330902002')
    expect(changguo.items[0]).toMatchObject({ code: '330902002001', name: '西安社区居委会', kind: 'community', urbanRural: 'urban', island: null })
    const jintang = (await regions('?level=town')).items.find((town) => town.code === '330902100')
    expect(jintang).toMatchObject({ name: '金塘镇', kind: 'town', urbanRural: 'rural', island: '金塘岛' })
  })

  it('keeps names outside the Basic Multilingual Plane exactly (干𬒗镇)', async () => {
    const official = DINGHAI_CSV.replace('330902105,干览镇', '330902105,干𬒗镇')
    const response = await importCsv(official)
    expect(response.json()).toMatchObject({ created: 0, updated: 182 })
    const town = (await regions('?level=town')).items.find((region) => region.code === '330902105')
    expect(town!.name).toBe('干𬒗镇')
    expect([...town!.name].length).toBe(3)
    expect(town!.name.codePointAt(1)).toBe(0x2c497)
  })

  it('lets the bureau edit kind, urban/rural and island, audited, and a re-import keeps the island', async () => {
    const response = await admin({
      method: 'PATCH',
      url: '/api/v1/regions/330902002200',
      payload: { island: '长白岛', urbanRural: 'rural' },
    })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ code: '330902002200', island: '长白岛', urbanRural: 'rural' })

    await importCsv(DINGHAI_CSV)
    const region = (await regions('?parentCode=330902002')).items.find((row) => row.code === '330902002200')
    expect(region).toMatchObject({ island: '长白岛', urbanRural: 'rural' })

    const events = (await admin({ method: 'GET', url: '/api/v1/audit-events?entityType=region&action=region.update' })).json()
    // 茅岭 is a village, rural already: only the island changed.
    expect(events.items[0].changes).toEqual({ island: { from: null, to: '长白岛' } })
  })

  it('refuses a kind that does not fit the level and unknown codes', async () => {
    const wrongKind = await admin({ method: 'PATCH', url: '/api/v1/regions/330902002', payload: { kind: 'village' } })
    expect(wrongKind.json()).toMatchObject({ statusCode: 400, code: 'REGION_CODE_INVALID' })
    expect((await regions('?level=town')).items.find((town) => town.code === '330902002')!.kind).toBe('subdistrict')
    const unknown = await admin({ method: 'PATCH', url: '/api/v1/regions/330902999', payload: { island: '某岛' } })
    expect(unknown.json()).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' })
    const empty = await admin({ method: 'PATCH', url: '/api/v1/regions/330902002', payload: {} })
    expect(empty.json()).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' })
  })
})
