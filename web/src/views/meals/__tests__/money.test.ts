import { describe, expect, it } from 'vitest'
import { fenToYuan, formatYuan, yuanToFen } from '../money'

describe('yuan to fen', () => {
  it('reads whole yuan, one or two decimals exactly', () => {
    expect(yuanToFen('12')).toBe(1200)
    expect(yuanToFen('3.5')).toBe(350)
    expect(yuanToFen('3.05')).toBe(305)
    expect(yuanToFen('0.07')).toBe(7)
    expect(yuanToFen(' 8.00 ')).toBe(800)
  })

  it('has none of the drift a float would bring', () => {
    // 0.29 * 100 is 28.999999999999996 and 1.15 * 100 is 114.99999999999999 in floating point.
    expect(yuanToFen('0.29')).toBe(29)
    expect(yuanToFen('1.15')).toBe(115)
    expect(yuanToFen('4.35')).toBe(435)
    for (let fen = 0; fen <= 100_00; fen++) expect(yuanToFen(fenToYuan(fen))).toBe(fen)
  })

  it('takes full-width digits from a Chinese input method', () => {
    expect(yuanToFen('３．５')).toBe(350)
  })

  it('refuses what is not an amount of yuan and fen', () => {
    for (const text of ['', ' ', 'abc', '-1', '1.005', '1.', '.5', '1e3', '1,5', '3 元', '100000.01', '1000000']) {
      expect(yuanToFen(text), text).toBeNull()
    }
    expect(yuanToFen('100000')).toBe(100_000_00)
  })
})

describe('fen to yuan', () => {
  it('shows two decimals', () => {
    expect(fenToYuan(0)).toBe('0.00')
    expect(fenToYuan(5)).toBe('0.05')
    expect(fenToYuan(1250)).toBe('12.50')
    expect(fenToYuan(-300)).toBe('-3.00')
    expect(formatYuan(700)).toBe('¥7.00')
  })
})
