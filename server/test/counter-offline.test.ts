import {
  applySnapshot,
  counterMealSubsidy,
  mealSubsidyFor,
  nextBatch,
  nextDeviceSeq,
  snapshotExpired,
  subsidisedMealsLeft,
  type CounterSnapshot,
  type OutboxMeal,
  type SnapshotElder,
} from '@eldercare/shared'
import { describe, expect, it } from 'vitest'
import { mapSnapshotElder } from '../src/counters/counters.service.js'
import type { SnapshotElderRow } from '../src/counters/counter-snapshot.repository.js'
import { ageOn } from '../src/http/dates.js'
import { SUBSIDY_CASES } from './subsidy-cases.js'

const DAY = '2024-06-15'

/** An elder row of the age and categories of a calculator case, born the day after `DAY` so the age turns tomorrow. */
function elderRow(age: number, categories: readonly string[]): SnapshotElderRow {
  return {
    id: '00000000-0000-7000-8000-000000000001',
    name: '张三',
    nameInitials: 'zs',
    idNumberTail: '123X',
    gender: 'male',
    cardNo: null,
    birthDate: `${2024 - age - 1}-06-16`,
    status: 'active',
    deceasedOn: null,
    categories: categories.map((category) => ({ category, startOn: '2020-01-01', endOn: null })),
    delegates: [],
  }
}

describe('the subsidy on an offline counter', () => {
  for (const { name, input } of SUBSIDY_CASES) {
    it(`equals the server's for ${name}`, () => {
      const row = elderRow(input.age, input.categories)
      expect(ageOn(row.birthDate, DAY)).toBe(input.age)
      const meal = { priceFen: input.priceFen, mode: input.mode, servedOn: DAY, subsidised: input.subsidised }
      // The server: the elder's birth date and categories as stored (meal-records.service toRow).
      const server = mealSubsidyFor({ age: ageOn(row.birthDate, DAY), categories: row.categories }, meal, input.rules)
      // The device: the elder as the snapshot of that day carries them.
      const device = counterMealSubsidy(mapSnapshotElder(row, DAY), meal, input.rules)
      expect(device).toEqual(server)
    })
  }
})

const meal = (deviceSeq: number, overrides: Partial<OutboxMeal> = {}): OutboxMeal => ({
  id: `m${deviceSeq}`,
  deviceSeq,
  state: 'pending',
  elderId: 'e1',
  servedOn: DAY,
  slot: 'lunch',
  subsidyFen: 300,
  recordedAt: `${DAY}T04:00:0${deviceSeq % 10}Z`,
  ...overrides,
})

describe('the outbox', () => {
  it('sends the waiting meals oldest number first, in batches', () => {
    const outbox = [meal(3), meal(1, { state: 'synced' }), meal(5), meal(2), meal(4, { state: 'refused' }), meal(6)]
    expect(nextBatch(outbox, 2).map((m) => m.deviceSeq)).toEqual([2, 3])
    expect(nextBatch(outbox, 10).map((m) => m.deviceSeq)).toEqual([2, 3, 5, 6])
    expect(nextBatch([], 10)).toEqual([])
  })

  it('never gives a number twice, even after the outbox was emptied', () => {
    expect(nextDeviceSeq([])).toBe(1)
    expect(nextDeviceSeq([meal(1), meal(7), meal(3)])).toBe(8)
    expect(nextDeviceSeq([], 41)).toBe(42)
    expect(nextDeviceSeq([meal(5)], 41)).toBe(42)
  })
})

function snapshot(overrides: Partial<CounterSnapshot> = {}): CounterSnapshot {
  return {
    facility: { id: 'f1', name: '一号食堂', mealSlots: ['lunch'], mealModes: ['dine_in'], openedOn: '2024-01-01', closedOn: null },
    version: '100',
    full: true,
    takenAt: `${DAY}T03:00:00Z`,
    today: DAY,
    elders: [],
    elderIds: [],
    subsidyRules: [],
    mealSettings: { subsidisedMealsPerSlot: 1, backDatingDays: 3, kitchenOrderCutoff: '16:00', counterSnapshotMaxAgeDays: 7, undoWindowMinutes: 5, bureauApprovesWithoutTownReviewer: true },
    prices: [],
    subsidisedToday: [],
    ...overrides,
  }
}

const elder = (id: string, name: string): SnapshotElder => ({ ...mapSnapshotElder(elderRow(70, []), DAY), id, name })

describe('refreshing the snapshot by version', () => {
  it('updates the changed elders, keeps the others and drops those no longer served', () => {
    const held = snapshot({ elders: [elder('a', '甲'), elder('b', '乙'), elder('c', '丙')], elderIds: ['a', 'b', 'c'] })
    const changes = snapshot({ version: '200', full: false, elders: [elder('b', '乙二'), elder('d', '丁')], elderIds: ['a', 'b', 'd'] })
    const merged = applySnapshot(held, changes)
    expect(merged.version).toBe('200')
    expect(merged.full).toBe(true)
    expect(merged.elders.map((e) => `${e.id}:${e.name}`).sort()).toEqual(['a:甲', 'b:乙二', 'd:丁'])
  })

  it('takes a full snapshot as it is, and a partial one for another facility is not merged', () => {
    const held = snapshot({ elders: [elder('a', '甲')], elderIds: ['a'] })
    expect(applySnapshot(held, snapshot({ version: '300', elders: [], elderIds: [] })).elders).toEqual([])
    const other = snapshot({ facility: { ...held.facility, id: 'f2' }, full: false, elders: [elder('x', '戊')], elderIds: ['x'] })
    expect(applySnapshot(held, other).elders.map((e) => e.id)).toEqual(['x'])
    expect(applySnapshot(null, other).full).toBe(false)
  })

  it('is too old after the configured days without a refresh', () => {
    const held = snapshot({ takenAt: '2024-06-01T00:00:00Z' })
    expect(snapshotExpired(held, new Date('2024-06-08T00:00:00Z'), 7)).toBe(false)
    expect(snapshotExpired(held, new Date('2024-06-08T00:00:01Z'), 7)).toBe(true)
  })
})

describe('the subsidy cap on the device', () => {
  it('counts today’s subsidised meals in the snapshot and the device’s own since', () => {
    const held = snapshot({ subsidisedToday: [{ elderId: 'e1', slot: 'lunch', meals: 1 }], mealSettings: { ...snapshot().mealSettings, subsidisedMealsPerSlot: 2 } })
    expect(subsidisedMealsLeft(held, [], 'e1', 'lunch', DAY)).toBe(1)
    expect(subsidisedMealsLeft(held, [meal(1)], 'e1', 'lunch', DAY)).toBe(0)
    // A meal recorded before the snapshot is in its count already; an unsubsidised one takes nothing.
    expect(subsidisedMealsLeft(held, [meal(1, { recordedAt: `${DAY}T02:00:00Z` }), meal(2, { subsidyFen: 0 })], 'e1', 'lunch', DAY)).toBe(1)
    expect(subsidisedMealsLeft(held, [meal(1)], 'e1', 'dinner', DAY)).toBe(2)
    expect(subsidisedMealsLeft(held, [], 'e1', 'lunch', '2024-06-16')).toBe(2)
  })
})
