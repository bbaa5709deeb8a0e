import type { MealSubsidy, MealSubsidyInput, SubsidyRuleTerms } from '@eldercare/shared'

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

export const age60 = rule('a60', { kind: 'age', minAge: 60, amountFen: 200 })
export const age80 = rule('a80', { kind: 'age', minAge: 80, amountFen: 400 })
export const age90 = rule('a90', { kind: 'age', minAge: 90, amountFen: 600 })
export const destitute = rule('c-destitute', { kind: 'category', category: 'destitute', amountFen: 1000 })
export const disabled = rule('c-disabled', { kind: 'category', category: 'disabled', amountFen: 400 })
export const delivery = rule('d', { kind: 'delivery_extra', amountFen: 300 })
export const rules = [age60, age80, age90, destitute, disabled, delivery]
export { rule }

const meal: MealSubsidyInput = { priceFen: 1200, mode: 'dine_in', age: 72, categories: [], rules, subsidised: true }

export interface SubsidyCase {
  name: string
  input: MealSubsidyInput
  expected: Partial<MealSubsidy>
}

/**
 * The calculator's cases. The server's tests run them on the calculator; the offline counter's test
 * runs each again through the snapshot a device holds, which must come to the same subsidy.
 */
export const SUBSIDY_CASES: SubsidyCase[] = [
  { name: 'the 60+ tier', input: meal, expected: { subsidyFen: 200, selfPayFen: 1000, ruleIds: ['a60'] } },
  { name: 'the 80+ tier at exactly 80', input: { ...meal, age: 80 }, expected: { subsidyFen: 400, ruleIds: ['a80'] } },
  { name: 'the 90+ tier', input: { ...meal, age: 95 }, expected: { subsidyFen: 600, ruleIds: ['a90'] } },
  { name: 'a category above the age tier', input: { ...meal, age: 91, categories: ['destitute'] }, expected: { subsidyFen: 1000, ruleIds: ['c-destitute'] } },
  { name: 'an age tier above the category', input: { ...meal, age: 91, categories: ['disabled'] }, expected: { subsidyFen: 600, ruleIds: ['a90'] } },
  { name: 'a tie broken by rule id', input: { ...meal, age: 85, categories: ['disabled'] }, expected: { subsidyFen: 400, ruleIds: ['a80'] } },
  { name: 'a tie broken by rule id, rules reversed', input: { ...meal, age: 85, categories: ['disabled'], rules: [...rules].reverse() }, expected: { ruleIds: ['a80'] } },
  { name: 'the delivery extra', input: { ...meal, mode: 'delivery' }, expected: { subsidyFen: 500, selfPayFen: 700, ruleIds: ['a60', 'd'] } },
  { name: 'no extra for a pick-up', input: { ...meal, mode: 'pickup' }, expected: { subsidyFen: 200 } },
  { name: 'no extra without a tier', input: { ...meal, mode: 'delivery', rules: [delivery] }, expected: { subsidyFen: 0, selfPayFen: 1200, ruleIds: [] } },
  {
    name: 'never more than the price',
    input: { ...meal, priceFen: 800, categories: ['destitute'], mode: 'delivery' },
    expected: { subsidyFen: 800, selfPayFen: 0, ruleIds: ['c-destitute', 'd'] },
  },
  { name: 'a free meal', input: { ...meal, priceFen: 0 }, expected: { subsidyFen: 0, selfPayFen: 0 } },
  { name: 'an unsubsidised meal', input: { ...meal, subsidised: false, categories: ['destitute'] }, expected: { subsidyFen: 0, selfPayFen: 1200, ruleIds: [] } },
  { name: 'an elder no rule covers', input: { ...meal, rules: [age80] }, expected: { subsidyFen: 0, selfPayFen: 1200, ruleIds: [] } },
]
