import type { Elder, MealBatchResult, MealDaySummary, MealRecord, MealRecordListItem } from '@eldercare/shared'
import { uuidv7 } from '@eldercare/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { as, createTestApp, signIn, type TestApp } from './helper.js'
import { makeIdNumber } from './id-numbers.js'
import { mealFixture, type MealFixture } from './meal-fixture.js'

let t: TestApp
let f: MealFixture

beforeAll(async () => {
  t = await createTestApp()
  f = await mealFixture(t)
})
afterAll(() => t.close())

const post = (payload: object) => f.operator({ method: 'POST', url: '/api/v1/meal-records', payload })

function daysAgo(days: number): string {
  const date = new Date(`${f.today}T00:00:00Z`)
  date.setUTCDate(date.getUTCDate() - days)
  return date.toISOString().slice(0, 10)
}

describe('recording a meal', () => {
  it('computes and stores the subsidy and self-pay', async () => {
    const response = await post(f.meal({ elderId: f.zhang.id, mode: 'delivery' }))
    expect(response.statusCode).toBe(201)
    expect(response.json<MealRecord>()).toMatchObject({ elderName: '张三', priceFen: 1200, subsidyFen: 1000, selfPayFen: 200, subsidised: true, recordedBy: 'canteen_operator' })
  })

  it('answers a retry with the first result and refuses the same id with other content', async () => {
    const meal = f.meal({ slot: 'dinner' })
    const first = await post(meal)
    const again = await post(meal)
    expect(first.statusCode).toBe(201)
    expect(again.statusCode).toBe(200)
    expect(again.json()).toEqual(first.json())
    const changed = await post({ ...meal, priceFen: 1500 })
    expect(changed.json()).toMatchObject({ statusCode: 409, code: 'MEAL_ID_CONFLICT' })
  })

  it('refuses a second subsidised meal for the elder, date and slot, but records it unsubsidised when asked', async () => {
    const second = await post(f.meal({ slot: 'dinner' }))
    expect(second.json()).toMatchObject({ statusCode: 409, code: 'MEAL_ALREADY_SUBSIDISED' })
    const unsubsidised = await post(f.meal({ slot: 'dinner', subsidised: false }))
    expect(unsubsidised.json()).toMatchObject({ subsidised: false, subsidyFen: 0, selfPayFen: 1200 })
  })

  it('refuses each broken rule with its own code and records nothing', async () => {
    const before = (await f.bureau({ method: 'GET', url: '/api/v1/meal-records?includeVoided=true' })).json().total
    const cases: [object, number, string][] = [
      [f.meal({ servedOn: daysAgo(-1) }), 400, 'MEAL_DATE_IN_FUTURE'],
      [f.meal({ servedOn: daysAgo(4) }), 400, 'MEAL_DATE_TOO_OLD'],
      [f.meal({ slot: 'breakfast' }), 409, 'MEAL_SLOT_NOT_SERVED'],
      [f.meal({ mode: 'pickup' }), 409, 'MEAL_MODE_NOT_SERVED'],
      [f.meal({ elderId: uuidv7() }), 404, 'MEAL_ELDER_NOT_FOUND'],
      [f.meal({ facilityId: f.otherCanteen.id }), 404, 'MEAL_FACILITY_NOT_FOUND'],
      [f.meal({ collectedByDelegateId: uuidv7() }), 400, 'MEAL_DELEGATE_UNKNOWN'],
      [{ ...f.meal(), priceFen: -1 }, 400, 'VALIDATION_FAILED'],
      [{ ...f.meal(), slot: 'supper' }, 400, 'VALIDATION_FAILED'],
    ]
    for (const [payload, status, code] of cases) {
      const response = await post(payload)
      expect(response.json(), code).toMatchObject({ statusCode: status, code })
    }
    expect((await f.bureau({ method: 'GET', url: '/api/v1/meal-records?includeVoided=true' })).json().total).toBe(before)
  })

  it('refuses meals of elders who died before the date, moved away, or at a closed facility', async () => {
    await f.bureau({ method: 'PATCH', url: `/api/v1/elders/${f.li.id}`, payload: { status: 'deceased', deceasedOn: daysAgo(2) } })
    expect((await post(f.meal({ servedOn: daysAgo(1) }))).json()).toMatchObject({ code: 'MEAL_ELDER_DECEASED' })
    // The day of death itself is still a day the elder may have eaten.
    expect((await post(f.meal({ servedOn: daysAgo(2), slot: 'dinner', subsidised: false }))).statusCode).toBe(201)
    await f.bureau({ method: 'PATCH', url: `/api/v1/elders/${f.li.id}`, payload: { status: 'moved_away', deceasedOn: null } })
    expect((await post(f.meal())).json()).toMatchObject({ code: 'MEAL_ELDER_INACTIVE' })
    await f.bureau({ method: 'PATCH', url: `/api/v1/elders/${f.li.id}`, payload: { status: 'active' } })

    await f.bureau({ method: 'PATCH', url: `/api/v1/facilities/${f.canteen.id}`, payload: { closedOn: f.today } })
    expect((await post(f.meal())).json()).toMatchObject({ code: 'MEAL_FACILITY_CLOSED' })
    await f.bureau({ method: 'PATCH', url: `/api/v1/facilities/${f.canteen.id}`, payload: { closedOn: null } })
  })

  it('records who collected a delegated pick-up', async () => {
    const delegateId = (await f.bureau({ method: 'GET', url: `/api/v1/elders/${f.zhang.id}` })).json().pickupDelegates[0].id
    const response = await post(f.meal({ elderId: f.zhang.id, slot: 'dinner', collectedByDelegateId: delegateId }))
    expect(response.json()).toMatchObject({ collectedByDelegateId: delegateId })
  })
})

