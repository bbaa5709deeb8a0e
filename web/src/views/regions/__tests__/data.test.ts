import type { Region } from '@eldercare/shared'
import { describe, expect, it } from 'vitest'
import { buildRegionTree, emptyRegionSearch, filterRegionTree } from '../data'
import { toRegionPatch } from '../use-region-form'

function region(code: string, name: string, extra: Partial<Region> = {}): Region {
  const town = code.length === 9
  return {
    code,
    name,
    level: town ? 'town' : 'community',
    parentCode: town ? '330902' : code.slice(0, 9),
    kind: town ? 'subdistrict' : 'community',
    urbanRural: 'urban',
    island: null,
    latitude: null,
    longitude: null,
    ...extra,
  }
}

const regions = [
  region('330902002', '昌国街道'),
  region('330902002001', '西安社区居委会'),
  region('330902002002', '东海村', { kind: 'village', urbanRural: 'rural' }),
  region('330902100', '金塘镇', { kind: 'town', urbanRural: 'rural', island: '金塘岛' }),
  region('330902100001', '大浦村', { kind: 'village', urbanRural: 'rural', island: '金塘岛' }),
]

describe('region tree', () => {
  it('puts every community under its town', () => {
    const tree = buildRegionTree(regions)

    expect(tree.map((town) => [town.name, town.children?.map((community) => community.name)])).toEqual([
      ['昌国街道', ['西安社区居委会', '东海村']],
      ['金塘镇', ['大浦村']],
    ])
  })

  it('keeps a town with only its matching communities when searching by name', () => {
    const tree = filterRegionTree(buildRegionTree(regions), { ...emptyRegionSearch(), keyword: '村' })

    expect(tree.map((town) => [town.name, town.children?.map((community) => community.name)])).toEqual([
      ['昌国街道', ['东海村']],
      ['金塘镇', ['大浦村']],
    ])
  })

  it('keeps a matching town whole and filters by urban or rural', () => {
    const byName = filterRegionTree(buildRegionTree(regions), { ...emptyRegionSearch(), keyword: '金塘' })
    const rural = filterRegionTree(buildRegionTree(regions), { ...emptyRegionSearch(), urbanRural: 'rural' })

    expect(byName.map((town) => [town.name, town.children?.length])).toEqual([['金塘镇', 1]])
    expect(rural.map((town) => [town.name, town.children?.map((community) => community.name)])).toEqual([
      ['昌国街道', ['东海村']],
      ['金塘镇', ['大浦村']],
    ])
  })
})

describe('region edit', () => {
  it('sends only the changed fields, a blank island meaning the main island', () => {
    const before = region('330902100001', '大浦村', { kind: 'village', urbanRural: 'rural', island: '金塘岛' })

    const unplaced = { latitude: undefined, longitude: undefined }
    expect(toRegionPatch({ name: ' 大浦村 ', kind: 'village', urbanRural: 'urban', island: '', ...unplaced }, before)).toEqual({
      urbanRural: 'urban',
      island: null,
    })
    expect(toRegionPatch({ name: '大浦村', kind: 'village', urbanRural: 'rural', island: '金塘岛', ...unplaced }, before)).toEqual({})
  })

  it('sends a position once entered, and clears it when emptied', () => {
    const before = region('330902100001', '大浦村', { kind: 'village', urbanRural: 'rural', island: '金塘岛' })
    const model = { name: '大浦村', kind: 'village' as const, urbanRural: 'rural' as const, island: '金塘岛' }
    expect(toRegionPatch({ ...model, latitude: 30.05, longitude: 122.1 }, before)).toEqual({ latitude: 30.05, longitude: 122.1 })
    const placed = { ...before, latitude: 30.05, longitude: 122.1 }
    expect(toRegionPatch({ ...model, latitude: undefined, longitude: 122.1 }, placed)).toEqual({ latitude: null })
  })
})
