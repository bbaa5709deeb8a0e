/**
 * The authorization matrix: every registered API route × every role × own tenant / other tenant.
 * The list of routes comes from the app itself, so a new route without an entry here fails the suite,
 * and an entry whose roles differ from what the route declares fails too.
 */
import { ROLES, type Role } from '@eldercare/shared'
import { randomUUID } from 'node:crypto'
import ExcelJS from 'exceljs'
import type { InjectOptions } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { as, createTestApp, sampleRegionCsv, seedTenant, signIn, type SeededTenant, type TestApp } from '../../server/test/helper.js'
import { makeIdNumber } from '../../server/test/id-numbers.js'
import { shanghaiToday } from '../../server/src/http/dates.js'
import { MATRIX, MATRIX_BED_FIGURES, type MatrixTargets } from './matrix-entries.js'

let t: TestApp
let home: SeededTenant & MatrixTargets
let other: SeededTenant & MatrixTargets
const tokens = {} as Record<Role, string>

/** Objects to act on in a tenant, with the operator and the reporter scoped to theirs. */
async function withTarget(tenant: SeededTenant): Promise<SeededTenant & MatrixTargets> {
  const admin = as(t.app, (await signIn(t.app, tenant.code, 'bureau_admin')).accessToken)
  const created = async (url: string, payload: Record<string, unknown>) => {
    const response = await admin({ method: 'POST', url, payload })
    expect(response.statusCode, response.body).toBe(201)
    return response.json<{ id: string }>().id
  }
  const community = `${tenant.code}001001`
  const targetUserId = await created('/api/v1/users', { username: 'matrix.target', displayName: '矩阵目标', role: 'bureau_staff', password: 'Target#2024' })
  const canteenId = await created('/api/v1/facilities', { name: '矩阵食堂', type: 'canteen', communityCode: community, address: '一号路', openedOn: '2023-01-01' })
  const institutionId = await created('/api/v1/facilities', { name: '矩阵养老院', type: 'institution', communityCode: community, address: '二号路', openedOn: '2020-01-01' })
  const elderId = await created('/api/v1/elders', { idNumber: makeIdNumber('1941-05-06', tenant.code === '330902' ? '201' : '202'), name: '矩阵目标老人', communityCode: community })
  await admin({ method: 'PATCH', url: `/api/v1/facilities/${canteenId}`, payload: { mealSlots: ['lunch'], mealModes: ['dine_in'] } })
  const kitchenId = await created('/api/v1/facilities', { name: '矩阵厨房', type: 'central_kitchen', communityCode: community, address: '三号路', openedOn: '2020-01-01' })
  await admin({ method: 'PATCH', url: `/api/v1/users/${tenant.users.canteen_operator}`, payload: { facilityIds: [canteenId, kitchenId] } })
  const subsidyRuleId = await created('/api/v1/subsidy-rules', { name: '矩阵', kind: 'age', minAge: 60, amountFen: 300, validFrom: '2024-01-01' })
  const meal = () => ({
    id: randomUUID(),
    elderId,
    facilityId: canteenId,
    servedOn: shanghaiToday(),
    slot: 'lunch',
    mode: 'dine_in',
    priceFen: 1000,
    paymentMethod: 'cash',
    subsidised: false,
  })
  const cardId = await created('/api/v1/care-cards', { elderId })
  const mealIds: string[] = []
  for (let i = 0; i < 8; i++) mealIds.push(await created('/api/v1/meal-records', meal()))
  await admin({ method: 'PATCH', url: `/api/v1/users/${tenant.users.institution_reporter}`, payload: { facilityIds: [institutionId] } })
  const bedReport = await admin({ method: 'POST', url: '/api/v1/bed-reports', payload: { facilityId: institutionId, period: '2024-01', figures: MATRIX_BED_FIGURES } })
  expect(bedReport.statusCode, bedReport.body).toBe(201)
  return {
    ...tenant,
    targetUserId,
    canteenId,
    institutionId,
    elderId,
    regionCsv: sampleRegionCsv(tenant.code),
    rosterXlsx: await rosterFile(community),
    subsidyRuleId,
    kitchenId,
    cardId,
    meal,
    mealIds,
    bedReportId: bedReport.json<{ report: { id: string } }>().report.id,
  }
}

async function rosterFile(communityCode: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('花名册')
  sheet.addRow(['姓名', '身份证号', '社区代码'])
  sheet.addRow(['导入老人', makeIdNumber('1939-09-09', '401'), communityCode])
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

beforeAll(async () => {
  t = await createTestApp()
  home = await withTarget(await seedTenant(t.app, '330902'))
  other = await withTarget(await seedTenant(t.app, '330903'))
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
    }
  })

  for (const role of ROLES) {
    it(`lets ${role} call exactly its routes, in its own tenant`, async () => {
      for (const [key, entry] of Object.entries(MATRIX)) {
        if (entry.roles === 'public') continue
        const response = await as(t.app, tokens[role])(request(key, home, role))
        const allowed = entry.roles.includes(role)
        const label = `${role} → ${key}: ${response.body.slice(0, 200)}`
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
