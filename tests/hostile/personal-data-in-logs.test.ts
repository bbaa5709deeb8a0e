/**
 * 身份证号 and phone numbers never reach the log, nor come back in an error. The app logs at `trace`
 * into a buffer while the suite works with elders (numbers, phones, pick-up delegates), searches by
 * them, imports a roster, runs card operations, fails sign-ins and sends requests that are refused
 * for carrying such values in the wrong place; then the whole log is searched.
 */
import { randomUUID } from 'node:crypto'
import ExcelJS from 'exceljs'
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { login, seedTenant, signIn, TEST_PASSWORD, type SeededTenant } from '../../server/test/helper.js'
import { makeIdNumber } from '../../server/test/id-numbers.js'
import { createLoggedTestApp, personalNumbersIn, type LoggedTestApp } from './fixture.js'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

let t: LoggedTestApp
let tenant: SeededTenant
let token: string
/** Every personal number the suite sends: none of them may show up anywhere, in any position. */
const sent = new Set<string>()
/** Error answers that carried a personal number back. */
const echoed: string[] = []

const personal = <T extends string>(value: T): T => (sent.add(value), value)

const ELDER_ID = personal(makeIdNumber('1940-03-15', '511'))
const ELDER_PHONE = personal('13812345678')
const DELEGATE_PHONE = personal('13987654321')
const SECOND_ID = personal(makeIdNumber('1944-08-08', '522'))
const IMPORTED_ID = personal(makeIdNumber('1938-12-01', '533'))
const IMPORTED_PHONE = personal('15011112222')
const USER_PHONE = personal('18600001111')
/** A number with a wrong check character: still a 身份证号 to the person who typed it. */
const BAD_CHECK_ID = personal(ELDER_ID.slice(0, 17) + (ELDER_ID[17] === '1' ? '2' : '1'))

/** Sends a request; an error answer must not give back a personal number. */
async function call(options: InjectOptions, as: string | null = token): Promise<LightMyRequestResponse> {
  const response = await t.app.inject({ ...options, headers: { ...(as ? { authorization: `Bearer ${as}` } : {}), ...(options.headers ?? {}) } })
  if (response.statusCode >= 400) {
    const found = personalNumbersIn(response.body, sent)
    if (found.length > 0) echoed.push(`${options.method} ${options.url} → ${response.statusCode}: ${found.join(', ')} in ${response.body.slice(0, 200)}`)
  }
  return response
}

async function expectStatus(options: InjectOptions, status: number, as?: string | null): Promise<LightMyRequestResponse> {
  const response = await call(options, as)
  expect(response.statusCode, `${options.method} ${options.url}: ${response.body.slice(0, 300)}`).toBe(status)
  return response
}

