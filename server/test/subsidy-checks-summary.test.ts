import type { Elder, SubsidyFindingPage, SubsidyFindingSummary } from '@eldercare/shared'
import { beforeAll, describe, expect, it } from 'vitest'
import { makeIdNumber } from './id-numbers.js'
import { useMealFixture } from './meal-fixture.js'

const f = useMealFixture()
const ISLAND_TOWN = '330902100'

const daysBefore = (days: number) => {
  const date = new Date(`${f.today}T00:00:00Z`)
  date.setUTCDate(date.getUTCDate() - days)
  return date.toISOString().slice(0, 10)
}
const summaryOf = async (as: typeof f.bureau) => {
  const response = await as({ method: 'GET', url: '/api/v1/subsidy-checks/summary?groupBy=town' })
  expect(response.statusCode, response.body).toBe(200)
  return response.json<SubsidyFindingSummary>()
}
const openQueue = async (as: typeof f.bureau, townCode: string) =>
  (await as({ method: 'GET', url: `/api/v1/subsidy-checks?status=open&townCode=${townCode}&pageSize=200` })).json<SubsidyFindingPage>()

describe('open findings by town (the dashboard panel)', () => {
  beforeAll(async () => {
    const admin = await f.signInAs('bureau_admin')
    const islander = (
      await admin({
        method: 'POST',
        url: '/api/v1/elders',
        payload: { idNumber: makeIdNumber('1942-03-03', '133'), name: '王五', communityCode: `${ISLAND_TOWN}200`, categories: [{ category: 'destitute', startOn: '2020-01-01' }] },
      })
    ).json<Elder>()
    const serve = async (elderId: string, servedOn: string) => {
      const response = await f.bureau({ method: 'POST', url: '/api/v1/meal-records', payload: f.meal({ elderId, servedOn }) })
      expect(response.statusCode, response.body).toBeLessThan(300)
    }
    const setStatus = async (elderId: string, body: Record<string, unknown>) => {
      const response = await f.bureau({ method: 'POST', url: `/api/v1/elders/${elderId}/status-history`, payload: body })
      expect(response.statusCode, response.body).toBeLessThan(300)
    }
    // Town 001: a death with two meals after it, a move away with one; the island town: a death with one meal.
    for (const day of [2, 1, 0]) await serve(f.zhang.id, daysBefore(day))
    await serve(f.li.id, daysBefore(1))
    await serve(islander.id, daysBefore(1))
    await setStatus(f.zhang.id, { status: 'deceased', effectiveFrom: daysBefore(1) })
    await setStatus(f.li.id, { status: 'moved_away', effectiveFrom: daysBefore(1) })
    await setStatus(islander.id, { status: 'deceased', effectiveFrom: daysBefore(1) })
    await f.bureau({ method: 'POST', url: '/api/v1/subsidy-checks/scan' })
  })

  it("counts each town's open findings as the queue does, by kind, with the amount at stake", async () => {
    const summary = await summaryOf(f.bureau)
    expect(summary.towns.map((town) => town.townCode)).toEqual([f.tenant.townCode, ISLAND_TOWN])
    expect(summary.towns.map((town) => town.townName)).toEqual(['测试街道', '海岛镇'])
    for (const town of summary.towns) {
      const queue = await openQueue(f.bureau, town.townCode!)
      expect(town.count).toBe(queue.total)
      expect(town.amountFen).toBe(queue.items.reduce((sum, item) => sum + item.amountFen, 0))
      expect(town.byKind.map(({ kind, count }) => ({ kind, count }))).toEqual(queue.countsByKind)
      for (const kind of town.byKind) expect(kind.amountFen).toBe(queue.items.filter((item) => item.kind === kind.kind).reduce((sum, item) => sum + item.amountFen, 0))
    }
    expect(summary.towns[0]!.byKind.map((kind) => kind.kind)).toEqual(['after_death', 'after_move'])
    expect(summary.towns[0]!.amountFen).toBeGreaterThan(0)
    const all = (await f.bureau({ method: 'GET', url: '/api/v1/subsidy-checks?status=open&pageSize=200' })).json<SubsidyFindingPage>()
    expect(summary.total).toEqual({ count: all.total, amountFen: all.items.reduce((sum, item) => sum + item.amountFen, 0) })
  })

  it('leaves out a finding once it is dismissed', async () => {
    const before = await summaryOf(f.bureau)
    const [finding] = (await openQueue(f.bureau, ISLAND_TOWN)).items
    const dismissed = await f.bureau({ method: 'POST', url: `/api/v1/subsidy-checks/${finding!.id}/dismiss`, payload: { reason: '核实为误报' } })
    expect(dismissed.statusCode, dismissed.body).toBe(200)
    const after = await summaryOf(f.bureau)
    expect(after.total).toEqual({ count: before.total.count - 1, amountFen: before.total.amountFen - finding!.amountFen })
    expect(after.towns.map((town) => town.townCode)).toEqual([f.tenant.townCode])
  })

  it('shows town staff their town only, and refuses other roles and other queries', async () => {
    const town = await f.signInAs('town_staff')
    const summary = await summaryOf(town)
    expect(summary.towns.map((row) => row.townCode)).toEqual([f.tenant.townCode])
    expect(summary.towns[0]!.count).toBe((await openQueue(town, f.tenant.townCode)).total)
    expect(summary.total.count).toBe(summary.towns[0]!.count)

    expect((await f.operator({ method: 'GET', url: '/api/v1/subsidy-checks/summary?groupBy=town' })).statusCode).toBe(403)
    for (const query of ['', '?groupBy=kind', '?groupBy=town&townCode=330902100', '?groupBy=town&asOf=2026-01-01']) {
      expect((await f.bureau({ method: 'GET', url: `/api/v1/subsidy-checks/summary${query}` })).statusCode, query).toBe(400)
    }
  })
})
