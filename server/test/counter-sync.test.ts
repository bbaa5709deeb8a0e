import type { CounterSnapshot, Elder, FacilityMealPrices, MealRecord, MealSyncRecord, MealSyncResult, SyncStatus } from '@eldercare/shared'
import { uuidv7 } from '@eldercare/db'
import { describe, expect, it } from 'vitest'
import { makeIdNumber } from './id-numbers.js'
import { useMealFixture } from './meal-fixture.js'

const f = useMealFixture()

/** A device time some minutes ago, but never before today began in Asia/Shanghai: the meals are today's. */
const minutesAgo = (minutes: number) => new Date(Math.max(Date.now() - minutes * 60_000, Date.parse(`${f.today}T00:00:01+08:00`))).toISOString()

/** One tablet of the canteen: its own id and outbox numbers. */
function tablet() {
  const deviceId = uuidv7()
  let seq = 0
  return {
    deviceId,
    record(overrides: Partial<MealSyncRecord> = {}): MealSyncRecord {
      seq += 1
      return { ...f.meal(), deviceSeq: seq, recordedBy: f.tenant.users.canteen_operator, recordedAt: minutesAgo(60 - seq), ...overrides }
    },
    body(records: MealSyncRecord[], outboxSize = records.length) {
      return { deviceId, facilityId: f.canteen.id, outboxSize, oldestUnsyncedAt: records[0]?.recordedAt ?? null, snapshotVersion: null, records }
    },
  }
}

async function sync(body: object, caller = f.operator): Promise<MealSyncResult> {
  const response = await caller({ method: 'POST', url: '/api/v1/meal-records/sync', payload: body })
  expect(response.statusCode, response.body).toBe(200)
  return response.json<MealSyncResult>()
}

async function storedMeals(elderId: string): Promise<MealRecord[]> {
  const response = await f.bureau({ method: 'GET', url: `/api/v1/meal-records?elderId=${elderId}&pageSize=500&includeVoided=true` })
  return response.json<{ items: MealRecord[] }>().items
}

async function newElder(name: string, sequence: string): Promise<Elder> {
  const response = await f.bureau({ method: 'POST', url: '/api/v1/elders', payload: { idNumber: makeIdNumber('1950-03-03', sequence), name, communityCode: '330902001001' } })
  expect(response.statusCode, response.body).toBe(201)
  return response.json<Elder>()
}

describe('a facility’s price list', () => {
  it('is kept by the facility’s operator or the bureau, from today on, with its history', async () => {
    const url = `/api/v1/facilities/${f.canteen.id}/meal-prices`
    expect((await f.operator({ method: 'GET', url })).json()).toEqual({ facilityId: f.canteen.id, prices: [] })
    const put = await f.operator({ method: 'PUT', url, payload: { validFrom: f.today, prices: [{ slot: 'lunch', mode: 'dine_in', priceFen: 1200 }] } })
    expect(put.statusCode, put.body).toBe(200)
    const later = await f.bureau({ method: 'PUT', url, payload: { validFrom: '2099-01-01', prices: [{ slot: 'lunch', mode: 'dine_in', priceFen: 1500 }] } })
    expect(later.json<FacilityMealPrices>().prices).toEqual([
      { slot: 'lunch', mode: 'dine_in', priceFen: 1200, validFrom: f.today },
      { slot: 'lunch', mode: 'dine_in', priceFen: 1500, validFrom: '2099-01-01' },
    ])
    const past = await f.operator({ method: 'PUT', url, payload: { validFrom: '2020-01-01', prices: [{ slot: 'lunch', mode: 'dine_in', priceFen: 1 }] } })
    expect(past.json()).toMatchObject({ statusCode: 400, code: 'MEAL_PRICE_IN_PAST' })
  })

  it('of another facility is not the operator’s to see or change', async () => {
    const url = `/api/v1/facilities/${f.otherCanteen.id}/meal-prices`
    expect((await f.operator({ method: 'GET', url })).statusCode).toBe(404)
    expect((await f.operator({ method: 'PUT', url, payload: { validFrom: f.today, prices: [{ slot: 'lunch', mode: 'dine_in', priceFen: 1 }] } })).statusCode).toBe(404)
  })
})

