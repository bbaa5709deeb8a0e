import { afterDeath, afterMove, crossingMinutes, DEFAULT_CHECK_SETTINGS, delegateHeavy, distanceKm, twoPlaces, type CheckFacility, type CheckMeal, type CheckStatusRow } from '@eldercare/shared'
import { describe, expect, it } from 'vitest'

let next = 0
const meal = (overrides: Partial<CheckMeal>): CheckMeal => ({
  id: `m${String(++next).padStart(3, '0')}`,
  elderId: 'e1',
  facilityId: 'canteen',
  servedOn: '2026-03-10',
  slot: 'lunch',
  subsidyFen: 500,
  collectedByDelegateId: null,
  recordedBy: 'op1',
  recordedAt: new Date(`2026-03-10T04:00:00Z`),
  ...overrides,
})
const status = (row: Partial<CheckStatusRow> & Pick<CheckStatusRow, 'status' | 'effectiveFrom'>): CheckStatusRow => ({ institutionId: null, ...row })

describe('after_death', () => {
  const histories = new Map([['e1', [status({ status: 'deceased', effectiveFrom: '2026-03-10' })]]])

  it('flags a meal on the day of death and after, not the day before', () => {
    const before = meal({ servedOn: '2026-03-09' })
    const onTheDay = meal({ servedOn: '2026-03-10' })
    const after = meal({ servedOn: '2026-03-12' })
    const [finding, ...rest] = afterDeath(histories, [before, onTheDay, after], [])
    expect(rest).toEqual([])
    expect(finding).toMatchObject({ kind: 'after_death', elderId: 'e1', facilityId: 'canteen', mealRecordIds: [onTheDay.id, after.id], amountFen: 1000, key: `after_death:meal:${onTheDay.id}`, evidence: { deceasedOn: '2026-03-10' } })
  })

  it('flags an allowance credited on or after the date of death, per card', () => {
    const findings = afterDeath(histories, [], [
      { id: 'l1', elderId: 'e1', cardId: 'c1', creditedOn: '2026-03-01', amountFen: 5000 },
      { id: 'l2', elderId: 'e1', cardId: 'c1', creditedOn: '2026-04-01', amountFen: 5000 },
    ])
    expect(findings).toEqual([expect.objectContaining({ kind: 'after_death', ledgerEntryIds: ['l2'], mealRecordIds: [], amountFen: 5000, facilityId: null })])
  })

  it('leaves unsubsidised meals and the living alone', () => {
    expect(afterDeath(histories, [meal({ subsidyFen: 0 }), meal({ elderId: 'e2' })], [])).toEqual([])
  })

  it('finds the same key however often it runs', () => {
    const meals = [meal({ servedOn: '2026-03-11' }), meal({ servedOn: '2026-03-10' })]
    expect(afterDeath(histories, meals, [])[0]!.key).toBe(afterDeath(histories, [...meals].reverse(), [])[0]!.key)
  })
})

describe('after_move', () => {
  it('flags meals after a move away until the move back into the district', () => {
    const histories = new Map([
      ['e1', [status({ status: 'moved_away', effectiveFrom: '2026-03-05' }), status({ status: 'active', effectiveFrom: '2026-03-20' })]],
    ])
    const away = meal({ servedOn: '2026-03-05' })
    const stillAway = meal({ servedOn: '2026-03-19' })
    const back = meal({ servedOn: '2026-03-20' })
    const before = meal({ servedOn: '2026-03-04' })
    const findings = afterMove(histories, [before, away, stillAway, back])
    expect(findings).toEqual([expect.objectContaining({ kind: 'after_move', mealRecordIds: [away.id, stillAway.id], amountFen: 1000, evidence: { status: 'moved_away', effectiveFrom: '2026-03-05', institutionId: null } })])
  })

  it('flags meals while in an institution, unless the institution is the serving facility', () => {
    const histories = new Map([['e1', [status({ status: 'in_institution', effectiveFrom: '2026-03-01', institutionId: 'home' })]]])
    const atHome = meal({ facilityId: 'home' })
    const elsewhere = meal({ facilityId: 'canteen' })
    expect(afterMove(histories, [atHome, elsewhere])).toEqual([expect.objectContaining({ facilityId: 'canteen', mealRecordIds: [elsewhere.id] })])
  })

  it('groups per facility', () => {
    const histories = new Map([['e1', [status({ status: 'moved_away', effectiveFrom: '2026-03-01' })]]])
    expect(afterMove(histories, [meal({ facilityId: 'a' }), meal({ facilityId: 'b' }), meal({ facilityId: 'a', servedOn: '2026-03-11' })]).map((f) => f.mealRecordIds.length)).toEqual([2, 1])
  })
})

