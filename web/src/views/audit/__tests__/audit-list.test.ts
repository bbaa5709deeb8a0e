import { AUDIT_ACTIONS, type AuditEvent } from '@eldercare/shared'
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { i18n, setLocale } from '../../../locales'
import AuditList from '../list.vue'

const event: AuditEvent = {
  id: '0190a0b0-0000-7000-8000-0000000000a1',
  occurredAt: '2024-05-20T03:30:00.000Z',
  actorUserId: '0190a0b0-0000-7000-8000-000000000003',
  actorUsername: 'bureau_staff',
  action: 'bed_report.approve',
  entityType: 'bed_report',
  entityId: '0190a0b0-0000-7000-8000-0000000000b1',
  entityName: '定海区社会福利中心 2024-04',
  changes: { status: { from: 'submitted', to: 'approved' }, totalBeds: { from: 120, to: 150 } },
  ip: '10.0.0.8',
}

beforeEach(() => {
  setLocale('zh-CN')
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(JSON.stringify({ items: [event], total: 1 }), { status: 200, headers: { 'Content-Type': 'application/json' } })),
  )
})

afterEach(() => vi.unstubAllGlobals())

describe('audit log page', { timeout: 30_000 }, () => {
  it('shows the action, the object by its name and the change in words, never the UUID', async () => {
    const w = mount(AuditList, { global: { plugins: [i18n] }, attachTo: document.body })
    for (let i = 0; i < 5; i++) await flushPromises()
    const row = w.get('.el-table__body').text()
    expect(row).toContain('审核通过床位填报')
    expect(row).toContain('定海区社会福利中心 2024-04')
    expect(row).toContain('状态: 待审核 → 已审核')
    expect(row).toContain('床位总数: 120 → 150')
    expect(row).not.toContain(event.entityId)
    expect(row).not.toContain('bed_report')
    w.unmount()
  })

  it('offers every recorded action in the filter', async () => {
    const w = mount(AuditList, { global: { plugins: [i18n] }, attachTo: document.body })
    await flushPromises()
    const selects = w.findAllComponents({ name: 'ElSelect' })
    const actionSelect = selects.find((select) => select.findAllComponents({ name: 'ElOption' }).length === AUDIT_ACTIONS.length)
    expect(actionSelect).toBeDefined()
    w.unmount()
  })
})