describe('the counter snapshot', () => {
  it('holds the served elders with the last four of the 身份证号 and no whole number or phone', async () => {
    const response = await f.operator({ method: 'GET', url: `/api/v1/counter-snapshot?facilityId=${f.canteen.id}` })
    expect(response.statusCode, response.body).toBe(200)
    const snapshot = response.json<CounterSnapshot>()
    const zhang = snapshot.elders.find((elder) => elder.id === f.zhang.id)!
    const idNumber = makeIdNumber('1944-02-02', '111')
    expect(zhang).toMatchObject({ name: '张三', nameInitials: 'zs', idNumberTail: idNumber.slice(-4), birthYear: 1944, status: 'active' })
    expect(zhang.categories).toEqual([{ category: 'destitute', startOn: '2020-01-01', endOn: null }])
    expect(zhang.delegates.map((delegate) => delegate.name)).toEqual(['张小明'])
    expect(response.body).not.toContain(idNumber)
    expect(response.body).not.toContain(idNumber.slice(0, 14))
    expect(response.body).not.toMatch(/phone/i)
    expect(snapshot).toMatchObject({ full: true, today: f.today, mealSettings: { counterSnapshotMaxAgeDays: 7 } })
    expect(snapshot.subsidyRules).toHaveLength(3)
    expect(snapshot.elderIds).toEqual(expect.arrayContaining([f.zhang.id, f.li.id]))
  })

  it('sends after a version only the elders changed since, with every served id', async () => {
    const first = (await f.operator({ method: 'GET', url: `/api/v1/counter-snapshot?facilityId=${f.canteen.id}` })).json<CounterSnapshot>()
    const renamed = await f.bureau({ method: 'PATCH', url: `/api/v1/elders/${f.li.id}`, payload: { name: '李四' } })
    expect(renamed.statusCode, renamed.body).toBe(200)
    const next = (await f.operator({ method: 'GET', url: `/api/v1/counter-snapshot?facilityId=${f.canteen.id}&sinceVersion=${first.version}` })).json<CounterSnapshot>()
    expect(next.full).toBe(false)
    expect(BigInt(next.version)).toBeGreaterThan(BigInt(first.version))
    expect(next.elders.map((elder) => elder.id)).toContain(f.li.id)
    expect(next.elderIds).toEqual(first.elderIds)
  })

  it('of another facility is refused to an operator, and a malformed version is refused', async () => {
    expect((await f.operator({ method: 'GET', url: `/api/v1/counter-snapshot?facilityId=${f.otherCanteen.id}` })).statusCode).toBe(404)
    expect((await f.operator({ method: 'GET', url: `/api/v1/counter-snapshot?facilityId=${f.canteen.id}&sinceVersion=x` })).statusCode).toBe(400)
  })
})

