import { describe, expect, it } from 'vitest'
import { i18n, setLocale } from '../../../locales'
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

  it('shows a town code and a supplying kitchen by the names the server resolved, and what a purse pays in words', () => {
    setLocale('zh-CN')
    const names = { '330902002': '城东街道（330902002）', '0190a0b0-0000-7000-8000-0000000000c1': '定海区中央厨房' }
    expect(changeLines({ townCodes: { from: [], to: ['330902002'] }, supplierKitchenId: { from: null, to: '0190a0b0-0000-7000-8000-0000000000c1' } }, '空', 'user', names)).toEqual([
      '负责镇街: 空 → 城东街道（330902002）',
      `${fieldLabel('supplierKitchenId')}: 空 → 定海区中央厨房`,
    ])
    expect(changeLines({ pays: { to: ['meal', 'service'] } }, '空', 'allowance')).toEqual([`${fieldLabel('pays')}: 助餐、服务`])
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

  it('shows every kind of code among the audited values by the label the rest of the UI uses', () => {
    setLocale('zh-CN')
    const line = (entityType: string, changes: Parameters<typeof changeLines>[0]) => changeLines(changes, '空', entityType)
    // Statuses, each by its entity's words.
    expect(line('settlement', { status: { from: 'submitted', to: 'town_approved' } })).toEqual(['状态: 已提交 → 镇街审核通过'])
    expect(line('subsidy_finding', { status: { from: 'open', to: 'dismissed' }, kind: { to: 'after_death' } })).toEqual(['状态: 待核实 → 已排除', `类型: ${i18n.global.t('subsidyChecks.kinds.after_death')}`])
    expect(line('care_card', { status: { from: 'active', to: 'frozen' } })).toEqual(['状态: 正常 → 挂失冻结'])
    // Categories and care levels, an elder's with their dates.
    expect(line('subsidy_rule', { category: { to: 'destitute' }, kind: { to: 'category' } })).toEqual(['人员类别: 特困', '类型: 按人员类别'])
    expect(line('elder', { categories: { from: ['destitute@2024-01-01'], to: ['destitute@2024-01-01..2024-05-31', 'disabled:severe@2024-06-01'] } })).toEqual([
      '人员类别: 特困（自 2024-01-01 起） → 特困（2024-01-01 至 2024-05-31）、失能（重度）（自 2024-06-01 起）',
    ])
    expect(line('allowance_rule', { level: { to: 'moderate' } })).toEqual(['等级: 中度'])
    // Facility types, tags, slots; roles; bases and rules of settings.
    expect(line('facility', { type: { from: 'canteen', to: 'care_center' }, tags: { to: ['happiness_hub'] }, mealSlots: { to: ['lunch', 'dinner'] } })).toEqual([
      '类型: 幸福食堂 → 照料中心',
      '标签: 幸福汇',
      '餐次: 午餐、晚餐',
    ])
    expect(line('user', { role: { from: 'bureau_staff', to: 'bureau_admin' } })).toEqual(['角色: 区民政局工作人员 → 区民政局管理员'])
    expect(line('indicator_settings', { populationBasis: { from: 'registered', to: 'resident' }, dementiaDenominator: { to: 'population_total' } })).toEqual([
      '人口口径: 户籍人口 → 常住人口',
      '认知障碍床位分母: 总人口',
    ])
    expect(line('card_settings', { cancellationRule: { to: 'refund_family' }, allowanceExpiry: { to: 'year_end' } })).toEqual(['注销时余额: 退还家属', '补贴清零规则: 年底清零'])
    // Booleans, instants in local (Shanghai) time, calendar dates as they are, star grades.
    expect(line('elder', { revealed: { to: false } })).toEqual([`${fieldLabel('revealed')}: 否`])
    expect(line('user', { recordedAt: { to: '2024-05-20T03:30:00.000Z' } })).toEqual([`${fieldLabel('recordedAt')}: 2024/05/20 11:30`])
    expect(line('star_rating', { assessedOn: { to: '2024-05-20' }, grade: { to: 3 }, firstRating: { to: true } })).toEqual(['评定日期: 2024-05-20', '等级: 3 星级', `${fieldLabel('firstRating')}: 是`])
    // Yearly targets by their indicator's name.
    expect(line('indicator_targets', { meal_coverage_rate: { from: 'at_least:0.8', to: 'at_least:0.85' }, care_card_users: { to: 'above_last_year:' } })).toEqual([
      '老年助餐覆盖率: ≥ 目标值 0.8 → ≥ 目标值 0.85',
      '爱心卡使用人数: 高于上年',
    ])
    setLocale('en')
    expect(line('settlement', { status: { to: 'town_approved' } })[0]).not.toContain('town_approved')
    expect(line('elder', { categories: { to: ['disabled:mild@2024-06-01'] } })[0]).not.toMatch(/disabled|mild/)
    setLocale('zh-CN')
  })
})
