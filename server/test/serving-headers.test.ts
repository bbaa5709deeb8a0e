import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from './helper.js'

let direct: TestApp
let proxied: TestApp

beforeAll(async () => {
  direct = await createTestApp()
  proxied = await createTestApp({ TRUST_PROXY: '127.0.0.1' })
})
afterAll(async () => {
  await direct?.close()
  await proxied?.close()
})

describe('headers over plain http', () => {
  it('never ask the browser for https: no upgrade-insecure-requests, no HSTS, no COOP', async () => {
    const response = await direct.app.inject({ method: 'GET', url: '/api/health' })
    expect(response.headers['content-security-policy']).toContain("script-src 'self'")
    expect(response.headers['content-security-policy']).not.toContain('upgrade-insecure-requests')
    expect(response.headers['strict-transport-security']).toBeUndefined()
    expect(response.headers['cross-origin-opener-policy']).toBeUndefined()
  })

  it('ignore X-Forwarded-Proto from a client that is not a trusted proxy', async () => {
    const response = await direct.app.inject({ method: 'GET', url: '/api/health', headers: { 'x-forwarded-proto': 'https' } })
    expect(response.headers['strict-transport-security']).toBeUndefined()
  })
})

describe('headers behind a trusted proxy', () => {
  it('send HSTS and COOP when the proxy says the request came over https', async () => {
    const response = await proxied.app.inject({ method: 'GET', url: '/api/health', headers: { 'x-forwarded-proto': 'https' }, remoteAddress: '127.0.0.1' })
    expect(response.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains')
    expect(response.headers['cross-origin-opener-policy']).toBe('same-origin')
  })

  it('send neither when it says http', async () => {
    const response = await proxied.app.inject({ method: 'GET', url: '/api/health', headers: { 'x-forwarded-proto': 'http' }, remoteAddress: '127.0.0.1' })
    expect(response.headers['strict-transport-security']).toBeUndefined()
    expect(response.headers['cross-origin-opener-policy']).toBeUndefined()
  })
})
