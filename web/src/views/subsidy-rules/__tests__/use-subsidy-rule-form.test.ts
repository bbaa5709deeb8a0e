import { describe, expect, it } from 'vitest'
import { canEnd, ruleStatus } from '../data'
import { emptyRuleForm, toCreateBody, type RuleFormModel } from '../use-subsidy-rule-form'

const base: RuleFormModel = { ...emptyRuleForm('2024-06-01'), name: ' 特困助餐补贴 ', category: 'destitute', amount: '8' }

describe('subsidy rule body', () => {
  it('converts the amount in yuan to fen from the text', () => {
    expect(toCreateBody({ ...base, amount: '8' })?.amountFen).toBe(800)
    expect(toCreateBody({ ...base, amount: '4.35' })?.amountFen).toBe(435)
    expect(toCreateBody({ ...base, amount: '0.29' })?.amountFen).toBe(29)
    expect(toCreateBody({ ...base, amount: '2.999' })).toBeNull()
  })

  it('sends only the condition of its kind', () => {
    expect(toCreateBody({ ...base, minAge: 80 })).toEqual({
      name: '特困助餐补贴',
      kind: 'category',
      category: 'destitute',
      amountFen: 800,
      validFrom: '2024-06-01',
    })
    expect(toCreateBody({ ...base, name: '80 岁及以上助餐补贴', kind: 'age', minAge: 80, amount: '5', validTo: '2024-12-31' })).toEqual({
      name: '80 岁及以上助餐补贴',
      kind: 'age',
      minAge: 80,
      amountFen: 500,
      validFrom: '2024-06-01',
      validTo: '2024-12-31',
    })
    expect(toCreateBody({ ...base, name: '送餐补贴', kind: 'delivery_extra', minAge: 80, amount: '2' })).toEqual({
      name: '送餐补贴',
      kind: 'delivery_extra',
      amountFen: 200,
      validFrom: '2024-06-01',
    })
  })
})

describe('rule status', () => {
  it('counts both ends of the period as in force', () => {
    const rule = { validFrom: '2024-06-01', validTo: '2024-06-30' }
    expect(ruleStatus(rule, '2024-05-31')).toBe('upcoming')
    expect(ruleStatus(rule, '2024-06-01')).toBe('active')
    expect(ruleStatus(rule, '2024-06-30')).toBe('active')
    expect(ruleStatus(rule, '2024-07-01')).toBe('ended')
    expect(canEnd(rule, '2024-07-01')).toBe(false)
    expect(canEnd({ validFrom: '2024-06-01', validTo: null }, '2030-01-01')).toBe(true)
  })
})
