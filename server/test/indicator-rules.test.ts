/** The pure rules behind the figures: showing values and changes (shared), and who is a card user. */
import { shownIndicatorValue, yearOnYearChange } from '@eldercare/shared'
import { describe, expect, it } from 'vitest'
import { standingCardUsers, type CardMovement } from '../src/indicators/card-users.js'

describe('shown values and year-on-year changes', () => {
  it('cut values to one decimal, counts whole', () => {
    expect(shownIndicatorValue('ratio', 0.5798)).toBe(57.9)
    expect(shownIndicatorValue('ratio', 0.58)).toBe(58)
    expect(shownIndicatorValue('per_10k', 23.1999)).toBe(23.1)
    expect(shownIndicatorValue('count', 530)).toBe(530)
  })

  it('compute the change from the shown values, so it is never larger than the value', () => {
    // The audit's 23.1 with +23.2 and 80.3 with +80.4 against last year's 0.
    expect(yearOnYearChange('per_10k', 23.16, 0)).toEqual({ kind: 'change', delta: 23.1 })
    expect(yearOnYearChange('ratio', 0.8036, 0)).toEqual({ kind: 'change', delta: 80.3 })
    // Shown 57.9 and 54.8: +3.1 points; shown 57.9 and 54.9: +3.0, although the raw difference (3.06) rounds to 3.1.
    expect(yearOnYearChange('ratio', 0.5796, 0.5484)).toEqual({ kind: 'change', delta: 3.1 })
    expect(yearOnYearChange('ratio', 0.5799, 0.5493)).toEqual({ kind: 'change', delta: 3 })
    expect(yearOnYearChange('per_10k', 17.29, 17.31)).toEqual({ kind: 'change', delta: -0.1 })
    expect(yearOnYearChange('count', 9, 12)).toEqual({ kind: 'change', delta: -3 })
    expect(yearOnYearChange('ratio', 0.58, 0.58)).toEqual({ kind: 'change', delta: 0 })
  })

  it('say so when last year has no figure, instead of the whole value', () => {
    expect(yearOnYearChange('count', 530, null)).toEqual({ kind: 'no_last_year' })
    expect(yearOnYearChange('per_10k', null, null)).toEqual({ kind: 'no_last_year' })
    expect(yearOnYearChange('per_10k', null, 21.24)).toEqual({ kind: 'last_year_only', lastYear: 21.2 })
  })
})

describe('card users', () => {
  const pay = (elderId: string, day: string, amountFen: number, referenceId: string | null = null): CardMovement => ({ elderId, kind: 'payment', day, amountFen, referenceId })
  const refund = (elderId: string, day: string, amountFen: number, referenceId: string | null = null): CardMovement => ({ elderId, kind: 'refund', day, amountFen, referenceId })

  it('are elders with a payment in the period that was not taken back', () => {
    const movements = [
      pay('a', '2024-03-01', 500, 'meal-1'),
      refund('a', '2024-04-02', 500, 'meal-1'),
      pay('b', '2024-03-05', 500),
      refund('b', '2024-03-06', 200),
      pay('c', '2024-03-05', 500),
      refund('c', '2024-03-06', 500),
      pay('d', '2024-03-31', 500, 'meal-2'),
      pay('d', '2024-04-01', 300, 'meal-3'),
      refund('d', '2024-04-01', 300, 'meal-3'),
      // A refund of an earlier year's meal takes nothing back this year.
      pay('e', '2024-04-10', 500, 'meal-4'),
      refund('e', '2024-04-11', 400, 'meal-0'),
    ]
    expect([...standingCardUsers(movements, '2024-01-01', '2024-12-31')].sort()).toEqual(['b', 'd', 'e'])
    // A voided meal's refund takes its payment back whichever month it was posted in.
    expect([...standingCardUsers(movements, '2024-03-01', '2024-03-31')].sort()).toEqual(['b', 'd'])
    expect([...standingCardUsers(movements, '2024-04-01', '2024-04-30')].sort()).toEqual(['e'])
  })
})
