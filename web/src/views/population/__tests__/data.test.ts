import type { PopulationStat, Region } from '@eldercare/shared'
import { describe, expect, it } from 'vitest'
import { applySaved, changedEntries, isChanged, mergeRows, rowState } from '../data'

const region = (code: string, name: string, level: Region['level']): Region => ({
  code,
  name,
  level,
  parentCode: level === 'community' ? code.slice(0, 9) : null,
  kind: level === 'community' ? 'village' : 'town',
  urbanRural: 'rural',
  island: null,
  latitude: null,
  longitude: null,
})

const regions = [region('330902101', '白泉镇', 'town'), region('330902101202', '皋泄村', 'community'), region('330902101201', '白泉村', 'community')]

const stat = (communityCode: string, aged60: number, aged80: number, total: number): PopulationStat => ({
  communityCode,
  communityName: '旧名',
  townCode: communityCode.slice(0, 9),
  year: 2024,
  basis: 'registered',
  population60Plus: aged60,
  population80Plus: aged80,
  populationTotal: total,
  updatedAt: '2024-03-01T00:00:00Z',
})

describe('population table', () => {
  it('lists every community with its figures, empty where none were entered', () => {
    const rows = mergeRows(regions, [stat('330902101201', 800, 150, 3000)])

    expect(rows.map((row) => [row.communityName, row.townName, row.population60Plus, row.population80Plus, row.populationTotal])).toEqual([
      ['白泉村', '白泉镇', 800, 150, 3000],
      ['皋泄村', '白泉镇', null, null, null],
    ])
    expect(rows.map(rowState)).toEqual(['saved', 'missing'])
  })

  it('keeps figures of a community the regions no longer list', () => {
    const rows = mergeRows(regions, [stat('330902101299', 10, 1, 50)])
    expect(rows.at(-1)).toMatchObject({ communityCode: '330902101299', communityName: '旧名', townName: '白泉镇', population60Plus: 10 })
  })

  it('sends only the changed rows, and refuses incomplete or inconsistent ones', () => {
    const rows = mergeRows(regions, [stat('330902101201', 800, 150, 3000)])
    expect(changedEntries(rows)).toEqual({ entries: [], invalid: 0 })

    const [entered, missing] = rows as [(typeof rows)[0], (typeof rows)[0]]
    entered.population60Plus = 820
    missing.population60Plus = 500
    expect(isChanged(entered)).toBe(true)
    expect(rowState(missing)).toBe('incomplete')
    expect(changedEntries(rows)).toEqual({
      entries: [{ communityCode: '330902101201', population60Plus: 820, population80Plus: 150, populationTotal: 3000 }],
      invalid: 1,
    })

    missing.population80Plus = 600
    missing.populationTotal = 2000
    expect(rowState(missing)).toBe('order')

    missing.population80Plus = 90
    expect(rowState(missing)).toBe('changed')
    expect(changedEntries(rows).entries).toHaveLength(2)
  })

  it('treats a cleared input (null or undefined) as empty, and a row put back as unchanged', () => {
    const rows = mergeRows(regions, [stat('330902101201', 800, 150, 3000)])
    const missing = rows[1]!
    missing.population60Plus = undefined
    expect(isChanged(missing)).toBe(false)

    const entered = rows[0]!
    entered.populationTotal = 3100
    entered.populationTotal = 3000
    expect(isChanged(entered)).toBe(false)
  })

  it('takes what the server saved as the new baseline', () => {
    const rows = mergeRows(regions, [])
    Object.assign(rows[1]!, { population60Plus: 500, population80Plus: 90, populationTotal: 2000 })

    applySaved(rows, [stat('330902101202', 500, 90, 2000)])

    expect(rowState(rows[1]!)).toBe('saved')
    expect(changedEntries(rows)).toEqual({ entries: [], invalid: 0 })
  })
})
