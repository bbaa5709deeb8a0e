import { describe, expect, it } from 'vitest'
import { setLocale } from '../../../locales'
import { ACTIONS, actionLabel, changeLines, ENTITY_TYPES, entityTypeLabel } from '../data'

describe('audit log', () => {
  it('shows each changed field as "field: from → to"', () => {
    const lines = changeLines(
      { displayName: { from: '张三', to: '张三丰' }, phone: { from: null, to: '138****5678' }, townCodes: { from: [], to: ['330902002'] } },
      '空',
    )

    expect(lines).toEqual(['displayName: 张三 → 张三丰', 'phone: 空 → 138****5678', 'townCodes: [] → ["330902002"]'])
  })

  it('shows only the new value of a created field', () => {
    expect(changeLines({ username: { to: 'town_staff' } }, '空')).toEqual(['username: town_staff'])
  })

  it('names known actions and shows unknown ones as they are', () => {
    setLocale('zh-CN')

    expect(actionLabel('user.reset_password')).toBe('重置密码')
    expect(actionLabel('meal.record_created')).toBe('meal.record_created')
  })

  it('names every action and entity type the server records, in both languages', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      setLocale(locale)
      for (const action of ACTIONS) expect(actionLabel(action), `${locale} ${action}`).not.toBe(action)
      for (const entityType of ENTITY_TYPES) expect(entityTypeLabel(entityType), `${locale} ${entityType}`).not.toBe(entityType)
    }

    setLocale('zh-CN')
    expect(actionLabel('auth.refresh_reused')).toBe('刷新令牌重用')
    expect(actionLabel('settlement.return')).toBe('退回结算')
    expect(actionLabel('kitchen_order.put')).toBe('中央厨房订餐')
    expect(entityTypeLabel('meal_record')).toBe('助餐记录')
    expect(entityTypeLabel('care_card')).toBe('care_card')
    setLocale('en')
    expect(actionLabel('meal.void')).toBe('Meal voided')
    expect(entityTypeLabel('subsidy_rule')).toBe('Subsidy rule')
    setLocale('zh-CN')
  })
})
