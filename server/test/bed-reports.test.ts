import type { AuditEvent, BedFigures, BedReportDetail, Facility, LateFilers } from '@eldercare/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { as, createTestApp, seedTenant, signIn, type SeededTenant, type TestApp } from './helper.js'

let t: TestApp
let home: SeededTenant
let admin: ReturnType<typeof as>
let reporter: ReturnType<typeof as>
let townStaff: ReturnType<typeof as>
let mine: Facility
let theirs: Facility

const figures: BedFigures = {
  totalBeds: 100,
  nursingBeds: 60,
  dementiaBeds: 10,
  closedBeds: 5,
  occupiedBeds: 80,
  occupiedNursingBeds: 50,
  occupiedDementiaBeds: 8,
  residentsSelfCare: 30,
  residentsPartlyDependent: 30,
  residentsDependent: 20,
  certifiedCaregivers: 20,
  caregivers: 25,
}

async function institution(name: string, extra: Record<string, unknown> = {}): Promise<Facility> {
  const response = await admin({
    method: 'POST',
    url: '/api/v1/facilities',
    payload: { name, type: 'institution', communityCode: '330902001001', address: '养老路1号', openedOn: '2020-01-01', ...extra },
  })
  expect(response.statusCode, response.body).toBe(201)
  return response.json<Facility>()
}

const reportsOf = async (facilityId: string) =>
  (await admin({ method: 'GET', url: `/api/v1/bed-reports?facilityId=${facilityId}` })).json<{ items: unknown[]; total: number }>().total

beforeAll(async () => {
  t = await createTestApp()
  home = await seedTenant(t.app, '330902')
  admin = as(t.app, (await signIn(t.app, '330902', 'bureau_admin')).accessToken)
  mine = await institution('一号养老院')
  theirs = await institution('二号养老院')
  await admin({ method: 'PATCH', url: `/api/v1/users/${home.users.institution_reporter}`, payload: { facilityIds: [mine.id] } })
  reporter = as(t.app, (await signIn(t.app, '330902', 'institution_reporter')).accessToken)
  townStaff = as(t.app, (await signIn(t.app, '330902', 'town_staff')).accessToken)
})
afterAll(() => t.close())

describe('bed report checks', () => {
  const cases: [string, Partial<BedFigures>, string][] = [
    ['a negative count', { caregivers: -1, certifiedCaregivers: 0 }, 'caregivers'],
    ['nursing beds above all beds', { nursingBeds: 101 }, 'nursingBeds'],
    ['dementia-care beds above all beds', { dementiaBeds: 120 }, 'dementiaBeds'],
    ['closed beds above all beds', { closedBeds: 101, occupiedBeds: 0, occupiedNursingBeds: 0, occupiedDementiaBeds: 0, residentsSelfCare: 0, residentsPartlyDependent: 0, residentsDependent: 0 }, 'closedBeds'],
    ['occupied beds above the open ones', { closedBeds: 30 }, 'occupiedBeds'],
    ['occupied nursing beds above nursing beds', { occupiedNursingBeds: 61 }, 'occupiedNursingBeds'],
    ['occupied dementia-care beds above dementia-care beds', { occupiedDementiaBeds: 11 }, 'occupiedDementiaBeds'],
    ['residents above occupied beds', { residentsDependent: 21 }, 'residentsDependent'],
    ['certified caregivers above all caregivers', { certifiedCaregivers: 26 }, 'certifiedCaregivers'],
  ]
  for (const [what, change, field] of cases) {
    it(`refuses ${what}, naming ${field}, and writes nothing`, async () => {
      const response = await reporter({ method: 'POST', url: '/api/v1/bed-reports', payload: { facilityId: mine.id, period: '2024-01', figures: { ...figures, ...change } } })
      expect(response.statusCode).toBe(400)
      const body = response.json()
      expect(body.code).toBe('BED_REPORT_INVALID')
      expect(body.details.map((d: { path: string }) => d.path)).toContain(`/body/figures/${field}`)
      expect(body.message).toContain(field)
      expect(await reportsOf(mine.id)).toBe(0)
    })
  }

  it('refuses a month that has not ended or precedes the opening', async () => {
    const thisMonth = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7)
    for (const period of [thisMonth, '2019-12']) {
      const response = await reporter({ method: 'POST', url: '/api/v1/bed-reports', payload: { facilityId: mine.id, period, figures } })
      expect(response.json()).toMatchObject({ statusCode: 400, code: 'BED_REPORT_PERIOD_INVALID' })
    }
  })
})

