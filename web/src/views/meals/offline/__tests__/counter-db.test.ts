import type { CounterSnapshot, CurrentUser, MealSyncRecord } from '@eldercare/shared'
import { afterEach, describe, expect, it } from 'vitest'
import { addToOutbox, CounterDatabase, deviceId, offlineUser, rememberOfflineUser, wipeAtSignOut } from '../counter-db'
import { searchSnapshot } from '../use-counter-snapshot'

let opened: CounterDatabase[] = []
function open(name: string): CounterDatabase {
  const db = new CounterDatabase(name)
  opened.push(db)
  return db
}

afterEach(async () => {
  for (const db of opened) await db.delete()
  opened = []
})

const request = (id: string): Omit<MealSyncRecord, 'deviceSeq'> => ({
  id,
  elderId: '0190a0b0-0000-7000-8000-00000000e001',
  facilityId: '0190a0b0-0000-7000-8000-0000000000f1',
  servedOn: '2024-05-20',
  slot: 'lunch',
  mode: 'dine_in',
  priceFen: 1200,
  paymentMethod: 'cash',
  recordedBy: '0190a0b0-0000-7000-8000-000000000005',
  recordedAt: '2024-05-20T03:30:00.000Z',
})

function meal(id: string) {
  return { id, state: 'pending' as const, elderId: 'e', servedOn: '2024-05-20', slot: 'lunch' as const, subsidyFen: 500, recordedAt: '2024-05-20T03:30:00.000Z', request: request(id), elderName: '张桂英', userId: 'u', record: null, error: null }
}

describe('the counter’s outbox on the device', () => {
  it('numbers meals 1, 2, 3 … and keeps them and the device id through a reload', async () => {
    const db = open('outbox-reload')
    const device = await deviceId(db)
    const first = await addToOutbox(meal('m1'), db)
    const second = await addToOutbox(meal('m2'), db)
    expect([first.deviceSeq, second.deviceSeq]).toEqual([1, 2])
    expect(second.request.deviceSeq).toBe(2)
    db.close()

    const reloaded = open('outbox-reload')
    expect(await deviceId(reloaded)).toBe(device)
    expect((await reloaded.outbox.orderBy('deviceSeq').toArray()).map((row) => row.id)).toEqual(['m1', 'm2'])
    // Emptied, the outbox still never gives a number twice.
    await reloaded.outbox.clear()
    expect((await addToOutbox(meal('m3'), reloaded)).deviceSeq).toBe(3)
  })

  it('forgets the roster and the offline sign-in at sign-out, never the meals still to send', async () => {
    const db = open('outbox-signout')
    await addToOutbox(meal('m1'), db)
    await db.snapshots.put({ facilityId: 'f', snapshot: {} as CounterSnapshot })
    await rememberOfflineUser({ id: 'u' } as CurrentUser, db)
    await wipeAtSignOut(db)
    expect(await db.snapshots.count()).toBe(0)
    expect(await offlineUser(db)).toBeNull()
    expect(await db.outbox.count()).toBe(1)
  })
})

describe('the offline search', () => {
  const elder = (id: string, name: string, nameInitials: string, idNumberTail: string, cardNo: string | null, status: 'active' | 'deceased' = 'active') => ({
    id,
    name,
    nameInitials,
    idNumberTail,
    gender: 'female' as const,
    cardNo,
    birthYear: 1940,
    age: 84,
    status,
    deceasedOn: null,
    categories: [],
    delegates: [],
  })
  const snapshot = {
    elders: [elder('a', '张桂英', 'zgy', '4235', '33090287654321'), elder('b', '周爱国', 'zag', '100X', null), elder('c', '张三', 'zs', '1111', null, 'deceased')],
  } as unknown as CounterSnapshot
  const ids = (q: string) => searchSnapshot(snapshot, q, 8).map((item) => item.id)

  it('finds by name, pinyin initials, the last four of the 身份证号 and a scanned card number', () => {
    expect(ids('张')).toEqual(['a'])
    expect(ids('ZG')).toEqual(['a'])
    expect(ids('z')).toEqual(['a', 'b'])
    expect(ids('100x')).toEqual(['b'])
    expect(ids('33090287654321')).toEqual(['a'])
    expect(ids('')).toEqual([])
  })

  it('shows the card with no more of the 身份证号 than its tail', () => {
    expect(searchSnapshot(snapshot, '周', 8)[0]).toMatchObject({ name: '周爱国', idNumberMasked: '**************100X', phoneMasked: null, advancedAge: true })
  })
})