describe('voiding', () => {
  it('keeps the record with its reason, frees the subsidised slot, and is audited', async () => {
    const meal = f.meal({ elderId: f.zhang.id, servedOn: daysAgo(1) })
    const created = (await post(meal)).json<MealRecord>()
    const voided = await f.operator({ method: 'POST', url: `/api/v1/meal-records/${created.id}/void`, payload: { reason: '录错老人' } })
    expect(voided.json()).toMatchObject({ voidReason: '录错老人' })
    expect(voided.json().voidedAt).not.toBeNull()
    const twice = await f.operator({ method: 'POST', url: `/api/v1/meal-records/${created.id}/void`, payload: { reason: '再来' } })
    expect(twice.json()).toMatchObject({ statusCode: 409, code: 'MEAL_ALREADY_VOIDED' })
    expect((await post(f.meal({ elderId: f.zhang.id, servedOn: daysAgo(1) }))).statusCode).toBe(201)
    const admin = as(t.app, (await signIn(t.app, '330902', 'bureau_admin')).accessToken)
    const events = (await admin({ method: 'GET', url: `/api/v1/audit-events?action=meal.void&entityId=${created.id}` })).json()
    expect(events.items[0]).toMatchObject({ actorUsername: 'canteen_operator', changes: { voidReason: { to: '录错老人' } } })
    // The object by its name: the elder, the day and the canteen, not a UUID.
    expect(events.items[0].entityName).toBe(`${created.elderName} ${created.servedOn} 一号食堂`)
  })
})