describe('the bed report workflow', () => {
  let january: BedReportDetail

  it('a reporter files only for their own institution', async () => {
    const other = await reporter({ method: 'POST', url: '/api/v1/bed-reports', payload: { facilityId: theirs.id, period: '2024-01', figures } })
    expect(other.json()).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' })
    expect(await reportsOf(theirs.id)).toBe(0)
    const created = await reporter({ method: 'POST', url: '/api/v1/bed-reports', payload: { facilityId: mine.id, period: '2024-01', figures } })
    expect(created.statusCode, created.body).toBe(201)
    january = created.json<BedReportDetail>()
    expect(january).toMatchObject({ report: { status: 'draft', period: '2024-01', figures, facilityName: '一号养老院' }, previous: null })
    expect(Object.keys(january.report.figureChangedAt)).toHaveLength(12)
    const twice = await reporter({ method: 'POST', url: '/api/v1/bed-reports', payload: { facilityId: mine.id, period: '2024-01', figures } })
    expect(twice.json()).toMatchObject({ statusCode: 409, code: 'BED_REPORT_EXISTS' })
  })

  it('a reporter submits but cannot approve; the bureau returns with a comment, then approves', async () => {
    const id = january.report.id
    expect((await reporter({ method: 'POST', url: `/api/v1/bed-reports/${id}/submit` })).json()).toMatchObject({ report: { status: 'submitted' } })
    expect((await reporter({ method: 'PATCH', url: `/api/v1/bed-reports/${id}`, payload: { figures } })).json()).toMatchObject({ code: 'BED_REPORT_STATE' })
    const approve = await reporter({ method: 'POST', url: `/api/v1/bed-reports/${id}/approve` })
    expect(approve.json()).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' })
    const returned = await admin({ method: 'POST', url: `/api/v1/bed-reports/${id}/return`, payload: { comment: '护理员人数请核对' } })
    expect(returned.json()).toMatchObject({ report: { status: 'returned', comment: '护理员人数请核对' } })
    const fixed = await reporter({ method: 'PATCH', url: `/api/v1/bed-reports/${id}`, payload: { figures: { ...figures, caregivers: 24 } } })
    expect(fixed.statusCode, fixed.body).toBe(200)
    expect(fixed.json<BedReportDetail>().report.figureChangedAt.caregivers! > january.report.figureChangedAt.caregivers!).toBe(true)
    expect(fixed.json<BedReportDetail>().report.figureChangedAt.totalBeds).toBe(january.report.figureChangedAt.totalBeds)
    await reporter({ method: 'POST', url: `/api/v1/bed-reports/${id}/submit` })
    expect((await reporter({ method: 'GET', url: '/api/v1/bed-reports?status=submitted' })).json().total).toBe(1)
    expect((await admin({ method: 'POST', url: `/api/v1/bed-reports/${id}/approve` })).json()).toMatchObject({ report: { status: 'approved', comment: null } })
  })

  it('an approved report cannot be changed by anyone', async () => {
    const id = january.report.id
    for (const as of [reporter, admin]) {
      expect((await as({ method: 'PATCH', url: `/api/v1/bed-reports/${id}`, payload: { figures } })).json()).toMatchObject({ statusCode: 409, code: 'BED_REPORT_STATE' })
      expect((await as({ method: 'POST', url: `/api/v1/bed-reports/${id}/submit` })).json()).toMatchObject({ code: 'BED_REPORT_STATE' })
      expect((await as({ method: 'POST', url: '/api/v1/bed-reports/unchanged', payload: { facilityId: mine.id, period: '2024-01' } })).json()).toMatchObject({
        code: 'BED_REPORT_STATE',
      })
    }
    expect((await admin({ method: 'POST', url: `/api/v1/bed-reports/${id}/return`, payload: { comment: 'x' } })).json()).toMatchObject({ code: 'BED_REPORT_STATE' })
    const stored = (await admin({ method: 'GET', url: `/api/v1/bed-reports/${id}` })).json<BedReportDetail>()
    expect(stored.report).toMatchObject({ status: 'approved', figures: { ...figures, caregivers: 24 } })
  })

  it('a change of more than 20% needs an explanation, named with the figures that moved', async () => {
    const moved = { ...figures, caregivers: 24, totalBeds: 130, closedBeds: 0 }
    const refused = await reporter({ method: 'POST', url: '/api/v1/bed-reports', payload: { facilityId: mine.id, period: '2024-02', figures: moved } })
    expect(refused.json()).toMatchObject({ statusCode: 400, code: 'BED_REPORT_EXPLANATION_REQUIRED' })
    const paths = refused.json().details.map((d: { path: string }) => d.path)
    expect(paths).toEqual(['/body/explanation', '/body/figures/totalBeds', '/body/figures/closedBeds'])
    expect(await reportsOf(mine.id)).toBe(1)
    // 20% exactly is allowed without a word.
    const within = await reporter({ method: 'POST', url: '/api/v1/bed-reports', payload: { facilityId: mine.id, period: '2024-02', figures: { ...figures, caregivers: 24, totalBeds: 120 } } })
    expect(within.statusCode, within.body).toBe(201)
    const explained = await reporter({
      method: 'PATCH',
      url: `/api/v1/bed-reports/${within.json<BedReportDetail>().report.id}`,
      payload: { figures: moved, explanation: '新楼启用，增加30张床位' },
    })
    expect(explained.statusCode, explained.body).toBe(200)
    expect(explained.json<BedReportDetail>()).toMatchObject({ report: { explanation: '新楼启用，增加30张床位' }, previous: { period: '2024-01', figures: { caregivers: 24 } } })
  })

  it('"unchanged since last month" files and submits the last approved figures, keeping when each last changed', async () => {
    const response = await reporter({ method: 'POST', url: '/api/v1/bed-reports/unchanged', payload: { facilityId: mine.id, period: '2024-03' } })
    expect(response.statusCode, response.body).toBe(200)
    const march = response.json<BedReportDetail>()
    expect(march.report).toMatchObject({ status: 'submitted', period: '2024-03', figures: { ...figures, caregivers: 24 } })
    const approvedJanuary = (await admin({ method: 'GET', url: `/api/v1/bed-reports?facilityId=${mine.id}&period=2024-01` })).json().items[0]
    expect(march.report.figureChangedAt).toEqual(approvedJanuary.figureChangedAt)
    const none = await admin({ method: 'POST', url: '/api/v1/bed-reports/unchanged', payload: { facilityId: theirs.id, period: '2024-03' } })
    expect(none.json()).toMatchObject({ statusCode: 409, code: 'BED_REPORT_NO_PREVIOUS' })
  })

  it('audits every change of a report', async () => {
    const events = (await admin({ method: 'GET', url: '/api/v1/audit-events?entityType=bed_report&pageSize=50' })).json<{ items: AuditEvent[] }>().items
    expect(events.map((e) => e.action).sort()).toEqual(
      ['bed_report.create', 'bed_report.create', 'bed_report.submit', 'bed_report.return', 'bed_report.update', 'bed_report.submit', 'bed_report.approve', 'bed_report.update', 'bed_report.unchanged'].sort(),
    )
    const fix = events.find((e) => e.action === 'bed_report.update' && e.changes.caregivers)!
    expect(fix.changes.caregivers).toEqual({ from: 25, to: 24 })
  })

  it('shows town staff the reports of their towns, read-only', async () => {
    expect((await townStaff({ method: 'GET', url: `/api/v1/bed-reports?facilityId=${mine.id}` })).json().total).toBe(3)
    expect((await townStaff({ method: 'POST', url: '/api/v1/bed-reports/unchanged', payload: { facilityId: mine.id, period: '2024-04' } })).statusCode).toBe(403)
  })
})

