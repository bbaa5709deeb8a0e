import { describe, expect, it } from 'vitest'
import { setLocale } from '../../../locales'
import { actionLabel, changeLines } from '../data'

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
})