describe('a batch', () => {
  it('answers each record: created, duplicate or its error', async () => {
    const known = f.meal({ servedOn: daysAgo(3) })
    await post(known)
    const fresh = f.meal({ servedOn: daysAgo(3), slot: 'dinner' })
    const response = await f.operator({
      method: 'POST',
      url: '/api/v1/meal-records/batch',
      payload: { records: [known, fresh, fresh, f.meal({ servedOn: daysAgo(3) }), f.meal({ servedOn: daysAgo(-2) })] },
    })
    expect(response.statusCode).toBe(200)
    const results = response.json<MealBatchResult>().results
    expect(results.map((r) => r.status)).toEqual(['duplicate', 'created', 'duplicate', 'error', 'error'])
    expect(results.map((r) => r.code ?? null)).toEqual([null, null, null, 'MEAL_ALREADY_SUBSIDISED', 'MEAL_DATE_IN_FUTURE'])
    const tooMany = await f.operator({ method: 'POST', url: '/api/v1/meal-records/batch', payload: { records: Array.from({ length: 501 }, () => f.meal()) } })
    expect(tooMany.json()).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' })
  })

  it('stores each meal as a single POST of it would, and answers what it stored', async () => {
    const admin = as(t.app, (await signIn(t.app, '330902', 'bureau_admin')).accessToken)
    const wang = (
      await admin({
        method: 'POST',
        url: '/api/v1/elders',
        payload: {
          idNumber: makeIdNumber('1941-03-03', '131'),
          name: '王五',
          communityCode: '330902001001',
          categories: [{ category: 'destitute', startOn: '2020-01-01' }],
          pickupDelegates: [{ name: '王小明', relation: '女儿', consentOn: '2024-01-01' }],
        },
      })
    ).json<Elder>()
    const delegateId = wang.pickupDelegates[0]!.id
    // Two rules (tier and delivery extra), none (unsubsidised), a delegate, and a free meal.
    const kinds = [
      { mode: 'delivery' as const, slot: 'lunch' as const },
      { subsidised: false, slot: 'lunch' as const, paymentMethod: 'wechat' as const },
      { slot: 'dinner' as const, collectedByDelegateId: delegateId, priceFen: 500 },
      { slot: 'dinner' as const, priceFen: 0 },
    ].map((kind) => ({ ...kind, elderId: wang.id }))
    const batch = kinds.map((kind) => f.meal({ ...kind, servedOn: daysAgo(2) }))
    const singles = kinds.map((kind) => f.meal({ ...kind, servedOn: daysAgo(1) }))
    const results = (await f.operator({ method: 'POST', url: '/api/v1/meal-records/batch', payload: { records: batch } })).json<MealBatchResult>().results
    expect(results.map((r) => r.status)).toEqual(['created', 'created', 'created', 'created'])
    const single = await Promise.all(singles.map(async (meal) => (await post(meal)).json<MealRecord>()))

    const stored = (await f.operator({ method: 'GET', url: `/api/v1/meal-records?from=${daysAgo(2)}&to=${daysAgo(2)}&pageSize=100` })).json<{ items: MealRecordListItem[] }>().items
    const comparable = ({ id: _id, servedOn: _day, recordedAt: _at, syncedAt: _synced, ...rest }: MealRecord) => rest
    for (const [i, result] of results.entries()) {
      const record = result.record!
      const { facilityName, recordedByName, ...listed } = stored.find((row) => row.id === record.id)!
      expect(listed).toEqual(record)
      expect({ facilityName, recordedByName }).toEqual({ facilityName: '一号食堂', recordedByName: 'canteen_operator' })
      expect(comparable(record)).toEqual(comparable(single[i]!))
    }
    expect(results[0]!.record!.subsidyRuleIds).toHaveLength(2)
    expect(results[1]!.record).toMatchObject({ subsidised: false, subsidyFen: 0, selfPayFen: 1200, subsidyRuleIds: [] })
    expect(results[2]!.record).toMatchObject({ collectedByDelegateId: delegateId, subsidyFen: 500, selfPayFen: 0 })
  })
})

