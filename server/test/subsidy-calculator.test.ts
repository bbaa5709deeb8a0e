import { describe, expect, it } from 'vitest'
import { computeMealSubsidy, rulesInForce, type SubsidyRuleTerms } from '@eldercare/shared'

const rule = (id: string, terms: Partial<SubsidyRuleTerms>): SubsidyRuleTerms => ({
  id,
  kind: 'age',
  category: null,
  minAge: null,
  amountFen: 0,
  validFrom: '2024-01-01',
  validTo: null,
  ...terms,
})

const age60 = rule('a60', { kind: 'age', minAge: 60, amountFen: 200 })
const age80 = rule('a80', { kind: 'age', minAge: 80, amountFen: 400 })
const age90 = rule('a90', { kind: 'age', minAge: 90, amountFen: 600 })
const destitute = rule('c-destitute', { kind: 'category', category: 'destitute', amountFen: 1000 })
const disabled = rule('c-disabled', { kind: 'category', category: 'disabled', amountFen: 400 })
const delivery = rule('d', { kind: 'delivery_extra', amountFen: 300 })
const rules = [age60, age80, age90, destitute, disabled, delivery]

const meal = { priceFen: 1200, mode: 'dine_in' as const, age: 72, categories: [], rules, subsidised: true }

describe('the subsidy calculator', () => {
  it('gives the age tier an elder reaches', () => {
    expect(computeMealSubsidy(meal)).toEqual({ subsidyFen: 200, selfPayFen: 1000, ruleIds: ['a60'] })
    expect(computeMealSubsidy({ ...meal, age: 80 })).toMatchObject({ subsidyFen: 400, ruleIds: ['a80'] })
    expect(computeMealSubsidy({ ...meal, age: 95 })).toMatchObject({ subsidyFen: 600, ruleIds: ['a90'] })
  })

  it('lets the highest applicable rule win between category and age', () => {
    expect(computeMealSubsidy({ ...meal, age: 91, categories: ['destitute'] })).toMatchObject({ subsidyFen: 1000, ruleIds: ['c-destitute'] })
    expect(computeMealSubsidy({ ...meal, age: 91, categories: ['disabled'] })).toMatchObject({ subsidyFen: 600, ruleIds: ['a90'] })
  })

  it('breaks a tie by rule id, so the same meal always names the same rule', () => {
    // disabled (400) ties with the 80+ tier (400).
    expect(computeMealSubsidy({ ...meal, age: 85, categories: ['disabled'] })).toMatchObject({ subsidyFen: 400, ruleIds: ['a80'] })
    const reversed = { ...meal, age: 85, categories: ['disabled' as const], rules: [...rules].reverse() }
    expect(computeMealSubsidy(reversed)).toMatchObject({ ruleIds: ['a80'] })
  })

  it('adds the delivery extra only to delivered meals of subsidised elders', () => {
    expect(computeMealSubsidy({ ...meal, mode: 'delivery' })).toEqual({ subsidyFen: 500, selfPayFen: 700, ruleIds: ['a60', 'd'] })
    expect(computeMealSubsidy({ ...meal, mode: 'pickup' })).toMatchObject({ subsidyFen: 200 })
    expect(computeMealSubsidy({ ...meal, mode: 'delivery', rules: [delivery] })).toEqual({ subsidyFen: 0, selfPayFen: 1200, ruleIds: [] })
  })

  it('never pays more than the price, and never makes self-pay negative', () => {
    expect(computeMealSubsidy({ ...meal, priceFen: 800, categories: ['destitute'], mode: 'delivery' })).toEqual({
      subsidyFen: 800,
      selfPayFen: 0,
      ruleIds: ['c-destitute', 'd'],
    })
    expect(computeMealSubsidy({ ...meal, priceFen: 0 })).toMatchObject({ subsidyFen: 0, selfPayFen: 0 })
  })

  it('gives nothing to an unsubsidised meal or an elder no rule covers', () => {
    expect(computeMealSubsidy({ ...meal, subsidised: false, categories: ['destitute'] })).toEqual({ subsidyFen: 0, selfPayFen: 1200, ruleIds: [] })
    expect(computeMealSubsidy({ ...meal, rules: [age80] })).toEqual({ subsidyFen: 0, selfPayFen: 1200, ruleIds: [] })
  })

  it('takes only the rules in force on the day, both ends inclusive', () => {
    const old = rule('old', { kind: 'age', minAge: 60, amountFen: 300, validFrom: '2023-01-01', validTo: '2023-12-31' })
    const current = rule('new', { kind: 'age', minAge: 60, amountFen: 500, validFrom: '2024-01-01' })
    expect(rulesInForce([old, current], '2023-12-31').map((r) => r.id)).toEqual(['old'])
    expect(rulesInForce([old, current], '2024-01-01').map((r) => r.id)).toEqual(['new'])
    expect(rulesInForce([old, current], '2022-12-31')).toEqual([])
  })
})
