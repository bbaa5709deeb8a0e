import { describe, expect, it } from 'vitest'
import { nearestSlot, slotForTime } from '../use-counter'

describe('slot by the clock', () => {
  it('follows Asia/Shanghai whatever the device zone', () => {
    expect(slotForTime(new Date('2024-05-20T23:30:00Z'))).toBe('breakfast')
    expect(slotForTime(new Date('2024-05-20T01:59:00Z'))).toBe('breakfast')
    expect(slotForTime(new Date('2024-05-20T02:00:00Z'))).toBe('lunch')
    expect(slotForTime(new Date('2024-05-20T06:59:00Z'))).toBe('lunch')
    expect(slotForTime(new Date('2024-05-20T07:00:00Z'))).toBe('dinner')
  })

  it('falls to the next meal the facility serves, else the last one before', () => {
    expect(nearestSlot(['lunch', 'dinner'], 'breakfast')).toBe('lunch')
    expect(nearestSlot(['lunch'], 'dinner')).toBe('lunch')
    expect(nearestSlot(['breakfast', 'dinner'], 'lunch')).toBe('dinner')
    expect(nearestSlot([], 'lunch')).toBe('')
  })
})