describe('two_places', () => {
  // Along a meridian the haversine distance is the radius times the angle: these are 29 and 31 km.
  const kmToLatitude = (km: number) => (km / 6371.0088) * (180 / Math.PI)
  const facilities = new Map([
    ['a', { id: 'a', latitude: 30, longitude: 122.1, island: null }],
    ['near', { id: 'near', latitude: 30 + kmToLatitude(29), longitude: 122.1, island: null }],
    ['far', { id: 'far', latitude: 30 + kmToLatitude(31), longitude: 122.1, island: null }],
    ['nowhere', { id: 'nowhere', latitude: null, longitude: null, island: null }],
  ])

  it('measures distances', () => {
    expect(distanceKm({ latitude: 30, longitude: 122.1 }, { latitude: 30 + kmToLatitude(29), longitude: 122.1 })).toBeCloseTo(29, 6)
  })

  it('flags facilities 31 km apart the same day, not 29 km', () => {
    const first = meal({ facilityId: 'a', recordedAt: new Date('2026-03-10T03:00:00Z') })
    const near = meal({ facilityId: 'near', slot: 'dinner', recordedAt: new Date('2026-03-10T09:00:00Z') })
    expect(twoPlaces([first, near], facilities, DEFAULT_CHECK_SETTINGS)).toEqual([])
    const far = meal({ facilityId: 'far', slot: 'dinner', recordedAt: new Date('2026-03-10T09:00:00Z') })
    expect(twoPlaces([first, far], facilities, DEFAULT_CHECK_SETTINGS)).toEqual([
      expect.objectContaining({ kind: 'two_places', key: 'two_places:e1:2026-03-10', facilityId: 'far', mealRecordIds: [far.id], amountFen: 500, evidence: { firstFacilityId: 'a', firstMealRecordIds: [first.id], distanceKm: 31 } }),
    ])
  })

  it('compares days, not weeks, and skips places without coordinates', () => {
    expect(twoPlaces([meal({ facilityId: 'a' }), meal({ facilityId: 'far', servedOn: '2026-03-11' })], facilities, DEFAULT_CHECK_SETTINGS)).toEqual([])
    expect(twoPlaces([meal({ facilityId: 'a' }), meal({ facilityId: 'nowhere' })], facilities, DEFAULT_CHECK_SETTINGS)).toEqual([])
  })

  it('takes the distance from the setting', () => {
    expect(twoPlaces([meal({ facilityId: 'a' }), meal({ facilityId: 'near', recordedAt: new Date('2026-03-10T09:00:00Z') })], facilities, { twoPlacesKm: 20 })).toHaveLength(1)
  })
})

