import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { as, createTestApp, seedTenant, signIn, type TestApp } from './helper.js'

let t: TestApp

beforeAll(async () => {
  t = await createTestApp()
  await seedTenant(t.app, '330902')
})
afterAll(() => t.close())

describe('health', () => {
  it('answers 200 with the database state', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/health' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ status: 'ok', database: 'ok', driver: t.database.driver })
  })
})

describe('the API surface', () => {
  it('publishes OpenAPI with every route', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/docs/json' })
    expect(response.statusCode).toBe(200)
    const document = response.json<{ openapi: string; paths: Record<string, unknown> }>()
    expect(document.openapi).toMatch(/^3\./)
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/login', '/api/v1/users/{id}', '/api/v1/regions/import', '/api/v1/audit-events', '/api/v1/tenants']),
    )
  })

  it('answers unknown API paths with the JSON 404', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' })
    expect(response.statusCode).toBe(404)
    expect(response.json()).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' })
  })

  it('refuses bodies that are not JSON, or too large, with a clear code', async () => {
    const broken = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: '{"username":', headers: { 'content-type': 'application/json' } })
    expect(broken.statusCode).toBe(400)
    expect(broken.json()).toMatchObject({ code: 'VALIDATION_FAILED' })
    const huge = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: JSON.stringify({ username: 'x'.repeat(2 * 1024 * 1024), password: 'y' }),
      headers: { 'content-type': 'application/json' },
    })
    expect(huge.statusCode).toBe(413)
    expect(huge.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' })
  })
})

describe('when the database goes away', () => {
  it('health answers 503 and API errors carry no internals', async () => {
    const local = await createTestApp()
    await seedTenant(local.app, '330902')
    const token = (await signIn(local.app, '330902', 'bureau_admin')).accessToken
    await local.database.close()
    try {
      const health = await local.app.inject({ method: 'GET', url: '/api/health' })
      expect(health.statusCode).toBe(503)
      expect(health.json()).toMatchObject({ status: 'unavailable', database: 'unreachable' })
      const response = await as(local.app, token)({ method: 'GET', url: '/api/v1/users' })
      expect(response.statusCode).toBeGreaterThanOrEqual(500)
      const body = response.json()
      expect(['INTERNAL_ERROR', 'DATABASE_UNAVAILABLE']).toContain(body.code)
      expect(Object.keys(body).sort()).toEqual(['code', 'message', 'statusCode'])
      expect(response.body).not.toMatch(/select|users|stack|at \//i)
    } finally {
      await local.app.close()
    }
  })
})
