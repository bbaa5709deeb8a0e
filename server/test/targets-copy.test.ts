/** A new year's targets: copied from another year in one action (POST /targets/copy), never silently. */
import type { IndicatorTarget } from '@eldercare/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { as, createTestApp, seedTenant, signIn, type TestApp } from './helper.js'

let t: TestApp
let admin: ReturnType<typeof as>
let staff: ReturnType<typeof as>

beforeAll(async () => {
  t = await createTestApp()
  await seedTenant(t.app, '330913')
  admin = as(t.app, (await signIn(t.app, '330913', 'bureau_admin')).accessToken)
  staff = as(t.app, (await signIn(t.app, '330913', 'bureau_staff')).accessToken)
})
afterAll(() => t.close())

const targetsOf = async (year: number) => (await staff({ method: 'GET', url: `/api/v1/targets?year=${year}` })).json<IndicatorTarget[]>()
const copy = (payload: Record<string, unknown>) => admin({ method: 'POST', url: '/api/v1/targets/copy', payload })
const copyEvents = async () =>
  (await admin({ method: 'GET', url: '/api/v1/audit-events?pageSize=100' })).json<{ items: { action: string; entityId: string }[] }>().items.filter((event) => event.action === 'indicator_targets.copy')

const sorted = (targets: IndicatorTarget[]) => targets.map((target) => [target.key, target.comparator, target.value]).sort()

describe(`POST /targets/copy (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  it("copies last year's targets to a year without any, audited", async () => {
    await admin({ method: 'PUT', url: '/api/v1/targets', payload: { year: 2024, targets: [{ key: 'new_meal_points', comparator: 'at_least', value: 20 }] } })
    expect(await targetsOf(2025)).toEqual([])

    const copied = await copy({ fromYear: 2024, toYear: 2025 })
    expect(copied.statusCode).toBe(200)
    expect(sorted(copied.json<IndicatorTarget[]>())).toEqual(sorted(await targetsOf(2024)))
    expect(copied.json<IndicatorTarget[]>().every((target) => target.year === 2025)).toBe(true)
    expect((await targetsOf(2025)).find((target) => target.key === 'new_meal_points')).toMatchObject({ value: 20 })
    expect(await copyEvents()).toMatchObject([{ entityId: '2025' }])

    // A retry of the same copy answers the same targets and writes nothing more.
    const again = await copy({ fromYear: 2024, toYear: 2025 })
    expect(again.statusCode).toBe(200)
    expect(await copyEvents()).toHaveLength(1)
  })

  it('refuses to overwrite a year that has other targets unless told to', async () => {
    await admin({ method: 'PUT', url: '/api/v1/targets', payload: { year: 2025, targets: [{ key: 'meal_coverage_rate', comparator: 'at_least', value: 0.9 }] } })
    const before = await targetsOf(2025)

    const refused = await copy({ fromYear: 2024, toYear: 2025 })
    expect(refused.statusCode).toBe(409)
    expect(refused.json()).toMatchObject({ statusCode: 409, code: 'TARGETS_EXIST' })
    expect(await targetsOf(2025)).toEqual(before)
    expect(await copyEvents()).toHaveLength(1)

    const replaced = await copy({ fromYear: 2024, toYear: 2025, replace: true })
    expect(replaced.statusCode).toBe(200)
    expect((await targetsOf(2025)).find((target) => target.key === 'meal_coverage_rate')).toMatchObject({ value: 0.8 })
    expect(await copyEvents()).toHaveLength(2)
  })

  it('refuses an empty source, the same year, unknown fields and anyone but the bureau admin', async () => {
    expect((await copy({ fromYear: 2030, toYear: 2031 })).json()).toMatchObject({ statusCode: 400, code: 'TARGETS_SOURCE_EMPTY' })
    expect((await copy({ fromYear: 2024, toYear: 2024 })).json()).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' })
    expect((await copy({ fromYear: 2024, toYear: 2026, overwrite: true })).statusCode).toBe(400)
    expect((await copy({ fromYear: 2024, toYear: 2200 })).statusCode).toBe(400)
    expect((await staff({ method: 'POST', url: '/api/v1/targets/copy', payload: { fromYear: 2024, toYear: 2026 } })).statusCode).toBe(403)
    expect(await targetsOf(2026)).toEqual([])
    expect(await targetsOf(2031)).toEqual([])
  })
})