async function roster(rows: (string | number)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('花名册')
  sheet.addRow(['姓名', '身份证号', '社区代码', '联系电话'])
  for (const row of rows) sheet.addRow(row)
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

beforeAll(async () => {
  t = await createLoggedTestApp()
  tenant = await seedTenant(t.app, '330902')
  token = (await signIn(t.app, tenant.code, 'bureau_admin')).accessToken
})
afterAll(async () => {
  await t?.close()
})

describe('personal data in logs and error answers', () => {
  let elderId: string
  let cardId: string

  it('works with elders, their phones and pick-up delegates', async () => {
    const created = await expectStatus(
      {
        method: 'POST',
        url: '/api/v1/elders',
        payload: {
          idNumber: ELDER_ID,
          name: '日志老人',
          phone: ELDER_PHONE,
          communityCode: `${tenant.code}001001`,
          pickupDelegates: [{ name: '代领人', relation: '女儿', phone: DELEGATE_PHONE, consentOn: '2024-01-01' }],
        },
      },
      201,
    )
    elderId = created.json().id
    await expectStatus({ method: 'PATCH', url: `/api/v1/elders/${elderId}`, payload: { phone: ELDER_PHONE, dietaryNotes: '少盐' } }, 200)
    const revealed = await expectStatus({ method: 'POST', url: `/api/v1/elders/${elderId}/reveal` }, 200)
    expect(revealed.json()).toEqual({ idNumber: ELDER_ID, phone: ELDER_PHONE })
    for (const q of [ELDER_ID, ELDER_PHONE, ELDER_ID.slice(-4), ELDER_ID.toLowerCase(), `${ELDER_ID.slice(0, 6)} ${ELDER_ID.slice(6)}`]) {
      const found = await expectStatus({ method: 'POST', url: '/api/v1/elders/search', payload: { q } }, 200)
      expect(found.json().total, q).toBe(1)
    }
    await expectStatus({ method: 'GET', url: '/api/v1/elders/export?reveal=true' }, 200)
    // Sent in a URL by mistake, a number is refused, and the refusal does not log it either.
    await expectStatus({ method: 'GET', url: `/api/v1/elders?q=${ELDER_ID}` }, 400)
    await expectStatus({ method: 'GET', url: `/api/v1/elders/export?reveal=true&q=${ELDER_PHONE}` }, 400)
  })

  it('refuses elders whose numbers are wrong or taken, without saying the number back', async () => {
    const body = { name: '重复老人', communityCode: `${tenant.code}001001` }
    await expectStatus({ method: 'POST', url: '/api/v1/elders', payload: { ...body, idNumber: ELDER_ID } }, 409)
    expect((await call({ method: 'POST', url: '/api/v1/elders', payload: { ...body, idNumber: BAD_CHECK_ID } })).statusCode).toBe(400)
    expect((await call({ method: 'POST', url: '/api/v1/elders', payload: { ...body, idNumber: ELDER_PHONE } })).statusCode).toBe(400)
    expect((await call({ method: 'POST', url: '/api/v1/elders', payload: { ...body, idNumber: SECOND_ID, phone: `${ELDER_PHONE}9` } })).statusCode).toBe(400)
    expect((await call({ method: 'POST', url: '/api/v1/elders', payload: { ...body, idNumber: SECOND_ID, [ELDER_PHONE]: ELDER_ID } })).statusCode).toBe(400)
    const broken = `{"idNumber": "${ELDER_ID}", "phone": "${ELDER_PHONE}"`
    expect((await call({ method: 'POST', url: '/api/v1/elders', payload: broken, headers: { 'content-type': 'application/json' } })).statusCode).toBe(400)
    expect((await call({ method: 'GET', url: `/api/v1/elders/${ELDER_ID}` })).statusCode).toBe(400)
    expect((await call({ method: 'GET', url: `/api/v1/no-such-route/${ELDER_PHONE}?idNumber=${ELDER_ID}` })).statusCode).toBe(404)
    expect((await call({ method: 'GET', url: `/no-such-page/${ELDER_ID}` })).statusCode).toBe(404)
  })

  it('imports a roster with numbers, good and bad', async () => {
    const file = await roster([
      ['导入老人', IMPORTED_ID, `${tenant.code}001001`, IMPORTED_PHONE],
      ['校验错误', BAD_CHECK_ID, `${tenant.code}001001`, ''],
      ['重复老人', IMPORTED_ID, `${tenant.code}001001`, IMPORTED_PHONE],
      ['电话错误', SECOND_ID, `${tenant.code}001001`, `${IMPORTED_PHONE}0`],
    ])
    const dryRun = await expectStatus({ method: 'POST', url: '/api/v1/elders/import?dryRun=true', payload: file, headers: { 'content-type': XLSX } }, 200)
    expect(dryRun.json().issues.length).toBeGreaterThan(0)
    expect(personalNumbersIn(dryRun.body, sent), 'roster issues').toEqual([])
    const good = await roster([['导入老人', IMPORTED_ID, `${tenant.code}001001`, IMPORTED_PHONE]])
    const imported = await expectStatus({ method: 'POST', url: '/api/v1/elders/import', payload: good, headers: { 'content-type': XLSX } }, 200)
    expect(imported.json().created).toBe(1)
  })

  it('issues, tops up, pays with, reissues and cancels a care card', async () => {
    cardId = (await expectStatus({ method: 'POST', url: '/api/v1/care-cards', payload: { elderId } }, 201)).json().id
    await expectStatus({ method: 'POST', url: '/api/v1/care-cards/search', payload: { q: ELDER_ID.slice(-4) } }, 200)
    await expectStatus({ method: 'POST', url: `/api/v1/care-cards/${cardId}/transactions`, payload: { id: randomUUID(), kind: 'top_up', amountFen: 5000, note: '充值' } }, 201)
    expect((await call({ method: 'POST', url: `/api/v1/care-cards/${cardId}/transactions`, payload: { id: randomUUID(), kind: 'top_up', amountFen: 100, note: ELDER_PHONE, cardNo: ELDER_ID } })).statusCode).toBe(400)
    const facility = await expectStatus(
      { method: 'POST', url: '/api/v1/facilities', payload: { name: '日志食堂', type: 'canteen', communityCode: `${tenant.code}001001`, address: '一号路', openedOn: '2024-01-01', contactPhone: ELDER_PHONE } },
      201,
    )
    expect((await call({ method: 'POST', url: `/api/v1/care-cards/${cardId}/transactions`, payload: { id: randomUUID(), kind: 'service_payment', amountFen: 100, facilityId: facility.json().id, serviceType: ELDER_PHONE } })).statusCode).toBe(400)
    await expectStatus({ method: 'POST', url: `/api/v1/care-cards/${cardId}/transactions`, payload: { id: randomUUID(), kind: 'service_payment', amountFen: 100, facilityId: facility.json().id, serviceType: '助浴' } }, 201)
    const reissued = await expectStatus({ method: 'POST', url: `/api/v1/care-cards/${cardId}/reissue`, payload: { reason: '丢失' } }, 201)
    await expectStatus({ method: 'POST', url: `/api/v1/care-cards/${reissued.json().id}/cancel`, payload: { reason: '迁出' } }, 200)
    await expectStatus({ method: 'GET', url: `/api/v1/care-cards/${reissued.json().id}/statement/export` }, 200)
  })

  it('fails sign-ins with numbers for names and passwords', async () => {
    for (const username of [ELDER_ID, ELDER_PHONE, 'bureau_staff']) {
      for (const password of [ELDER_ID, `${ELDER_PHONE}pw`]) {
        const response = await login(t.app, { tenantCode: tenant.code, username, password })
        expect(response.statusCode).toBeGreaterThanOrEqual(400)
        expect(personalNumbersIn(response.body, sent)).toEqual([])
      }
    }
    const attempts = []
    for (let i = 0; i < 5; i++) attempts.push((await login(t.app, { tenantCode: tenant.code, username: 'bureau_staff', password: ELDER_ID })).json().code)
    expect(attempts).toContain('AUTH_LOCKED')
    expect((await login(t.app, { tenantCode: tenant.code, username: 'bureau_admin', password: TEST_PASSWORD })).statusCode).toBe(200)
  })

  it('refuses a username that is taken without saying it back', async () => {
    const user = { username: ELDER_PHONE, displayName: '电话用户', role: 'bureau_staff', phone: USER_PHONE, password: 'Phone#2024' }
    await expectStatus({ method: 'POST', url: '/api/v1/users', payload: user }, 201)
    await expectStatus({ method: 'POST', url: '/api/v1/users', payload: user }, 409)
    // A user search is a URL: a phone number there is refused (and not logged), a part of one is found.
    await expectStatus({ method: 'GET', url: `/api/v1/users?q=${ELDER_PHONE}` }, 400)
    expect((await expectStatus({ method: 'GET', url: `/api/v1/users?q=${ELDER_PHONE.slice(0, 7)}` }, 200)).json().total).toBe(1)
    expect((await call({ method: 'POST', url: '/api/v1/users', payload: { ...user, username: 'phone.user', phone: `${USER_PHONE}1` } })).statusCode).toBe(400)
  })
})

describe('an error inside the server', () => {
  it('is logged without the failed query\'s parameters', async () => {
    await t.app.db.execute('alter table users rename to users_away')
    try {
      const response = await call({ method: 'POST', url: '/api/v1/auth/login', payload: { tenantCode: tenant.code, username: ELDER_PHONE, password: ELDER_ID } }, null)
      expect(response.statusCode).toBe(500)
    } finally {
      await t.app.db.execute('alter table users_away rename to users')
    }
    expect(t.log.some((line) => line.includes('"level":50') && line.includes('params: ***')), 'the failed query is logged').toBe(true)
  })
})

describe('after the whole suite', () => {
  it('no error answer gave back a 身份证号 or phone number', () => {
    expect(echoed).toEqual([])
  })

  it('the log holds no 身份证号 or phone number', () => {
    const log = t.log.join('')
    expect(log.length, 'the app logged').toBeGreaterThan(10_000)
    const found = personalNumbersIn(log, sent)
    const lines = t.log.filter((line) => personalNumbersIn(line, sent).length > 0).map((line) => line.slice(0, 300))
    expect(found, lines.slice(0, 10).join('\n')).toEqual([])
  })
})
