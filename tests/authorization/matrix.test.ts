/**
 * The authorization matrix: every registered API route × every role × own tenant / other tenant.
 * The list of routes comes from the app itself, so a new route without an entry here fails the suite,
 * and an entry whose roles differ from what the route declares fails too.
 */
import { ROLES, type Role } from '@eldercare/shared'
import type { InjectOptions } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { as, createTestApp, seedTenant, signIn, type SeededTenant, type TestApp } from '../../server/test/helper.js'
import { MATRIX, type MatrixTargets } from './matrix-entries.js'
import { withTarget } from './matrix-targets.js'

let t: TestApp
let home: SeededTenant & MatrixTargets
let other: SeededTenant & MatrixTargets
const tokens = {} as Record<Role, string>

beforeAll(async () => {
  t = await createTestApp()
  home = await withTarget(t.app, await seedTenant(t.app, '330902'))
  other = await withTarget(t.app, await seedTenant(t.app, '330903'))
  for (const role of ROLES) tokens[role] = (await signIn(t.app, '330902', role)).accessToken
})
afterAll(() => t.close())

function request(key: string, target: SeededTenant & MatrixTargets, role: Role = 'bureau_admin'): InjectOptions {
  const entry = MATRIX[key]!
  const [method, url] = key.split(' ') as [InjectOptions['method'], string]
  const params = entry.params?.(target, role) ?? {}
  const path = url.replace(/:(\w+)/g, (_, name: string) => params[name] ?? `missing-${name}`)
  return {
    method,
    url: path + (entry.query ? `?${new URLSearchParams(entry.query(target))}` : ''),
    ...(entry.body ? { payload: entry.body(target) } : {}),
    ...(entry.contentType ? { headers: { 'content-type': entry.contentType } } : {}),
  }
}

describe('authorization matrix', () => {
  it('has an entry for every registered route, with the roles the route declares', () => {
    const registered = t.app.routeCatalog.map((route) => `${route.method} ${route.url}`)
    const missing = registered.filter((key) => !MATRIX[key])
    expect(missing, 'routes without a matrix entry').toEqual([])
    const stale = Object.keys(MATRIX).filter((key) => !registered.includes(key))
    expect(stale, 'matrix entries without a route').toEqual([])
    for (const route of t.app.routeCatalog) {
      const entry = MATRIX[`${route.method} ${route.url}`]!
      expect(route.public, `${route.method} ${route.url} public`).toBe(entry.roles === 'public')
      if (entry.roles !== 'public') expect([...route.roles].sort(), `${route.method} ${route.url}`).toEqual([...entry.roles].sort())
    }
  })

  it('refuses every non-public route without a token', async () => {
    for (const key of Object.keys(MATRIX).filter((key) => MATRIX[key]!.roles !== 'public')) {
      const response = await t.app.inject(request(key, home))
      expect(response.statusCode, key).toBe(401)
      expect(response.json().code, key).toBe('AUTH_REQUIRED')
      expect(response.headers['cache-control'], key).toBe('no-store')
    }
  })

  it('answers every public route with Cache-Control: no-store', async () => {
    for (const key of Object.keys(MATRIX).filter((key) => MATRIX[key]!.roles === 'public')) {
      const response = await t.app.inject(request(key, home))
      expect(response.statusCode, key).toBeLessThan(500)
      expect(response.headers['cache-control'], key).toBe('no-store')
    }
  })

  for (const role of ROLES) {
    it(`lets ${role} call exactly its routes, in its own tenant`, async () => {
      for (const [key, entry] of Object.entries(MATRIX)) {
        if (entry.roles === 'public') continue
        const response = await as(t.app, tokens[role])(request(key, home, role))
        const allowed = entry.roles.includes(role)
        const label = `${role} → ${key}: ${response.body.slice(0, 200)}`
        // Answers carry personal data and figures of the moment: no cache keeps them.
        expect(response.headers['cache-control'], label).toBe('no-store')
        if (allowed) {
          expect(response.statusCode, label).toBeLessThan(500)
          expect([401, 403, 404], label).not.toContain(response.statusCode)
        } else {
          expect(response.statusCode, label).toBe(403)
          expect(response.json().code, label).toBe('FORBIDDEN')
        }
      }
    })

    it(`shows ${role} nothing of another tenant`, async () => {
      for (const [key, entry] of Object.entries(MATRIX)) {
        if (entry.roles === 'public' || !entry.roles.includes(role) || entry.crossTenant) continue
        const options = request(key, other, role)
        const response = await as(t.app, tokens[role])(options)
        const label = `${role} → ${key} on the other tenant: ${response.body.slice(0, 200)}`
        if (entry.params) {
          expect(response.statusCode, label).toBe(404)
          expect(response.json().code, label).toBe('NOT_FOUND')
        } else {
          const foreignIds = [other.tenantId, other.targetUserId, other.canteenId, other.institutionId, other.elderId, other.subsidyRuleId, other.kitchenId, other.cardId, ...other.mealIds, ...Object.values(other.users)]
          for (const foreign of [...foreignIds, `"${other.code}001"`, `"${other.code}001001"`]) {
            expect(response.body, label).not.toContain(foreign)
          }
        }
      }
    })
  }
})
