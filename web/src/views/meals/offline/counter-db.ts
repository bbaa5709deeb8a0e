import type { CounterSnapshot, CurrentUser, MealRecord, MealSyncRecord, OutboxMeal } from '@eldercare/shared'
import Dexie, { type EntityTable } from 'dexie'

/**
 * A meal in this device's outbox: what will be sent, and what the server answered. Kept until the
 * day is over, so the counter can list what is still to collect (需补收) or was refused.
 */
export interface StoredOutboxMeal extends OutboxMeal {
  request: MealSyncRecord
  elderName: string
  /** The signed-in user when it was recorded: meals are sent in this user's name. */
  userId: string
  record: MealRecord | null
  error: { code: string; message: string } | null
}

/** The snapshot of one facility, as the device last refreshed it. */
export interface StoredSnapshot {
  facilityId: string
  snapshot: CounterSnapshot
}

interface DeviceRow {
  key: 'device'
  deviceId: string
  /** The highest number this device ever gave a meal, so numbers never repeat after the outbox empties. */
  lastSeq: number
}

/** The user the counter may open for without the server, after one online sign-in on this device. */
interface OfflineUserRow {
  key: 'user'
  user: CurrentUser
}

/**
 * The counter's store on the device (IndexedDB through Dexie): it survives a reload, a crash and a
 * day offline. The outbox is never wiped at sign-out: those meals were served and must reach the server.
 */
export class CounterDatabase extends Dexie {
  outbox!: EntityTable<StoredOutboxMeal, 'id'>
  snapshots!: EntityTable<StoredSnapshot, 'facilityId'>
  device!: EntityTable<DeviceRow, 'key'>
  session!: EntityTable<OfflineUserRow, 'key'>

  constructor(name = 'eldercare-counter') {
    super(name)
    this.version(1).stores({
      outbox: 'id, deviceSeq, state, servedOn',
      snapshots: 'facilityId',
      device: 'key',
      session: 'key',
    })
  }
}

let database: CounterDatabase | null = null

export function counterDb(): CounterDatabase {
  database ??= new CounterDatabase()
  return database
}

function newDeviceId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  bytes[6] = (bytes[6]! & 0x0f) | 0x40
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/** This device's id, made on first use and kept. */
export async function deviceId(db = counterDb()): Promise<string> {
  return db.transaction('rw', db.device, async () => {
    const row = await db.device.get('device')
    if (row) return row.deviceId
    const made: DeviceRow = { key: 'device', deviceId: newDeviceId(), lastSeq: 0 }
    await db.device.put(made)
    return made.deviceId
  })
}

/** Adds a meal to the outbox under the next device number, in one transaction so two tabs never share a number. */
export async function addToOutbox(meal: Omit<StoredOutboxMeal, 'deviceSeq' | 'request'> & { request: Omit<MealSyncRecord, 'deviceSeq'> }, db = counterDb()): Promise<StoredOutboxMeal> {
  return db.transaction('rw', db.device, db.outbox, async () => {
    const device = (await db.device.get('device')) ?? { key: 'device' as const, deviceId: newDeviceId(), lastSeq: 0 }
    const deviceSeq = device.lastSeq + 1
    const stored: StoredOutboxMeal = { ...meal, deviceSeq, request: { ...meal.request, deviceSeq } }
    await db.device.put({ ...device, lastSeq: deviceSeq })
    await db.outbox.add(stored)
    return stored
  })
}

export async function rememberOfflineUser(user: CurrentUser, db = counterDb()): Promise<void> {
  await db.session.put({ key: 'user', user })
}

export async function offlineUser(db = counterDb()): Promise<CurrentUser | null> {
  return (await db.session.get('user'))?.user ?? null
}

/** At sign-out: the elders' data and the offline sign-in go; the outbox stays until it is sent. */
export async function wipeAtSignOut(db = counterDb()): Promise<void> {
  await db.transaction('rw', db.snapshots, db.session, async () => {
    await db.snapshots.clear()
    await db.session.clear()
  })
}

/** Answered meals of days before `today` are of no use on the counter any more. */
export async function forgetAnsweredBefore(today: string, db = counterDb()): Promise<void> {
  await db.outbox
    .where('servedOn')
    .below(today)
    .and((meal) => meal.state !== 'pending')
    .delete()
}