describe('the day', () => {
  it('sums meals and money by slot and mode for the operator screen', async () => {
    const summary = (await f.operator({ method: 'GET', url: `/api/v1/meal-records/summary?facilityId=${f.canteen.id}&servedOn=${f.today}` })).json<MealDaySummary>()
    const delivery = summary.rows.find((row) => row.slot === 'lunch' && row.mode === 'delivery')
    expect(delivery).toEqual({ slot: 'lunch', mode: 'delivery', meals: 1, subsidyFen: 1000, selfPayFen: 200 })
    const other = await f.operator({ method: 'GET', url: `/api/v1/meal-records/summary?facilityId=${f.otherCanteen.id}` })
    expect(other.statusCode).toBe(404)
  })

  it('names each listed meal’s facility and the person who recorded it, by their name rather than their username', async () => {
    const admin = as(t.app, (await signIn(t.app, '330902', 'bureau_admin')).accessToken)
    expect((await admin({ method: 'PATCH', url: `/api/v1/users/${f.tenant.users.canteen_operator}`, payload: { displayName: '王丽萍' } })).statusCode).toBe(200)
    const list = (await f.bureau({ method: 'GET', url: `/api/v1/meal-records?facilityId=${f.canteen.id}` })).json<{ items: MealRecordListItem[] }>()
    expect(list.items.length).toBeGreaterThan(0)
    for (const item of list.items) expect(item).toMatchObject({ facilityName: '一号食堂', recordedByName: '王丽萍' })
  })

  it('lists only the operator’s own facility’s meals', async () => {
    const list = (await f.operator({ method: 'GET', url: '/api/v1/meal-records' })).json<{ items: MealRecord[] }>()
    expect(new Set(list.items.map((meal) => meal.facilityId))).toEqual(new Set([f.canteen.id]))
  })
})

describe('subsidy rules', () => {
  it('apply by date, and ending one never changes meals already recorded', async () => {
    const admin = as(t.app, (await signIn(t.app, '330902', 'bureau_admin')).accessToken)
    const rules = (await admin({ method: 'GET', url: `/api/v1/subsidy-rules?asOf=${f.today}` })).json<{ items: { id: string; name: string }[] }>()
    const age = rules.items.find((rule) => rule.name === '60岁以上')!
    const before = (await post(f.meal({ servedOn: daysAgo(2) }))).json<MealRecord>()
    expect(before.subsidyFen).toBe(300)
    const ended = await admin({ method: 'POST', url: `/api/v1/subsidy-rules/${age.id}/end`, payload: { validTo: daysAgo(1) } })
    expect(ended.json()).toMatchObject({ validTo: daysAgo(1) })
    // 李四 holds no category: with the age tier ended, today's meal gets no subsidy.
    const after = await post(f.meal({ priceFen: 1000 }))
    expect(after.json()).toMatchObject({ subsidyFen: 0, selfPayFen: 1000, subsidised: false })
    const stored = (await f.bureau({ method: 'GET', url: `/api/v1/meal-records?elderId=${f.li.id}&from=${daysAgo(2)}&to=${daysAgo(2)}` })).json<{ items: MealRecord[] }>()
    expect(stored.items.find((meal) => meal.id === before.id)!.subsidyFen).toBe(300)
    const bad = await admin({ method: 'POST', url: '/api/v1/subsidy-rules', payload: { name: 'x', kind: 'age', amountFen: 100, validFrom: '2024-01-01' } })
    expect(bad.json()).toMatchObject({ statusCode: 400, code: 'SUBSIDY_RULE_INVALID' })
  })
})

describe('meal settings', () => {
  it('keep the counter’s undo window, which a client that does not know it leaves as it was', async () => {
    const admin = as(t.app, (await signIn(t.app, '330902', 'bureau_admin')).accessToken)
    const read = async () => (await f.operator({ method: 'GET', url: '/api/v1/meal-settings' })).json<{ undoWindowMinutes: number }>().undoWindowMinutes
    expect(await read()).toBe(5)
    const base = { subsidisedMealsPerSlot: 1, backDatingDays: 3, kitchenOrderCutoff: '16:00' }
    expect((await admin({ method: 'PUT', url: '/api/v1/meal-settings', payload: { ...base, undoWindowMinutes: 10 } })).statusCode).toBe(200)
    expect((await admin({ method: 'PUT', url: '/api/v1/meal-settings', payload: base })).json()).toMatchObject({ undoWindowMinutes: 10 })
    expect(await read()).toBe(10)
    expect((await admin({ method: 'PUT', url: '/api/v1/meal-settings', payload: { ...base, undoWindowMinutes: 0 } })).statusCode).toBe(400)
    expect((await admin({ method: 'PUT', url: '/api/v1/meal-settings', payload: { ...base, undoWindowMinutes: 61 } })).statusCode).toBe(400)
    expect(await read()).toBe(10)
  })
})
