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
  valueNames: {},
  ip: '10.0.0.8',
}

/** A settlement through the town's step, and an elder whose categories changed: codes in every value. */
const coded: AuditEvent[] = [
  {
    ...event,
    id: '0190a0b0-0000-7000-8000-0000000000a2',
    action: 'settlement.town_approve',
    entityType: 'settlement',
    entityName: '北园社区幸福食堂 2024-04',
    changes: { status: { from: 'submitted', to: 'town_approved' } },
  },
  {
    ...event,
    id: '0190a0b0-0000-7000-8000-0000000000a3',
    action: 'elder.update',
    entityType: 'elder',
    entityName: '张桂英 330902********123X',
    changes: { categories: { from: [], to: ['disabled:severe@2024-06-01'] }, status: { from: 'active', to: 'in_institution' } },
  },
  {
    ...event,
    id: '0190a0b0-0000-7000-8000-0000000000a4',
    action: 'facility.update',
    entityType: 'facility',
    entityName: '北园社区幸福食堂',
    changes: { supplierKitchenId: { from: null, to: '0190a0b0-0000-7000-8000-0000000000c1' } },
    valueNames: { '0190a0b0-0000-7000-8000-0000000000c1': '定海区中央厨房' },
  },
]

beforeEach(() => {
  setLocale('zh-CN')
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(JSON.stringify({ items: [event, ...coded], total: 4 }), { status: 200, headers: { 'Content-Type': 'application/json' } })),
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
    expect(row).toContain('状态: 已提交 → 镇街审核通过')
    expect(row).toContain('人员类别: 空 → 失能（重度）（自 2024-06-01 起）')
    expect(row).toContain('状态: 在册 → 入住机构')
    expect(row).not.toMatch(/town_approved|disabled|severe|in_institution/)
    // A value naming another object (the supplying kitchen) by its name, not its id.
    expect(row).toContain('定海区中央厨房')
    expect(row).not.toContain('0000000000c1')
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
