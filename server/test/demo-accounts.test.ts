import { readFile } from 'node:fs/promises'
import { uuidv7 } from '@eldercare/db'
import type { CurrentUser, User } from '@eldercare/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashPassword } from '../src/auth/passwords.js'
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TENANT } from '../src/demo/demo-accounts.js'
import { seedDemoAccounts } from '../src/demo/seed-demo-accounts.js'
import { as, createTestApp, login, signIn, type TestApp } from './helper.js'

let t: TestApp
let userIds: Map<string, string>

beforeAll(async () => {
  t = await createTestApp()
  const csv = await readFile(new URL('../src/demo/dinghai-regions.csv', import.meta.url), 'utf8')
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  userIds = await t.app.db.transaction(async (tx) => {
    const tenant = await t.app.tenantsRepository.insert({ id: uuidv7(), ...DEMO_TENANT }, tx)
    await t.app.regionsService.importCsv({ tenantId: tenant.id, userId: null, username: 'test-seed', ip: null }, csv, tx)
    return seedDemoAccounts(t.app, tenant.id, passwordHash, {}, tx)
  })
})
afterAll(() => t.close())

describe('the demo accounts', () => {
  it('sign in as the README says: the district’s with 330902, the platform operator with 000000', async () => {
    for (const account of DEMO_ACCOUNTS) {
      const pair = await signIn(t.app, account.tenantCode, account.username, DEMO_PASSWORD)
      expect(pair.user, account.username).toMatchObject({ role: account.username, tenantCode: account.tenantCode })
    }
    expect(DEMO_ACCOUNTS.find((account) => account.username === 'platform_admin')?.tenantCode).toBe('000000')
  })

  it('keep the platform operator out of the district: not signed in there, not listed, not read, not in its header', async () => {
    expect((await login(t.app, { tenantCode: DEMO_TENANT.code, username: 'platform_admin', password: DEMO_PASSWORD })).json()).toMatchObject({ code: 'AUTH_INVALID' })
    const admin = as(t.app, (await signIn(t.app, DEMO_TENANT.code, 'bureau_admin', DEMO_PASSWORD)).accessToken)
    const listed = (await admin({ method: 'GET', url: '/api/v1/users?pageSize=200' })).json<{ items: User[] }>().items
    expect(listed.map((user) => user.role)).not.toContain('platform_admin')
    expect(listed).toHaveLength(DEMO_ACCOUNTS.length - 1)
    expect((await admin({ method: 'GET', url: `/api/v1/users/${userIds.get('platform_admin')}` })).json()).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' })
    const operator = as(t.app, (await signIn(t.app, '000000', 'platform_admin', DEMO_PASSWORD)).accessToken)
    const me = (await operator({ method: 'GET', url: '/api/v1/auth/me' })).json<CurrentUser>()
    expect(me).toMatchObject({ tenantCode: '000000', tenantName: '平台运营' })
    expect(me.tenantName).not.toContain('定海')
  })
})
