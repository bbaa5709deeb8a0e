import type { AuditEvent, User } from '@eldercare/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { as, createTestApp, seedTenant, signIn, type SeededTenant, type TestApp } from './helper.js'

let t: TestApp
let home: SeededTenant
let other: SeededTenant
let admin: ReturnType<typeof as>

beforeAll(async () => {
  t = await createTestApp()
  home = await seedTenant(t.app, '330902')
  other = await seedTenant(t.app, '330903')
  admin = as(t.app, (await signIn(t.app, '330902', 'bureau_admin')).accessToken)
})
afterAll(() => t.close())

const newUser = {
  username: 'li.hua',
  displayName: '李华',
  role: 'town_staff',
  phone: '13812345678',
  townCodes: ['330902001'],
  password: 'Start#2024',
}

describe('users', () => {
  let created: User

  it('are created with a masked phone, a town scope and a forced password change', async () => {
    const response = await admin({ method: 'POST', url: '/api/v1/users', payload: newUser })
    expect(response.statusCode).toBe(201)
    created = response.json<User>()
    expect(created).toMatchObject({
      username: 'li.hua',
      role: 'town_staff',
      phoneMasked: '138****5678',
      townCodes: ['330902001'],
      status: 'active',
      mustChangePassword: true,
    })
    expect(response.body).not.toContain('13812345678')
  })

  it('store the phone encrypted, not in clear', async () => {
    const row = await t.app.usersRepository.findById(home.tenantId, created.id)
    expect(row!.phoneEncrypted).toMatch(/^v1:/)
    expect(row!.phoneEncrypted).not.toContain('13812345678')
    expect(t.app.pii.decrypt(row!.phoneEncrypted!)).toBe('13812345678')
  })

  it('leave an audit event with the phone masked', async () => {
    const response = await admin({ method: 'GET', url: `/api/v1/audit-events?entityType=user&entityId=${created.id}` })
    const [event] = response.json<{ items: AuditEvent[] }>().items
    expect(event).toMatchObject({ action: 'user.create', actorUsername: 'bureau_admin' })
    expect(event!.changes.phone).toEqual({ to: '138****5678' })
    expect(JSON.stringify(event)).not.toContain('13812345678')
    expect(JSON.stringify(event)).not.toContain('Start#2024')
  })

  it('refuse a taken username with 409 and write nothing', async () => {
    const before = (await admin({ method: 'GET', url: '/api/v1/users' })).json<{ total: number }>().total
    const response = await admin({ method: 'POST', url: '/api/v1/users', payload: newUser })
    expect(response.statusCode).toBe(409)
    expect(response.json()).toMatchObject({ code: 'USERNAME_TAKEN' })
    expect((await admin({ method: 'GET', url: '/api/v1/users' })).json<{ total: number }>().total).toBe(before)
  })

  it('refuse bad input with the field named', async () => {
    const cases = [
      { ...newUser, username: 'x' },
      { ...newUser, username: 'bad name' },
      { ...newUser, phone: '12345' },
      { ...newUser, role: 'platform_admin' },
      { ...newUser, displayName: 'a\u0000b' },
      { ...newUser, displayName: '   ' },
      { ...newUser, password: 'short' },
    ]
    for (const payload of cases) {
      const response = await admin({ method: 'POST', url: '/api/v1/users', payload: { ...payload, username: payload.username + '' } })
      expect(response.statusCode, JSON.stringify(payload)).toBe(400)
      expect(response.json().code).toBe('VALIDATION_FAILED')
      expect(response.json().details[0].path).toMatch(/^\/body/)
    }
  })

  it('refuse weak passwords and scopes that do not fit the role', async () => {
    const weak = await admin({ method: 'POST', url: '/api/v1/users', payload: { ...newUser, username: 'weak', password: 'abcdefgh' } })
    expect(weak.json()).toMatchObject({ statusCode: 400, code: 'AUTH_PASSWORD_WEAK' })
    const noTown = await admin({ method: 'POST', url: '/api/v1/users', payload: { ...newUser, username: 'no.town', townCodes: [] } })
    expect(noTown.json()).toMatchObject({ statusCode: 400, code: 'USER_SCOPE_INVALID' })
    const foreignTown = await admin({ method: 'POST', url: '/api/v1/users', payload: { ...newUser, username: 'foreign', townCodes: ['330903001'] } })
    expect(foreignTown.json()).toMatchObject({ statusCode: 400, code: 'USER_SCOPE_INVALID' })
    const staffWithTown = await admin({
      method: 'POST',
      url: '/api/v1/users',
      payload: { ...newUser, username: 'staff.town', role: 'bureau_staff' },
    })
    expect(staffWithTown.json()).toMatchObject({ statusCode: 400, code: 'USER_SCOPE_INVALID' })
  })

  it('are listed with filters and pages', async () => {
    const response = await admin({ method: 'GET', url: '/api/v1/users?role=town_staff&pageSize=1' })
    const body = response.json<{ items: User[]; total: number }>()
    expect(body.total).toBe(2)
    expect(body.items).toHaveLength(1)
    const search = await admin({ method: 'GET', url: `/api/v1/users?q=${encodeURIComponent('李')}` })
    expect(search.json<{ items: User[] }>().items.map((user) => user.username)).toEqual(['li.hua'])
  })

  it('are updated, with the change audited', async () => {
    const response = await admin({ method: 'PATCH', url: `/api/v1/users/${created.id}`, payload: { displayName: '李华华', phone: null } })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ displayName: '李华华', phoneMasked: null })
    const events = (await admin({ method: 'GET', url: `/api/v1/audit-events?action=user.update&entityId=${created.id}` })).json<{ items: AuditEvent[] }>()
    expect(events.items[0]!.changes).toEqual({ displayName: { from: '李华', to: '李华华' }, phone: { from: '138****5678', to: null } })
  })

  it('get a temporary password on reset and must change it', async () => {
    const response = await admin({ method: 'POST', url: `/api/v1/users/${home.users.bureau_staff}/reset-password`, payload: { newPassword: 'Temp#2024x' } })
    expect(response.json()).toMatchObject({ mustChangePassword: true })
    const pair = await signIn(t.app, '330902', 'bureau_staff', 'Temp#2024x')
    expect(pair.user.mustChangePassword).toBe(true)
  })

  it('cannot disable themselves', async () => {
    const response = await admin({ method: 'POST', url: `/api/v1/users/${home.users.bureau_admin}/disable` })
    expect(response.json()).toMatchObject({ statusCode: 409, code: 'USER_SELF_DISABLE' })
  })

  it('of another tenant do not exist for this bureau', async () => {
    for (const request of [
      { method: 'GET' as const, url: `/api/v1/users/${other.users.bureau_staff}` },
      { method: 'PATCH' as const, url: `/api/v1/users/${other.users.bureau_staff}`, payload: { displayName: 'x' } },
      { method: 'POST' as const, url: `/api/v1/users/${other.users.bureau_staff}/disable` },
    ]) {
      const response = await admin(request)
      expect(response.statusCode).toBe(404)
      expect(response.json()).toMatchObject({ code: 'NOT_FOUND' })
    }
    const list = await admin({ method: 'GET', url: '/api/v1/users?pageSize=200' })
    expect(list.json<{ items: User[] }>().items.map((user) => user.id)).not.toContain(other.users.bureau_staff)
  })

  it('refuse a malformed id as a validation error', async () => {
    const response = await admin({ method: 'GET', url: '/api/v1/users/not-a-uuid' })
    expect(response.statusCode).toBe(400)
  })
})
