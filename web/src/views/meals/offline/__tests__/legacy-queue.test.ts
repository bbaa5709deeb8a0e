import { afterEach, describe, expect, it } from 'vitest'
import { CounterDatabase } from '../counter-db'
import { carryOverLegacyQueue, LEGACY_QUEUE_KEY } from '../legacy-queue'

const OPERATOR = '0190a0b0-0000-7000-8000-000000000005'
const OTHER = '0190a0b0-0000-7000-8000-000000000006'

const legacyMeal = (id: string, at: string) => ({
  request: {
    id,
    elderId: '0190a0b0-0000-7000-8000-00000000e001',
    facilityId: '0190a0b0-0000-7000-8000-0000000000f1',
    servedOn: '2024-05-20',
    slot: 'lunch',
    mode: 'dine_in',
    priceFen: 1200,
    paymentMethod: 'cash',
  },
  elderName: '张桂英',
  at,
})

let db: CounterDatabase | null = null
afterEach(async () => {
  await db?.delete()
  db = null
  localStorage.clear()
})

describe('the old localStorage queue', () => {
  it('moves every unsent meal into the outbox in the name of who recorded it, once', async () => {
    db = new CounterDatabase('legacy-queue-test')
    const a = '0190a0b0-0000-7000-8000-0000000000a1'
    const b = '0190a0b0-0000-7000-8000-0000000000a2'
    const c = '0190a0b0-0000-7000-8000-0000000000a3'
    localStorage.setItem(LEGACY_QUEUE_KEY, JSON.stringify({ [OPERATOR]: [legacyMeal(a, '2024-05-20T03:30:00.000Z'), legacyMeal(b, '2024-05-20T03:31:00.000Z')], [OTHER]: [legacyMeal(c, '2024-05-20T03:32:00.000Z')] }))

    expect(await carryOverLegacyQueue(db)).toBe(3)
    const outbox = await db.outbox.orderBy('deviceSeq').toArray()
    expect(outbox.map((meal) => [meal.id, meal.deviceSeq, meal.state, meal.request.recordedBy, meal.request.recordedAt, meal.userId])).toEqual([
      [a, 1, 'pending', OPERATOR, '2024-05-20T03:30:00.000Z', OPERATOR],
      [b, 2, 'pending', OPERATOR, '2024-05-20T03:31:00.000Z', OPERATOR],
      [c, 3, 'pending', OTHER, '2024-05-20T03:32:00.000Z', OTHER],
    ])
    expect(outbox[0]!.request).toMatchObject({ priceFen: 1200, paymentMethod: 'cash', deviceSeq: 1 })
    expect(localStorage.getItem(LEGACY_QUEUE_KEY)).toBeNull()

    // A carry-over cut short and run again adds nothing twice.
    localStorage.setItem(LEGACY_QUEUE_KEY, JSON.stringify({ [OPERATOR]: [legacyMeal(a, '2024-05-20T03:30:00.000Z')] }))
    expect(await carryOverLegacyQueue(db)).toBe(0)
    expect(await db.outbox.count()).toBe(3)
  })

  it('leaves the outbox alone when there is no old queue or it is unreadable', async () => {
    db = new CounterDatabase('legacy-queue-empty')
    expect(await carryOverLegacyQueue(db)).toBe(0)
    localStorage.setItem(LEGACY_QUEUE_KEY, '{not json')
    expect(await carryOverLegacyQueue(db)).toBe(0)
    expect(await db.outbox.count()).toBe(0)
  })
})