describe('syncing an outbox', () => {
  it('stores each meal once, in the name and at the time of the device, however often a batch is sent', async () => {
    const elder = await newElder('王五', '133')
    const device = tablet()
    const records = Array.from({ length: 5 }, (_, index) => device.record({ elderId: elder.id, slot: index % 2 === 0 ? 'lunch' : 'dinner', subsidised: false }))
    // The link drops after the first three arrived: the device does not know and sends all five again.
    const half = await sync(device.body(records.slice(0, 3), 5))
    expect(half.results.map((result) => result.status)).toEqual(['created', 'created', 'created'])
    const whole = await sync(device.body(records))
    expect(whole.results.map((result) => result.status)).toEqual(['duplicate', 'duplicate', 'duplicate', 'created', 'created'])
    const replay = await sync(device.body(records))
    expect(replay.results.every((result) => result.status === 'duplicate')).toBe(true)

    const stored = await storedMeals(elder.id)
    expect(stored.map((meal) => meal.id).sort()).toEqual(records.map((record) => record.id).sort())
    const first = stored.find((meal) => meal.id === records[0]!.id)!
    expect(first).toMatchObject({ recordedBy: 'canteen_operator', deviceId: device.deviceId, deviceSeq: 1, recordedAt: new Date(records[0]!.recordedAt).toISOString() })
    expect(Date.parse(first.syncedAt)).toBeGreaterThan(Date.parse(first.recordedAt))
  })

  it('keeps the order of the outbox: of two subsidised lunches the first recorded keeps the subsidy', async () => {
    const elder = await newElder('赵六', '144')
    const device = tablet()
    const first = device.record({ elderId: elder.id })
    const second = device.record({ elderId: elder.id, id: uuidv7() })
    // Sent in reverse: the server orders by the device's numbers.
    const result = await sync(device.body([second, first]))
    const byId = new Map(result.results.map((item) => [item.id, item]))
    expect(byId.get(first.id)!.record).toMatchObject({ subsidised: true, subsidyFen: 300, selfPayDueFen: null })
    expect(byId.get(second.id)!.record).toMatchObject({ subsidised: false, subsidyFen: 0, selfPayFen: 1200, selfPayDueFen: 300 })
  })

  it('stores the second tablet’s subsidised lunch unsubsidised and lists it as self-pay to collect', async () => {
    const a = tablet()
    const b = tablet()
    const onA = a.record({ elderId: f.zhang.id, slot: 'dinner', paymentMethod: 'free', priceFen: 800 })
    const onB = b.record({ elderId: f.zhang.id, slot: 'dinner', priceFen: 1200 })
    const fromA = await sync(a.body([onA]))
    expect(fromA.results[0]).toMatchObject({ status: 'created', record: { subsidised: true, subsidyFen: 800, selfPayFen: 0, paymentMethod: 'free' } })
    const fromB = await sync(b.body([onB]))
    expect(fromB.results[0]).toMatchObject({ status: 'created', record: { subsidised: false, subsidyFen: 0, selfPayFen: 1200, selfPayDueFen: 800 } })
    const dinners = (await storedMeals(f.zhang.id)).filter((meal) => meal.slot === 'dinner' && meal.servedOn === f.today)
    expect(dinners.filter((meal) => meal.subsidised)).toHaveLength(1)
    expect(dinners.map((meal) => meal.id).sort()).toEqual([onA.id, onB.id].sort())
    // Sent again, the answer is the same and nothing moves.
    expect((await sync(b.body([onB]))).results[0]).toMatchObject({ status: 'duplicate', record: { selfPayDueFen: 800 } })
  })

  it('returns refusals with their reasons and stores nothing for them', async () => {
    const elder = await newElder('钱七', '155')
    const died = await f.bureau({ method: 'PATCH', url: `/api/v1/elders/${elder.id}`, payload: { status: 'deceased', deceasedOn: '2024-06-01' } })
    expect(died.statusCode, died.body).toBe(200)
    const device = tablet()
    const deceased = device.record({ elderId: elder.id })
    const stranger = device.record({ recordedBy: f.tenant.users.town_staff })
    const future = device.record({ recordedAt: new Date(Date.now() + 3_600_000).toISOString() })
    const elsewhere = device.record({ facilityId: f.otherCanteen.id })
    const result = await sync(device.body([deceased, stranger, future, elsewhere]))
    expect(result.results.map((item) => item.code)).toEqual(['MEAL_ELDER_DECEASED', 'MEAL_RECORDER_NOT_ALLOWED', 'MEAL_RECORDED_IN_FUTURE', 'MEAL_SYNC_FACILITY_MISMATCH'])
    expect(result.results.every((item) => item.status === 'error' && item.message)).toBe(true)
    expect(await storedMeals(elder.id)).toEqual([])
  })

  it('accepts meals recorded before a new sign-in, still in the name of who recorded them', async () => {
    const elder = await newElder('孙八', '166')
    const device = tablet()
    const record = device.record({ elderId: elder.id, recordedAt: minutesAgo(90) })
    // The session it was recorded in expired offline: a new sign-in on the tablet sends it.
    const signedInAgain = await f.signInAs('canteen_operator')
    const result = await sync(device.body([record]), signedInAgain)
    expect(result.results[0]).toMatchObject({ status: 'created', record: { recordedBy: 'canteen_operator', recordedAt: new Date(record.recordedAt).toISOString() } })
    // Another user of the facility may send it too: it stays the recorder's meal.
    const fromBureau = device.record({ elderId: elder.id, slot: 'dinner' })
    expect((await sync(device.body([fromBureau]), f.bureau)).results[0]).toMatchObject({ status: 'created', record: { recordedBy: 'canteen_operator' } })
  })

  it('of another facility is refused to an operator', async () => {
    const device = tablet()
    const response = await f.operator({ method: 'POST', url: '/api/v1/meal-records/sync', payload: { ...device.body([device.record({ facilityId: f.otherCanteen.id })]), facilityId: f.otherCanteen.id } })
    expect(response.statusCode).toBe(404)
  })
})

describe('the sync status', () => {
  it('lists each facility’s devices for the bureau and town staff of its town', async () => {
    const device = tablet()
    await sync(device.body([device.record({ subsidised: false })], 4))
    const beat = await f.operator({
      method: 'POST',
      url: '/api/v1/counter-devices/heartbeat',
      payload: { deviceId: device.deviceId, facilityId: f.canteen.id, outboxSize: 2, oldestUnsyncedAt: minutesAgo(30), snapshotVersion: '123' },
    })
    expect(beat.statusCode, beat.body).toBe(200)
    const status = (await f.bureau({ method: 'GET', url: '/api/v1/sync-status' })).json<SyncStatus>()
    const canteen = status.items.find((item) => item.facilityId === f.canteen.id)!
    expect(canteen.devices.find((item) => item.deviceId === device.deviceId)).toMatchObject({ outboxSize: 2, snapshotVersion: '123', userName: 'canteen_operator' })
    expect(canteen.devices.find((item) => item.deviceId === device.deviceId)!.lastSyncAt).not.toBeNull()
    expect(status.items.find((item) => item.facilityId === f.otherCanteen.id)!.devices).toEqual([])

    const town = await f.signInAs('town_staff')
    const townResponse = await town({ method: 'GET', url: '/api/v1/sync-status' })
    expect(townResponse.statusCode, townResponse.body).toBe(200)
    const ofTown = townResponse.json<SyncStatus>()
    expect(ofTown.items.map((item) => item.facilityId)).toEqual(expect.arrayContaining([f.canteen.id]))
    const otherTown = (await town({ method: 'GET', url: '/api/v1/sync-status?townCode=330902002' })).json<SyncStatus>()
    expect(otherTown.items).toEqual([])
    expect((await f.operator({ method: 'GET', url: '/api/v1/sync-status' })).statusCode).toBe(403)
  })
})
