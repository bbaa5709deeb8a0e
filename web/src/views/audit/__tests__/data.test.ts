import { describe, expect, it } from 'vitest'
import { setLocale } from '../../../locales'
import { ACTIONS, actionLabel, changeLines, ENTITY_TYPES, entityTypeLabel, fieldLabel } from '../data'

describe('audit log', () => {
  it('shows each changed field by its name as "字段: from → to"', () => {
    setLocale('zh-CN')
    const lines = changeLines(
      { displayName: { from: '张三', to: '张三丰' }, phone: { from: null, to: '138****5678' }, townCodes: { from: [], to: ['330902002'] } },
      '空',
      'user',
    )

    expect(lines).toEqual(['姓名: 张三 → 张三丰', '手机号: 空 → 138****5678', '负责镇街: 空 → 330902002'])
  })

  it('shows only the new value of a created field', () => {
    setLocale('zh-CN')
    expect(changeLines({ username: { to: 'town_staff' } }, '空')).toEqual(['用户名: town_staff'])
  })

  it('speaks the reader’s words: money in yuan, bed figures, statuses, roles and yes/no', () => {
    setLocale('zh-CN')
    expect(changeLines({ totalFen: { to: 4280000 } }, '空', 'allowance')).toEqual(['合计金额: 42,800.00 元'])
    expect(changeLines({ totalBeds: { from: 120, to: 150 } }, '空', 'bed_report')).toEqual(['床位总数: 120 → 150'])
    expect(changeLines({ status: { from: 'submitted', to: 'approved' } }, '空', 'bed_report')).toEqual(['状态: 待审核 → 已审核'])
    expect(changeLines({ role: { to: 'town_staff' }, mustChangePassword: { to: true } }, '空', 'user')).toEqual(['角色: 镇街工作人员', '须修改密码: 是'])
    setLocale('en')
    expect(changeLines({ amountFen: { from: 300, to: 450 } }, 'empty', 'subsidy_rule')).toEqual(['Amount: 3.00 yuan → 4.50 yuan'])
    setLocale('zh-CN')
  })

  it('names known actions and shows unknown ones as they are', () => {
    setLocale('zh-CN')

    expect(actionLabel('user.reset_password')).toBe('重置密码')
    expect(actionLabel('meal.record_created')).toBe('meal.record_created')
    expect(fieldLabel('someNewField')).toBe('someNewField')
  })

  it('names every action and entity type the server records, in both languages', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      setLocale(locale)
      for (const action of ACTIONS) expect(actionLabel(action), `${locale} ${action}`).not.toBe(action)
      for (const entityType of ENTITY_TYPES) expect(entityTypeLabel(entityType), `${locale} ${entityType}`).not.toBe(entityType)
    }

    setLocale('zh-CN')
    expect(actionLabel('bed_report.approve')).toBe('审核通过床位填报')
    expect(actionLabel('allowance.grant')).toBe('发放爱心卡月度补贴')
    expect(entityTypeLabel('bed_report')).toBe('床位填报')
    expect(entityTypeLabel('care_card')).toBe('爱心卡')
    setLocale('en')
    expect(actionLabel('meal.void')).toBe('Meal voided')
    expect(entityTypeLabel('subsidy_rule')).toBe('Subsidy rule')
    setLocale('zh-CN')
  })
})
