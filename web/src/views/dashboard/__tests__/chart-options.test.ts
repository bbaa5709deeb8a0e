import { describe, expect, it } from 'vitest'
import { cardUsersOption, coverageOption, mealsOption, ratingsOption, toPercent } from '../chart-options'
import { coverage, dashboard } from './fixtures'

const labels = { rate: '覆盖率', weightedRate: '加权', target: '目标' }

describe('dashboard chart options', () => {
  it('draws coverage per town in percent, with the target as a dashed line', () => {
    const option = coverageOption(coverage().rows, labels, 0.8)

    expect(option.xAxis.data).toEqual(['解放街道', '白泉镇'])
    expect(option.series[0]!.data).toEqual([100, 53.3])
    expect(option.series[1]!.data).toEqual([83.3, 83.3])
    expect(option.series[0]!.markLine?.data).toEqual([{ yAxis: 80 }])
    expect(option.series[0]!.markLine?.label.formatter).toBe('目标 80%')
    expect(option.tooltip.valueFormatter(53.3)).toBe('53.3%')
    expect(option.tooltip.valueFormatter(null)).toBe('—')
  })

  it('leaves out the target line without a target and keeps unknown rates empty', () => {
    const rows = [{ ...coverage().rows[0]!, rate: null, weightedRate: null }]
    const option = coverageOption(rows, labels, null)

    expect(option.series[0]!.markLine).toBeUndefined()
    expect(option.series[0]!.data).toEqual([null])
    expect(toPercent(0.58)).toBe(58)
  })

  it('stacks meals per day as bars by slot and as areas by mode', () => {
    const bySlot = mealsOption(dashboard.mealsPerDay, 'slot', (key) => key)
    expect(bySlot.xAxis.data).toEqual(['06-29', '06-30'])
    expect(bySlot.series.map((series) => [series.name, series.type, series.stack])).toEqual([
      ['breakfast', 'bar', 'meals'],
      ['lunch', 'bar', 'meals'],
      ['dinner', 'bar', 'meals'],
    ])
    expect(bySlot.series[1]!.data).toEqual([120, 118])

    const byMode = mealsOption(dashboard.mealsPerDay, 'mode', (key) => key)
    expect(byMode.series.map((series) => series.name)).toEqual(['dineIn', 'delivery', 'pickup'])
    expect(byMode.series.every((series) => series.type === 'line' && series.areaStyle !== undefined)).toBe(true)
    expect(byMode.series[1]!.data).toEqual([50, 52])
  })

  it('counts card users per month', () => {
    const option = cardUsersOption(dashboard.cardUsersPerMonth, '使用人数')
    expect(option.xAxis.data).toEqual(['2024-05', '2024-06'])
    expect(option.series[0]!.data).toEqual([300, 320])
  })

  it('shows institutions by grade, 1 to 5 stars, then the unrated in grey', () => {
    const option = ratingsOption(dashboard.ratings, { grade: (grade) => `${grade}星`, unrated: '未评定', institutions: '机构数' })
    expect(option.xAxis.data).toEqual(['1星', '2星', '3星', '4星', '5星', '未评定'])
    expect(option.series[0]!.data.slice(0, 5)).toEqual([1, 2, 4, 3, 1])
    expect(option.series[0]!.data[5]).toMatchObject({ value: 5 })
  })
})
