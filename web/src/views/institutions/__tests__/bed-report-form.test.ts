import type { BedFigures, BedReport, Institution } from '@eldercare/shared'
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { i18n, setLocale } from '../../../locales'
import BedReportForm from '../bed-report-form.vue'
import { changeText, emptyFigures, problemsByField } from '../use-bed-report-form'

const INSTITUTION = '0190a0b0-0000-7000-8000-0000000000a1'

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

const approved: BedReport = {
  id: '0190a0b0-0000-7000-8000-0000000000b1',
  facilityId: INSTITUTION,
  facilityName: '西山社区颐养院',
  period: '2024-04',
  status: 'approved',
  figures,
  explanation: null,
  comment: null,
  figureChangedAt: {},
  submittedAt: '2024-05-05T02:00:00.000Z',
  decidedAt: '2024-05-08T02:00:00.000Z',
  updatedAt: '2024-05-08T02:00:00.000Z',
}

describe('bed report form helpers', () => {
  it('key the first problem of each figure by field', () => {
    expect(problemsByField(emptyFigures())).toEqual({})
    expect(problemsByField({ ...figures, closedBeds: 30 })).toEqual({ occupiedBeds: { field: 'occupiedBeds', rule: 'exceeds', limitOf: 'openBeds', limit: 70 } })
  })

  it('say how much a figure moved against the last approved report', () => {
    expect(changeText(undefined, 5)).toBeNull()
    expect(changeText(80, 80)).toBeNull()
    expect(changeText(80, 100)).toBe('+25.0%')
    expect(changeText(80, 60)).toBe('-25.0%')
    expect(changeText(0, 3)).toBe('+∞')
  })
})

const fetchMock = vi.fn<typeof fetch>()

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

const institution = { id: INSTITUTION, name: '西山社区颐养院' } as Institution

/** A server with one institution, no report for May and April approved. */
function server() {
  fetchMock.mockImplementation(async (input) => {
    const url = String(input)
    if (url.startsWith('/api/v1/institutions?')) return json(200, { items: [institution], total: 1 })
    if (url.startsWith('/api/v1/institution-settings')) return json(200, { changeThresholdPercent: 20 })
    if (url.includes('status=approved')) return json(200, { items: [approved], total: 1 })
    if (url.startsWith('/api/v1/bed-reports?')) return json(200, { items: [], total: 0 })
    return json(404, { statusCode: 404, code: 'NOT_FOUND', message: 'not found' })
  })
}

async function open() {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/bed-reports/file', name: 'bed-report-form', component: BedReportForm }, { path: '/bed-reports', name: 'bed-reports', component: BedReportForm }] })
  await router.push({ name: 'bed-report-form', query: { facilityId: INSTITUTION, period: '2024-05' } })
  const wrapper = mount(BedReportForm, { global: { plugins: [i18n, router] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

beforeEach(() => {
  fetchMock.mockReset()
  vi.stubGlobal('fetch', fetchMock)
  setLocale('zh-CN')
  server()
})

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('bed report form', () => {
  it('starts a new month from the last approved figures, shown beside each input, with the one-click copy', async () => {
    const wrapper = await open()
    expect(wrapper.text()).toContain('灰字为 2024-04 审核通过的数据')
    expect(wrapper.find('[data-test="field-totalBeds"]').text()).toContain('上次 100')
    expect(wrapper.find('[data-test="unchanged"]').exists()).toBe(true)
    expect(wrapper.find('[data-test="explanation"]').exists()).toBe(false)
  })

  it('checks inline, naming the limit, and asks for an explanation of a large change', async () => {
    const wrapper = await open()
    const closed = wrapper.find('[data-test="field-closedBeds"] input')
    await closed.setValue('30')
    await closed.trigger('change')
    await flushPromises()
    expect(wrapper.find('[data-test="field-occupiedBeds"]').text()).toContain('不能超过可入住床位（床位总数减暂停收住）：70')
    expect(wrapper.find('[data-test="field-occupiedBeds"]').text()).not.toContain('）（')
    expect(wrapper.find('[data-test="explanation"]').text()).toContain('变化超过 20%')
  })
})