describe('late filers', () => {
  it('lists the institutions open in a period without a filed report, across the period boundary', async () => {
    const opened = await institution('三号养老院', { openedOn: '2024-03-15' })
    await institution('四号养老院', { openedOn: '2020-01-01', closedOn: '2024-03-01' })
    // 一号 filed February (draft → explained, still a draft) and March (submitted).
    const february = (await admin({ method: 'GET', url: '/api/v1/bed-reports/late?period=2024-02' })).json<LateFilers>()
    expect(february.items.map((item) => [item.facilityName, item.status])).toEqual([
      ['一号养老院', 'draft'],
      ['二号养老院', null],
      ['四号养老院', null],
    ])
    expect(february).toMatchObject({ expected: 3, overdue: true, window: { period: '2024-02', opensOn: '2024-03-01', closesOn: '2024-03-10' } })
    const march = (await admin({ method: 'GET', url: '/api/v1/bed-reports/late?period=2024-03' })).json<LateFilers>()
    expect(march.items.map((item) => item.facilityName).sort()).toEqual(['二号养老院', '三号养老院'].sort())
    expect(march.items.find((item) => item.facilityId === opened.id)).toMatchObject({ reportId: null })
    expect(march.expected).toBe(3)
    // A reporter sees only their own institution.
    expect((await reporter({ method: 'GET', url: '/api/v1/bed-reports/late?period=2024-02' })).json<LateFilers>().items.map((i) => i.facilityName)).toEqual(['一号养老院'])
  })

  it('follows the reporting window setting', async () => {
    const settings = (await admin({ method: 'GET', url: '/api/v1/institution-settings' })).json()
    expect(settings).toMatchObject({ reportWindowStartDay: 1, reportWindowEndDay: 10, changeThresholdPercent: 20 })
    const bad = await admin({ method: 'PUT', url: '/api/v1/institution-settings', payload: { ...settings, reportWindowStartDay: 12, reportWindowEndDay: 5 } })
    expect(bad.json()).toMatchObject({ statusCode: 400, code: 'INSTITUTION_SETTINGS_INVALID', details: [{ path: '/body/reportWindowEndDay' }] })
    const saved = await admin({ method: 'PUT', url: '/api/v1/institution-settings', payload: { ...settings, reportWindowStartDay: 5, reportWindowEndDay: 20 } })
    expect(saved.statusCode, saved.body).toBe(200)
    const december = (await admin({ method: 'GET', url: '/api/v1/bed-reports/late?period=2023-12' })).json<LateFilers>()
    expect(december.window).toEqual({ period: '2023-12', opensOn: '2024-01-05', closesOn: '2024-01-20' })
    const due = (await reporter({ method: 'GET', url: '/api/v1/bed-reports/late' })).json<LateFilers>()
    expect(due.window.closesOn.slice(8)).toBe('20')
    expect((await reporter({ method: 'PUT', url: '/api/v1/institution-settings', payload: settings })).statusCode).toBe(403)
  })
})

