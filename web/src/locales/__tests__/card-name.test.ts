import { describe, expect, it } from 'vitest'
import zhCN from '../zh-CN'

function texts(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]]
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([key, item]) => texts(item, path ? `${path}.${key}` : key))
  return []
}

describe('the card’s name', () => {
  it('is 养老服务爱心卡, short form 爱心卡, in every zh-CN text: never 助老卡 or another name', () => {
    const all = texts(zhCN)
    const others = all.filter(([, text]) => /助老卡|敬老卡|老年卡|养老卡|关爱卡/.test(text))
    expect(others).toEqual([])
    // A long form is always the whole official name.
    const broken = all.filter(([, text]) => /服务爱心卡/.test(text) && !/养老服务爱心卡/.test(text))
    expect(broken).toEqual([])
    expect(all.some(([, text]) => text.includes('养老服务爱心卡'))).toBe(true)
  })
})