describe('two_places across islands', () => {
  // 定海本岛 (the main island, null) and 金塘岛 are 20 km apart: under the distance rule, over the ferry's 90 minutes.
  const kmToLatitude = (km: number) => (km / 6371.0088) * (180 / Math.PI)
  const facilities = new Map<string, CheckFacility>([
    ['town', { id: 'town', latitude: 30, longitude: 122.1, island: null }],
    ['town2', { id: 'town2', latitude: 30 + kmToLatitude(5), longitude: 122.1, island: null }],
    ['jintang', { id: 'jintang', latitude: 30 + kmToLatitude(20), longitude: 122.1, island: '金塘岛' }],
    ['jintang2', { id: 'jintang2', latitude: 30 + kmToLatitude(21), longitude: 122.1, island: '金塘岛' }],
    ['cezi', { id: 'cezi', latitude: null, longitude: null, island: '册子岛' }],
  ])
  const settings = { ...DEFAULT_CHECK_SETTINGS, islandCrossings: [{ from: null, to: '金塘岛', minutes: 90 }] }
  const at = (facilityId: string, time: string, slot = 'lunch') => meal({ facilityId, slot, recordedAt: new Date(`2026-03-10T${time}:00+08:00`) })

  it('looks up a pair in either order, and nothing for one island or a pair not set', () => {
    expect(crossingMinutes(settings.islandCrossings, null, '金塘岛')).toBe(90)
    expect(crossingMinutes(settings.islandCrossings, '金塘岛', null)).toBe(90)
    expect(crossingMinutes(settings.islandCrossings, '金塘岛', '金塘岛')).toBeNull()
    expect(crossingMinutes(settings.islandCrossings, null, '册子岛')).toBeNull()
  })

  it('flags meals on two islands closer than the crossing, one minute under it, with the islands, times and minutes', () => {
    const first = at('town', '10:30')
    const second = at('jintang', '11:59', 'dinner')
    expect(twoPlaces([first, second], facilities, settings)).toEqual([
      expect.objectContaining({
        kind: 'two_places',
        key: 'two_places:e1:2026-03-10',
        facilityId: 'jintang',
        mealRecordIds: [second.id],
        amountFen: 500,
        evidence: {
          firstFacilityId: 'town',
          firstMealRecordIds: [first.id],
          islands: [null, '金塘岛'],
          recordedAt: [first.recordedAt.toISOString(), second.recordedAt.toISOString()],
          crossingMinutes: 90,
          gapMinutes: 89,
        },
      }),
    ])
  })

  it('leaves exactly the crossing time alone', () => {
    expect(twoPlaces([at('town', '10:30'), at('jintang', '12:00', 'dinner')], facilities, settings)).toEqual([])
  })

  it('leaves two places on one island alone, and a pair without a setting to the distance rule', () => {
    expect(twoPlaces([at('jintang', '10:30'), at('jintang2', '10:35', 'dinner')], facilities, settings)).toEqual([])
    expect(twoPlaces([at('town', '10:30'), at('town2', '10:31', 'dinner')], facilities, settings)).toEqual([])
    expect(twoPlaces([at('town', '10:30'), at('cezi', '10:31', 'dinner')], facilities, settings)).toEqual([])
    expect(twoPlaces([at('town', '10:30'), at('jintang', '10:31', 'dinner')], facilities, DEFAULT_CHECK_SETTINGS)).toEqual([])
  })

  it('flags the pair whichever island came first; the earlier meal stands', () => {
    const first = at('jintang', '11:00')
    const second = at('town', '11:30', 'dinner')
    // Stored in the other order: the recorded times decide.
    const [finding, ...rest] = twoPlaces([second, first], facilities, settings)
    expect(rest).toEqual([])
    expect(finding).toMatchObject({ facilityId: 'town', mealRecordIds: [second.id], evidence: { firstFacilityId: 'jintang', islands: ['金塘岛', null], crossingMinutes: 90, gapMinutes: 30 } })
  })

  it('finds a crossing between the later meals of a day, and puts distance first', () => {
    const breakfast = at('town', '07:00', 'breakfast')
    const lunch = at('town2', '11:00')
    const dinner = at('jintang', '12:00', 'dinner')
    expect(twoPlaces([breakfast, lunch, dinner], facilities, settings)[0]).toMatchObject({ facilityId: 'jintang', evidence: { firstFacilityId: 'town2', gapMinutes: 60 } })
    const far = twoPlaces([at('town', '10:30'), at('jintang', '11:00', 'dinner')], facilities, { ...settings, twoPlacesKm: 10 })
    expect(far[0]!.evidence).toEqual({ firstFacilityId: 'town', firstMealRecordIds: [expect.any(String)], distanceKm: 20 })
  })
})

describe('delegate_heavy', () => {
  const settings = { delegateShareFactor: 3, delegateMinMeals: 30 }

  it('flags a facility and an operator far above the district share, per month', () => {
    const counts = [
      { month: '2026-03', facilityId: 'a', operatorId: null, meals: 100, delegateMeals: 5 },
      { month: '2026-03', facilityId: 'b', operatorId: null, meals: 100, delegateMeals: 5 },
      { month: '2026-03', facilityId: 'c', operatorId: null, meals: 100, delegateMeals: 50 },
      { month: '2026-03', facilityId: null, operatorId: 'op-c', meals: 60, delegateMeals: 45 },
      { month: '2026-04', facilityId: 'c', operatorId: null, meals: 100, delegateMeals: 5 },
    ]
    // District share in March: 60 of 300 = 0.2; c has 0.5 (< 0.6), the operator 0.75 (> 0.6).
    expect(delegateHeavy(counts, settings).map((f) => f.key)).toEqual(['delegate_heavy:operator:op-c:2026-03'])
    expect(delegateHeavy(counts, { ...settings, delegateShareFactor: 2 }).map((f) => f.key)).toEqual(['delegate_heavy:facility:c:2026-03', 'delegate_heavy:operator:op-c:2026-03'])
  })

  it('says nothing of a facility with few meals', () => {
    const counts = [
      { month: '2026-03', facilityId: 'a', operatorId: null, meals: 1000, delegateMeals: 10 },
      { month: '2026-03', facilityId: 'small', operatorId: null, meals: 10, delegateMeals: 10 },
    ]
    expect(delegateHeavy(counts, settings)).toEqual([])
  })
})