describe('the institution page', () => {
  it('keeps the profile, kept by the reporter too, audited, with 康养联合体 as the facility tag', async () => {
    const payload = { ownership: 'public_built_private_run', licenceNo: '浙养备330902001', licensedOn: '2020-01-01', licensedBeds: 120, healthUnion: true }
    const saved = await reporter({ method: 'PUT', url: `/api/v1/institutions/${mine.id}/profile`, payload })
    expect(saved.statusCode, saved.body).toBe(200)
    expect(saved.json().profile).toMatchObject({ ...payload })
    expect((await admin({ method: 'GET', url: `/api/v1/facilities/${mine.id}` })).json().tags).toEqual(['health_union'])
    expect((await reporter({ method: 'PUT', url: `/api/v1/institutions/${theirs.id}/profile`, payload })).statusCode).toBe(404)
    const events = (await admin({ method: 'GET', url: `/api/v1/audit-events?entityId=${mine.id}&action=institution.profile` })).json<{ items: AuditEvent[] }>().items
    expect(events[0]!.changes).toMatchObject({ ownership: { from: null, to: 'public_built_private_run' }, healthUnion: { from: false, to: true } })
    const publicOnes = (await admin({ method: 'GET', url: '/api/v1/institutions?ownership=public_built_private_run' })).json()
    expect(publicOnes.items.map((i: { name: string }) => i.name)).toEqual(['一号养老院'])
  })

  it('shows the latest approved figures and the bed history of approved months only', async () => {
    const detail = (await townStaff({ method: 'GET', url: `/api/v1/institutions/${mine.id}` })).json()
    expect(detail.latestReport).toMatchObject({ period: '2024-01', figures: { caregivers: 24 } })
    expect(detail.beds).toMatchObject({ reports: 1, totalBeds: 100, nursingBedShare: { value: 0.6 }, occupancy: { numerator: 80, denominator: 95 } })
    const history = (await reporter({ method: 'GET', url: `/api/v1/institutions/${mine.id}/bed-history?months=60` })).json()
    expect(history.items.map((i: { period: string }) => i.period)).toEqual(['2024-01'])
  })
})

