import { WORK_PLAN_TARGETS, type Tenant } from '@eldercare/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WORK_PLAN_YEAR } from '../src/indicators/targets.repository.js'
import { bootstrapPlatformAdmin } from '../src/platform/bootstrap-platform-admin.js'
import { as, createTestApp, login, seedTenant, signIn, type TestApp } from './helper.js'

let t: TestApp
let platform: ReturnType<typeof as>

beforeAll(async () => {
  t = await createTestApp()
  await seedTenant(t.app, '330902')
  platform = as(t.app, (await signIn(t.app, '330902', 'platform_admin')).accessToken)
})
afterAll(() => t.close())

const putuo = { code: '330903', name: '普陀区', admin: { username: 'pt.admin', displayName: '普陀管理员', password: 'Putuo#2024' } }

describe('tenants', () => {
  it('are created by the platform admin with a first bureau admin who must change the password', async () => {
    const response = await platform({ method: 'POST', url: '/api/v1/tenants', payload: putuo })
    expect(response.statusCode).toBe(201)
    const tenant = response.json<Tenant>()
    expect(tenant).toMatchObject({ code: '330903', name: '普陀区' })
    const first = await login(t.app, { tenantCode: '330903', username: 'pt.admin', password: 'Putuo#2024' })
    expect(first.json()).toMatchObject({ user: { role: 'bureau_admin', mustChangePassword: true, tenantName: '普陀区' } })
    expect((await platform({ method: 'GET', url: `/api/v1/tenants/${tenant.id}` })).json()).toMatchObject({ code: '330903' })
    // The work plan's targets come with the tenant, so the first report reads them and writes nothing.
    const targets = await t.app.targetsRepository.list(tenant.id, [WORK_PLAN_YEAR])
    expect(targets.map((target) => target.key).sort()).toEqual(WORK_PLAN_TARGETS.map((target) => target.key).sort())
  })

  it('refuse a duplicate code with 409', async () => {
    const response = await platform({ method: 'POST', url: '/api/v1/tenants', payload: putuo })
    expect(response.json()).toMatchObject({ statusCode: 409, code: 'TENANT_CODE_TAKEN' })
  })

  it('refuse a malformed code or a weak admin password and write nothing', async () => {
    const bad = await platform({ method: 'POST', url: '/api/v1/tenants', payload: { ...putuo, code: '3309' } })
    expect(bad.json()).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' })
    const weak = await platform({
      method: 'POST',
      url: '/api/v1/tenants',
      payload: { ...putuo, code: '330921', admin: { ...putuo.admin, password: 'password' } },
    })
    expect(weak.json()).toMatchObject({ statusCode: 400, code: 'AUTH_PASSWORD_WEAK' })
    const list = (await platform({ method: 'GET', url: '/api/v1/tenants' })).json<{ items: Tenant[] }>()
    expect(list.items.map((tenant) => tenant.code)).toEqual(['330902', '330903'])
  })

  it('answer 404 for an unknown id', async () => {
    const response = await platform({ method: 'GET', url: '/api/v1/tenants/01900000-0000-7000-8000-000000000000' })
    expect(response.json()).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' })
  })
})

describe('a production installation', () => {
  it('gets its first platform admin from the bootstrap, who must change the password', async () => {
    expect(await bootstrapPlatformAdmin(t.app.db, 'ops', 'Ops#20240')).toBe('created')
    expect(await bootstrapPlatformAdmin(t.app.db, 'ops', 'Ops#20240')).toBe('exists')
    await expect(bootstrapPlatformAdmin(t.app.db, 'ops2', 'weak')).rejects.toThrow(/password/)
    const response = await login(t.app, { tenantCode: '000000', username: 'ops', password: 'Ops#20240' })
    expect(response.json()).toMatchObject({ user: { role: 'platform_admin', mustChangePassword: true } })
  })
})
