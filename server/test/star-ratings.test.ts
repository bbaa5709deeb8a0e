import type { Facility, Institution, InstitutionFigures, StarRating } from '@eldercare/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { shanghaiToday } from '../src/http/dates.js'
import { addDays } from '../src/http/dates.js'
import { as, createTestApp, seedTenant, signIn, type SeededTenant, type TestApp } from './helper.js'

let t: TestApp
let home: SeededTenant
let bureau: ReturnType<typeof as>
let reporter: ReturnType<typeof as>
const today = shanghaiToday()

async function institution(name: string): Promise<Facility> {
  const response = await bureau({
    method: 'POST',
    url: '/api/v1/facilities',
    payload: { name, type: 'institution', communityCode: '330902001001', address: '养老路1号', openedOn: '2015-01-01' },
  })
  expect(response.statusCode, response.body).toBe(201)
  return response.json<Facility>()
}

/** Scores adding up to `total`, service filled first. */
function scores(total: number) {
  const service = Math.min(600, total)
  const management = Math.min(150, total - service)
  const facilities = Math.min(130, total - service - management)
  return { service, management, facilities, environment: total - service - management - facilities }
}

async function rate(facilityId: string, total: number, assessedOn = today, extra: Record<string, unknown> = {}) {
  return bureau({ method: 'POST', url: '/api/v1/star-ratings', payload: { facilityId, assessedOn, assessors: ['王评审', '李评审'], scores: scores(total), ...extra } })
}

beforeAll(async () => {
  t = await createTestApp()
  home = await seedTenant(t.app, '330902')
  bureau = as(t.app, (await signIn(t.app, '330902', 'bureau_staff')).accessToken)
})
afterAll(() => t.close())

describe('star ratings', () => {
  it('take their grade from the thresholds, at each boundary (first ratings uncapped for this test)', async () => {
    const admin = as(t.app, (await signIn(t.app, '330902', 'bureau_admin')).accessToken)
    const settings = (await admin({ method: 'GET', url: '/api/v1/institution-settings' })).json()
    expect(settings.gradeThresholds).toEqual([100, 250, 400, 550, 700])
    await admin({ method: 'PUT', url: '/api/v1/institution-settings', payload: { ...settings, firstRatingMaxGrade: null } })
    const expected: [number, number | null][] = [
      [99, null],
      [100, 1],
      [249, 1],
      [250, 2],
      [399, 2],
      [400, 3],
      [549, 3],
      [550, 4],
      [699, 4],
      [700, 5],
      [1000, 5],
    ]
    for (const [total, grade] of expected) {
      const facility = await institution(`评分${total}养老院`)
      const response = await rate(facility.id, total)
      expect(response.statusCode, response.body).toBe(201)
      expect(response.json<StarRating>(), `total ${total}`).toMatchObject({ totalScore: total, scoredGrade: grade, grade, capped: false, firstRating: true })
    }
    await admin({ method: 'PUT', url: '/api/v1/institution-settings', payload: settings })
  })

  it('cap a first rating at the configured grade, but not a later one', async () => {
    const facility = await institution('首评养老院')
    const first = (await rate(facility.id, 900, '2023-05-10')).json<StarRating>()
    expect(first).toMatchObject({ scoredGrade: 5, grade: 3, capped: true, firstRating: true, validUntil: '2026-05-09' })
    expect(first.sectionScores.map((s) => [s.name, s.maxPoints])).toEqual([
      ['环境', 120],
      ['设施设备', 130],
      ['运营管理', 150],
      ['服务', 600],
    ])
    const second = (await rate(facility.id, 900, today)).json<StarRating>()
    expect(second).toMatchObject({ scoredGrade: 5, grade: 5, capped: false, firstRating: false })
  })

  it('refuse a score above its section’s points, a missing or unknown section and a future date, naming the field', async () => {
    const facility = await institution('错分养老院')
    const over = await bureau({ method: 'POST', url: '/api/v1/star-ratings', payload: { facilityId: facility.id, assessedOn: today, assessors: ['王'], scores: { ...scores(500), environment: 121 } } })
    expect(over.json()).toMatchObject({ statusCode: 400, code: 'STAR_RATING_INVALID', details: [{ path: '/body/scores/environment' }] })
    const { service: _service, ...missing } = scores(100)
    const gaps = await bureau({ method: 'POST', url: '/api/v1/star-ratings', payload: { facilityId: facility.id, assessedOn: today, assessors: ['王'], scores: { ...missing, hygiene: 3 } } })
    expect(gaps.json().details.map((d: { path: string }) => d.path).sort()).toEqual(['/body/scores/hygiene', '/body/scores/service'])
    const future = await rate(facility.id, 500, addDays(today, 1))
    expect(future.json()).toMatchObject({ code: 'STAR_RATING_INVALID', details: [{ path: '/body/assessedOn' }] })
    expect((await bureau({ method: 'GET', url: `/api/v1/star-ratings?facilityId=${facility.id}` })).json().total).toBe(0)
  })

  it('no longer count once expired: current grade, figures and expiring list', async () => {
    const expired = await institution('过期养老院')
    const expiring = await institution('将到期养老院')
    await rate(expired.id, 800, '2019-01-01')
    await rate(expiring.id, 800, '2022-01-01', { validUntil: addDays(today, 30) })
    const list = (await bureau({ method: 'GET', url: `/api/v1/institutions?q=${encodeURIComponent('期养老院')}&pageSize=50` })).json<{ items: Institution[] }>().items
    expect(list.find((i) => i.id === expired.id)!.currentRating).toBeNull()
    expect(list.find((i) => i.id === expiring.id)!.currentRating).toMatchObject({ grade: 3 })
    const soon = (await bureau({ method: 'GET', url: '/api/v1/star-ratings?expiringWithinDays=90' })).json<{ items: StarRating[] }>().items
    expect(soon.map((r) => r.facilityName)).toEqual(['将到期养老院'])
    const all = (await bureau({ method: 'GET', url: `/api/v1/star-ratings?facilityId=${expired.id}` })).json<{ items: StarRating[] }>().items
    expect(all).toMatchObject([{ expired: true, grade: 3 }])
    const figures = (await bureau({ method: 'GET', url: '/api/v1/institutions/figures' })).json<InstitutionFigures>()
    // 11 threshold institutions (10 graded), 首评 (5 now), 错分 (none), 过期 (expired), 将到期 (3).
    expect(figures.institutions).toBe(15)
    expect(figures.ratings.byGrade).toEqual([2, 2, 3, 2, 3])
    expect(figures.ratings.unrated).toBe(3)
    expect(figures.ratings.threeStarsOrMore).toEqual({ numerator: 8, denominator: 15, value: 8 / 15 })
  })

  it('are recorded by the bureau only and seen by reporters for their institutions', async () => {
    const own = await institution('填报员养老院')
    await rate(own.id, 450)
    const admin = as(t.app, (await signIn(t.app, '330902', 'bureau_admin')).accessToken)
    await admin({ method: 'PATCH', url: `/api/v1/users/${home.users.institution_reporter}`, payload: { facilityIds: [own.id] } })
    reporter = as(t.app, (await signIn(t.app, '330902', 'institution_reporter')).accessToken)
    expect((await reporter({ method: 'POST', url: '/api/v1/star-ratings', payload: { facilityId: own.id, assessedOn: today, assessors: ['我'], scores: scores(999) } })).statusCode).toBe(403)
    const seen = (await reporter({ method: 'GET', url: '/api/v1/star-ratings' })).json<{ items: StarRating[] }>().items
    expect(seen.map((r) => r.facilityName)).toEqual(['填报员养老院'])
  })
})
