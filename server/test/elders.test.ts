import type { AuditEvent, Elder, Facility } from '@eldercare/shared'
import { sql } from 'drizzle-orm'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { as, createTestApp, seedTenant, signIn, type SeededTenant, type TestApp } from './helper.js'
import { ageOn, shanghaiToday } from '../src/http/dates.js'
import { makeIdNumber } from './id-numbers.js'

let t: TestApp
let home: SeededTenant
let bureau: ReturnType<typeof as>
let admin: ReturnType<typeof as>

const ZHANG = makeIdNumber('1945-03-02', '123') // male, 81 in 2026
const LI = makeIdNumber('1950-07-15', '124') // female

beforeAll(async () => {
  t = await createTestApp()
  home = await seedTenant(t.app, '330902')
  bureau = as(t.app, (await signIn(t.app, '330902', 'bureau_staff')).accessToken)
  admin = as(t.app, (await signIn(t.app, '330902', 'bureau_admin')).accessToken)
})
afterAll(() => t.close())

async function createElder(payload: Record<string, unknown>): Promise<Elder> {
  const response = await bureau({ method: 'POST', url: '/api/v1/elders', payload })
  expect(response.statusCode, response.body).toBe(201)
  return response.json<Elder>()
}

describe('the elder roster', () => {
  let zhang: Elder
  let li: Elder

  beforeAll(async () => {
    zhang = await createElder({
      idNumber: ZHANG.slice(0, 17) + ZHANG[17]!.toLowerCase(),
      name: '张三',
      phone: '13812345678',
      communityCode: '330902001001',
      categories: [{ category: 'disabled', level: 'severe', startOn: '2023-01-01' }, { category: 'living_alone', startOn: '2022-05-01' }],
      pickupDelegates: [{ name: '张小明', relation: '儿子', phone: '13911112222', consentOn: '2024-01-10' }],
    })
    li = await createElder({ idNumber: LI, name: '李秀英', communityCode: '330902100200' })
  })

  it('derives gender, age and 高龄 from the 身份证号 and masks it', () => {
    expect(zhang).toMatchObject({
      name: '张三',
      gender: 'male',
      age: ageOn('1945-03-02', shanghaiToday()),
      advancedAge: true,
      idNumberMasked: `330902********${ZHANG.slice(-4)}`,
      phoneMasked: '138****5678',
      townCode: '330902001',
      communityName: '一号社区居委会',
      status: 'active',
    })
    expect(zhang.categories).toEqual([
      { category: 'living_alone', level: null, startOn: '2022-05-01', endOn: null },
      { category: 'disabled', level: 'severe', startOn: '2023-01-01', endOn: null },
    ])
    expect(zhang.pickupDelegates).toEqual([expect.objectContaining({ name: '张小明', relation: '儿子', phoneMasked: '139****2222' })])
    expect(li).toMatchObject({ gender: 'female', advancedAge: false })
  })

  it('never answers the birth date beside the masked number: it is the digits the mask hides', async () => {
    const answers = [zhang, (await bureau({ method: 'GET', url: `/api/v1/elders/${zhang.id}` })).json<Elder>()]
    for (const answer of answers) {
      expect(answer).not.toHaveProperty('birthDate')
      expect(JSON.stringify(answer)).not.toMatch(/1945-?03-?02/)
    }
  })

  it('stores no 身份证号 or phone in clear', async () => {
    const result = await t.app.db.execute(sql`select * from elders`)
    const rows = Array.isArray(result) ? result : (result as { rows: unknown[] }).rows
    const dump = JSON.stringify(rows)
    expect(dump).not.toContain(ZHANG)
    expect(dump).not.toContain(ZHANG.slice(6, 14))
    expect(dump).not.toContain('13812345678')
    const delegates = JSON.stringify(await t.app.db.execute(sql`select * from elder_pickup_delegates`))
    expect(delegates).not.toContain('13911112222')
  })

  it('finds elders by whole number, last 4, name, pinyin initials and phone', async () => {
    const find = async (q: string) =>
      (await bureau({ method: 'POST', url: '/api/v1/elders/search', payload: { q } })).json<{ items: Elder[] }>().items.map((e) => e.name)
    expect(await find(ZHANG)).toEqual(['张三'])
    expect(await find(ZHANG.slice(-4))).toEqual(['张三'])
    expect(await find('秀英')).toEqual(['李秀英'])
    expect(await find('zs')).toEqual(['张三'])
    expect(await find('LXY')).toEqual(['李秀英'])
    expect(await find('13812345678')).toEqual(['张三'])
    expect(await find('13800000000')).toEqual([])
    const disabled = await bureau({ method: 'GET', url: '/api/v1/elders?category=disabled' })
    expect(disabled.json<{ items: Elder[]; total: number }>()).toMatchObject({ items: [expect.objectContaining({ name: '张三' })], total: 1 })
    const searched = await bureau({ method: 'POST', url: '/api/v1/elders/search', payload: { q: 'zs', category: 'disabled', pageSize: 5 } })
    expect(searched.json<{ items: Elder[]; total: number }>()).toMatchObject({ items: [expect.objectContaining({ name: '张三' })], total: 1 })
  })

  it('refuses a search by number in the URL, and parameters the list does not take', async () => {
    for (const url of [`/api/v1/elders?q=${ZHANG}`, '/api/v1/elders?q=13812345678', '/api/v1/elders?scopeTownCodes=330902002', '/api/v1/elders?page=1e300']) {
      const response = await bureau({ method: 'GET', url })
      expect(response.json(), url).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' })
    }  })

  it('refuses a bad checksum, an impossible birth date, a person under 60 and a duplicate', async () => {
    const badChecksum = ZHANG.slice(0, 17) + (ZHANG[17] === '0' ? '1' : '0')
    const checksum = await bureau({ method: 'POST', url: '/api/v1/elders', payload: { idNumber: badChecksum, name: '王五', communityCode: '330902001001' } })
    expect(checksum.json()).toMatchObject({ statusCode: 400, code: 'ELDER_ID_NUMBER_INVALID' })
    const young = await bureau({ method: 'POST', url: '/api/v1/elders', payload: { idNumber: makeIdNumber('1990-01-01'), name: '王五', communityCode: '330902001001' } })
    expect(young.json()).toMatchObject({ statusCode: 400, code: 'ELDER_INVALID' })
    const duplicate = await bureau({ method: 'POST', url: '/api/v1/elders', payload: { idNumber: ZHANG, name: '张三', communityCode: '330902001001' } })
    expect(duplicate.json()).toMatchObject({ statusCode: 409, code: 'ELDER_DUPLICATE' })
    const deceasedNoDate = await bureau({ method: 'PATCH', url: `/api/v1/elders/${li.id}`, payload: { status: 'deceased' } })
    expect(deceasedNoDate.json()).toMatchObject({ statusCode: 400, code: 'ELDER_INVALID' })
    expect((await bureau({ method: 'GET', url: '/api/v1/elders' })).json().total).toBe(2)
  })

  it('reveals the number only to allowed roles, and audits each reveal', async () => {
    const revealed = await bureau({ method: 'POST', url: `/api/v1/elders/${zhang.id}/reveal` })
    expect(revealed.json()).toEqual({ idNumber: ZHANG, phone: '13812345678' })
    const events = (await admin({ method: 'GET', url: `/api/v1/audit-events?entityId=${zhang.id}&action=elder.reveal` })).json<{ items: AuditEvent[] }>()
    expect(events.items).toHaveLength(1)
    expect(events.items[0]).toMatchObject({ actorUsername: 'bureau_staff', entityName: `${zhang.name} 330902********${ZHANG.slice(-4)}` })
    expect(JSON.stringify(events)).not.toContain(ZHANG)

    const operator = as(t.app, (await signIn(t.app, '330902', 'canteen_operator')).accessToken)
    const refused = await operator({ method: 'POST', url: `/api/v1/elders/${zhang.id}/reveal` })
    expect(refused.json()).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' })
  })

  it('records changes with personal data masked and closes a deceased elder with a date', async () => {
    const response = await bureau({ method: 'PATCH', url: `/api/v1/elders/${li.id}`, payload: { status: 'deceased', deceasedOn: '2025-02-01', phone: '13512345678' } })
    expect(response.json()).toMatchObject({ status: 'deceased', deceasedOn: '2025-02-01', phoneMasked: '135****5678' })
    const events = (await admin({ method: 'GET', url: `/api/v1/audit-events?entityId=${li.id}&action=elder.update` })).json<{ items: AuditEvent[] }>()
    expect(events.items[0]!.changes).toEqual({
      status: { from: 'active', to: 'deceased' },
      // The status history starts with the death: before it the elder had none (在册).
      statusSince: { from: null, to: '2025-02-01' },
      deceasedOn: { from: null, to: '2025-02-01' },
      phone: { from: null, to: '135****5678' },
    })
    const creation = (await admin({ method: 'GET', url: `/api/v1/audit-events?entityId=${zhang.id}&action=elder.create` })).json<{ items: AuditEvent[] }>()
    expect(JSON.stringify(creation)).not.toContain(ZHANG)
    expect(creation.items[0]!.changes.idNumber).toEqual({ to: `330902********${ZHANG.slice(-4)}` })
  })

  it('keeps a delegate’s stored phone when the delegate is sent back by id without one', async () => {
    const [delegate] = (await bureau({ method: 'GET', url: `/api/v1/elders/${zhang.id}` })).json<Elder>().pickupDelegates
    const response = await bureau({
      method: 'PATCH',
      url: `/api/v1/elders/${zhang.id}`,
      payload: { pickupDelegates: [{ id: delegate!.id, name: '张小明', relation: '长子', consentOn: '2024-01-10' }, { name: '王阿姨', relation: '邻居', consentOn: '2024-03-01' }] },
    })
    expect(response.json<Elder>().pickupDelegates).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: delegate!.id, relation: '长子', phoneMasked: '139****2222' }),
        expect.objectContaining({ name: '王阿姨', phoneMasked: null }),
      ]),
    )
  })

  it('keeps town staff to their towns: another town’s elder is 404 to read or change', async () => {
    const town = as(t.app, (await signIn(t.app, '330902', 'town_staff')).accessToken)
    expect((await town({ method: 'GET', url: '/api/v1/elders' })).json<{ items: Elder[] }>().items.map((e) => e.name)).toEqual(['张三'])
    expect((await town({ method: 'GET', url: `/api/v1/elders/${li.id}` })).statusCode).toBe(404)
    expect((await town({ method: 'PATCH', url: `/api/v1/elders/${li.id}`, payload: { name: '改名' } })).statusCode).toBe(404)
    expect((await town({ method: 'POST', url: `/api/v1/elders/${li.id}/reveal` })).statusCode).toBe(404)
    const elsewhere = await town({
      method: 'POST',
      url: '/api/v1/elders',
      payload: { idNumber: makeIdNumber('1944-04-04', '211'), name: '外镇人', communityCode: '330902100200' },
    })
    expect(elsewhere.json()).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' })
  })

  it('shows an operator the elders of the communities the operator’s facilities serve', async () => {
    const facility = (
      await bureau({
        method: 'POST',
        url: '/api/v1/facilities',
        payload: { name: '海岛食堂', type: 'canteen', communityCode: '330902100200', address: '岛上', openedOn: '2024-01-01' },
      })
    ).json<Facility>()
    await admin({ method: 'PATCH', url: `/api/v1/users/${home.users.canteen_operator}`, payload: { facilityIds: [facility.id] } })
    const operator = as(t.app, (await signIn(t.app, '330902', 'canteen_operator')).accessToken)
    expect((await operator({ method: 'GET', url: '/api/v1/elders' })).json<{ items: Elder[] }>().items.map((e) => e.name)).toEqual(['李秀英'])
    expect((await operator({ method: 'GET', url: `/api/v1/elders/${zhang.id}` })).statusCode).toBe(404)
    expect((await operator({ method: 'POST', url: '/api/v1/elders', payload: {} })).statusCode).toBe(403)
  })

  it('exports the roster with Chinese headers, masked unless revealed by an allowed role', async () => {
    const read = async (reveal: boolean) => {
      const response = await bureau({ method: 'GET', url: `/api/v1/elders/export${reveal ? '?reveal=true' : ''}` })
      expect(response.statusCode).toBe(200)
      expect(response.headers['content-type']).toContain('spreadsheetml')
      const workbook = new ExcelJS.Workbook()
      await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer)
      const sheet = workbook.worksheets[0]!
      const cells: string[] = []
      sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.text))))
      return cells
    }
    const masked = await read(false)
    expect(masked).toEqual(expect.arrayContaining(['姓名', '身份证号', '张三', `330902********${ZHANG.slice(-4)}`, '138****5678']))
    expect(masked).not.toContain(ZHANG)
    const revealed = await read(true)
    expect(revealed).toEqual(expect.arrayContaining([ZHANG, '13812345678']))
    const events = (await admin({ method: 'GET', url: '/api/v1/audit-events?action=elder.export' })).json<{ items: AuditEvent[] }>()
    expect(events.items.map((e) => e.changes.revealed?.to)).toEqual([true, false])
  })
})
