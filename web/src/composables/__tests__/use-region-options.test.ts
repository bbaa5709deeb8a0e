import type { Region } from '@eldercare/shared'
import { describe, expect, it } from 'vitest'
import { islandsOf, townGroups } from '../use-region-options'

function region(code: string, name: string, island: string | null = null): Region {
  const town = code.length === 9
  return {
    code,
    name,
    level: town ? 'town' : 'community',
    parentCode: town ? null : code.slice(0, 9),
    kind: town ? 'subdistrict' : 'community',
    urbanRural: 'urban',
    island,
    latitude: null,
    longitude: null,
  }
}

const regions = [
  region('330902002', '昌国街道'),
  region('330902002001', '西安社区居委会'),
  region('330902100', '金塘镇', '金塘岛'),
  region('330902100001', '大浦村', '金塘岛'),
  region('330902100002', '盘峙村', '盘峙岛'),
]

describe('region options', () => {
  it('groups communities under their towns, narrowed to the given towns', () => {
    expect(townGroups(regions).map((group) => [group.label, group.children.map((child) => child.label)])).toEqual([
      ['昌国街道', ['西安社区居委会']],
      ['金塘镇', ['大浦村', '盘峙村']],
    ])
    expect(townGroups(regions, ['330902100']).map((group) => group.value)).toEqual(['330902100'])
  })

  it('lists each island once and leaves the main island out', () => {
    expect(islandsOf(regions)).toEqual(['金塘岛', '盘峙岛'].sort((a, b) => a.localeCompare(b, 'zh-CN')))
  })
})
