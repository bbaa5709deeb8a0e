import { computeMealSubsidy, rulesInForce } from '@eldercare/shared'
import { describe, expect, it } from 'vitest'
import { rule, SUBSIDY_CASES } from './subsidy-cases.js'

describe('the subsidy calculator', () => {
  for (const { name, input, expected } of SUBSIDY_CASES) {
    it(`gives ${name}`, () => {
      expect(computeMealSubsidy(input)).toMatchObject(expected)
    })
  }

  it('takes only the rules in force on the day, both ends inclusive', () => {
    const old = rule('old', { kind: 'age', minAge: 60, amountFen: 300, validFrom: '2023-01-01', validTo: '2023-12-31' })
    const current = rule('new', { kind: 'age', minAge: 60, amountFen: 500, validFrom: '2024-01-01' })
    expect(rulesInForce([old, current], '2023-12-31').map((r) => r.id)).toEqual(['old'])
    expect(rulesInForce([old, current], '2024-01-01').map((r) => r.id)).toEqual(['new'])
    expect(rulesInForce([old, current], '2022-12-31')).toEqual([])
  })
})
