/**
 * How the built web app and the API answers travel: pre-compressed assets by Accept-Encoding, hashed
 * assets cached for a year, index.html revalidated every time, API answers compressed from 1 KB and
 * never stored. The web root is made here as `vite build` lays it out (the e2e journeys serve the real one).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { brotliCompressSync, brotliDecompressSync, gzipSync } from 'node:zlib'
import { createDb } from '@eldercare/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { as, seedTenant, signIn, TEST_SECRETS } from './helper.js'
import type { FastifyInstance } from 'fastify'

const SCRIPT = `export const greeting = ${JSON.stringify('你好'.repeat(2000))}\n`
const PAGE = '<!doctype html><html><head><script type="module" src="/assets/index-Ab12Cd34.js"></script></head><body><div id="app"></div></body></html>'

let webRoot: string
let app: FastifyInstance
let close: () => Promise<void>

beforeAll(async () => {
  webRoot = mkdtempSync(path.join(os.tmpdir(), 'eldercare-web-'))
  mkdirSync(path.join(webRoot, 'assets'))
  for (const [file, content] of [['index.html', PAGE], ['assets/index-Ab12Cd34.js', SCRIPT]] as const) {
    writeFileSync(path.join(webRoot, file), content)
    writeFileSync(path.join(webRoot, `${file}.br`), brotliCompressSync(content))
    writeFileSync(path.join(webRoot, `${file}.gz`), gzipSync(content))
  }
  const database = await createDb('memory://')
  await database.migrate()
  app = await buildApp({ config: loadConfig({ APP_MODE: 'test' }), secrets: TEST_SECRETS, database, webRoot })
  close = async () => {
    await app.close()
    await database.close()
  }
})
afterAll(async () => {
  await close?.()
  rmSync(webRoot, { recursive: true, force: true })
})

describe('the built web app', () => {
  it('sends a hashed asset Brotli-compressed when asked, cached as immutable for a year', async () => {
    const response = await app.inject({ method: 'GET', url: '/assets/index-Ab12Cd34.js', headers: { 'accept-encoding': 'gzip, deflate, br' } })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-encoding']).toBe('br')
    expect(response.headers['content-type']).toMatch(/javascript/)
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(response.headers.vary).toContain('accept-encoding')
    expect(brotliDecompressSync(response.rawPayload).toString()).toBe(SCRIPT)
  })

  it('sends gzip to a browser without Brotli, and the file itself to one that accepts neither', async () => {
    const gzip = await app.inject({ method: 'GET', url: '/assets/index-Ab12Cd34.js', headers: { 'accept-encoding': 'gzip' } })
    expect(gzip.headers['content-encoding']).toBe('gzip')
    const plain = await app.inject({ method: 'GET', url: '/assets/index-Ab12Cd34.js', headers: { 'accept-encoding': 'identity' } })
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body).toBe(SCRIPT)
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable')
  })

  it('has index.html revalidated on every visit, at / and at a deep link', async () => {
    for (const url of ['/', '/meals/counter']) {
      const response = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br' } })
      expect(response.statusCode, url).toBe(200)
      expect(response.headers['cache-control'], url).toBe('no-cache')
      expect(response.headers['content-type'], url).toMatch(/^text\/html/)
      expect(brotliDecompressSync(response.rawPayload).toString(), url).toBe(PAGE)
    }
  })

  it('answers a missing asset 404, not with the page', async () => {
    const response = await app.inject({ method: 'GET', url: '/assets/index-Old00000.js' })
    expect(response.statusCode).toBe(404)
    expect(response.json().code).toBe('NOT_FOUND')
  })
})

describe('API answers', () => {
  it('are compressed from 1 KB, by Accept-Encoding, and small ones are not', async () => {
    const docs = await app.inject({ method: 'GET', url: '/api/docs/json', headers: { 'accept-encoding': 'br' } })
    expect(docs.headers['content-encoding']).toBe('br')
    expect(JSON.parse(brotliDecompressSync(docs.rawPayload).toString()).openapi).toMatch(/^3\./)
    const health = await app.inject({ method: 'GET', url: '/api/health', headers: { 'accept-encoding': 'br' } })
    expect(health.body.length).toBeLessThan(1024)
    expect(health.headers['content-encoding']).toBeUndefined()
  })

  it('send .xlsx files as they are: they are zip archives already', async () => {
    await seedTenant(app, '330902')
    const token = (await signIn(app, '330902', 'bureau_admin')).accessToken
    const response = await as(app, token)({ method: 'GET', url: '/api/v1/indicators/export?asOf=2025-06-30', headers: { 'accept-encoding': 'br, gzip' } })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toMatch(/spreadsheetml/)
    expect(response.headers['content-encoding']).toBeUndefined()
    expect(response.rawPayload.subarray(0, 2).toString()).toBe('PK')
    expect(response.headers['cache-control']).toBe('no-store')
  })

  it('are never stored, errors and unknown paths included', async () => {
    for (const url of ['/api/health', '/api/v1/auth/me', '/api/v1/no-such-route', '/api/docs/json']) {
      const response = await app.inject({ method: 'GET', url })
      expect(response.headers['cache-control'], url).toBe('no-store')
    }
  })
})