// Last in the file: its institution would otherwise join the lists the tests above count.
describe('four eyes on bed reports', () => {
  it('lets no one approve or return a report they filed or submitted', async () => {
    const staff = as(t.app, (await signIn(t.app, '330902', 'bureau_staff')).accessToken)
    const fifth = await institution('五号养老院')
    const file = async (period: string) => {
      const filed = await admin({ method: 'POST', url: '/api/v1/bed-reports', payload: { facilityId: fifth.id, period, figures } })
      expect(filed.statusCode, filed.body).toBe(201)
      return filed.json<BedReportDetail>().report.id
    }
    const refusedTo = async (who: typeof admin, id: string) => {
      expect((await who({ method: 'POST', url: `/api/v1/bed-reports/${id}/approve` })).json()).toMatchObject({ statusCode: 409, code: 'BED_REPORT_STATE' })
      expect((await who({ method: 'POST', url: `/api/v1/bed-reports/${id}/return`, payload: { comment: '请核对' } })).json()).toMatchObject({ statusCode: 409, code: 'BED_REPORT_STATE' })
    }

    // Filed and submitted by the admin: the admin may not decide, the staff may.
    const november = await file('2023-11')
    expect((await admin({ method: 'POST', url: `/api/v1/bed-reports/${november}/submit` })).statusCode).toBe(200)
    await refusedTo(admin, november)
    expect((await staff({ method: 'POST', url: `/api/v1/bed-reports/${november}/approve` })).json()).toMatchObject({ report: { status: 'approved' } })

    // Filed by the admin, submitted by the staff: neither may decide.
    const december = await file('2023-12')
    expect((await staff({ method: 'POST', url: `/api/v1/bed-reports/${december}/submit` })).statusCode).toBe(200)
    await refusedTo(admin, december)
    await refusedTo(staff, december)
    expect((await admin({ method: 'GET', url: `/api/v1/bed-reports/${december}` })).json<BedReportDetail>().report.status).toBe('submitted')

    // "Unchanged since last month" files and submits at once: its filer may not decide either.
    const unchanged = await staff({ method: 'POST', url: '/api/v1/bed-reports/unchanged', payload: { facilityId: fifth.id, period: '2024-01' } })
    expect(unchanged.statusCode, unchanged.body).toBe(200)
    const january = unchanged.json<BedReportDetail>().report.id
    await refusedTo(staff, january)
    expect((await admin({ method: 'POST', url: `/api/v1/bed-reports/${january}/return`, payload: { comment: '退回' } })).json()).toMatchObject({ report: { status: 'returned' } })
  })
})
