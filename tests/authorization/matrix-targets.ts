/**
 * The objects the authorization matrix acts on in a tenant, seeded through the API. Shared with the
 * hostile-input suite, which sends its troublesome strings to the same routes with the same bodies.
 */
import { randomUUID } from 'node:crypto'
import ExcelJS from 'exceljs'
import type { FastifyInstance } from 'fastify'
import { expect } from 'vitest'
import { as, sampleRegionCsv, signIn, type SeededTenant } from '../../server/test/helper.js'
import { makeIdNumber } from '../../server/test/id-numbers.js'
import { shanghaiToday } from '../../server/src/http/dates.js'
import { MATRIX_BED_FIGURES, type MatrixTargets } from './matrix-entries.js'

/** Objects to act on in a tenant, with the operator and the reporter scoped to theirs. */
export async function withTarget(app: FastifyInstance, tenant: SeededTenant): Promise<SeededTenant & MatrixTargets> {
  const admin = as(app, (await signIn(app, tenant.code, 'bureau_admin')).accessToken)
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
  const findingIds = [randomUUID(), randomUUID()]
  for (const [index, id] of findingIds.entries()) {
    await app.subsidyChecksRepository.insertFinding({ tenantId: tenant.tenantId, id, kind: 'after_move', key: `matrix:${index}`, elderId, townCode: `${tenant.code}001`, period: shanghaiToday(), amountFen: 0 })
  }
  return {
    ...tenant,
    targetUserId,
    canteenId,
    institutionId,
    elderId,
    regionCsv: sampleRegionCsv(tenant.code),
    rosterXlsx: await rosterFile(community),
    populationXlsx: await populationFile(),
    subsidyRuleId,
    kitchenId,
    cardId,
    meal,
    mealIds,
    bedReportId: bedReport.json<{ report: { id: string } }>().report.id,
    findingIds,
  }
}

async function rosterFile(communityCode: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('花名册')
  sheet.addRow(['姓名', '身份证号', '社区代码'])
  sheet.addRow(['导入老人', makeIdNumber('1939-09-09', '401'), communityCode])
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

async function populationFile(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('人口')
  sheet.addRow(['村（社区）', '60岁以上人口', '80岁以上人口', '总人口'])
  sheet.addRow(['一号社区居委会', 410, 52, 2010])
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
