import { shownIndicatorValue, type CoverageRow, type Dashboard, type RatingDistribution } from '@eldercare/shared'
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts'
import type { GridComponentOption, LegendComponentOption, MarkLineComponentOption, TooltipComponentOption } from 'echarts/components'
import type { ComposeOption } from 'echarts/core'

/** What the dashboard's charts may use; the same parts `dashboard-chart.vue` registers. */
type DashboardOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | MarkLineComponentOption | TooltipComponentOption
>

/** The day columns of `mealsPerDay`, by meal slot or by how the meal was served. */
export const MEAL_SERIES = {
  slot: ['breakfast', 'lunch', 'dinner'],
  mode: ['dineIn', 'delivery', 'pickup'],
} as const
export type MealDimension = keyof typeof MEAL_SERIES
export type MealSeriesKey = (typeof MEAL_SERIES)[MealDimension][number]

/** A ratio (0..1) as a percentage with one decimal, cut as the indicator cards show it (shared indicator-rounding.ts). */
export function toPercent(ratio: number | null): number | null {
  return ratio === null ? null : shownIndicatorValue('ratio', ratio)
}

const percentText = (value: unknown) => (typeof value === 'number' ? `${value}%` : '—')

export interface CoverageLabels {
  rate: string
  weightedRate: string
  target: string
}

/** Coverage of each group (town or community) as bars, plain and weighted by elderly population, with the target as a line. */
export function coverageOption(rows: CoverageRow[], labels: CoverageLabels, target: number | null) {
  const goal = toPercent(target)
  return {
    tooltip: { trigger: 'axis' as const, valueFormatter: percentText },
    legend: { data: [labels.rate, labels.weightedRate], bottom: 0 },
    grid: { left: 16, right: 24, top: 32, bottom: 40, containLabel: true },
    // triggerEvent: a town at 0% has no bar to click, its name on the axis drills down instead.
    xAxis: { type: 'category' as const, data: rows.map((row) => row.name), triggerEvent: true, axisLabel: { interval: 0, rotate: rows.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value' as const, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      {
        name: labels.rate,
        type: 'bar' as const,
        data: rows.map((row) => toPercent(row.rate)),
        markLine:
          goal === null
            ? undefined
            : {
                symbol: 'none',
                silent: true,
                data: [{ yAxis: goal }],
                label: { formatter: `${labels.target} ${goal}%`, position: 'insideEndTop' as const },
                lineStyle: { type: 'dashed' as const },
              },
      },
      { name: labels.weightedRate, type: 'bar' as const, data: rows.map((row) => toPercent(row.weightedRate)) },
    ],
  } satisfies DashboardOption
}

/** Meals of each day, stacked: bars by slot, areas by mode. */
export function mealsOption(days: Dashboard['mealsPerDay'], dimension: MealDimension, label: (key: MealSeriesKey) => string) {
  const keys = MEAL_SERIES[dimension]
  return {
    tooltip: { trigger: 'axis' as const },
    legend: { data: keys.map(label), bottom: 0 },
    grid: { left: 16, right: 24, top: 24, bottom: 40, containLabel: true },
    xAxis: { type: 'category' as const, data: days.map((day) => day.day.slice(5)) },
    yAxis: { type: 'value' as const, minInterval: 1 },
    series: keys.map((key) => ({
      name: label(key),
      type: dimension === 'slot' ? ('bar' as const) : ('line' as const),
      stack: 'meals',
      areaStyle: dimension === 'mode' ? {} : undefined,
      data: days.map((day) => day[key]),
    })),
  } satisfies DashboardOption
}

/** Elders paying by care card in each month. */
export function cardUsersOption(months: Dashboard['cardUsersPerMonth'], label: string) {
  return {
    tooltip: { trigger: 'axis' as const },
    grid: { left: 16, right: 24, top: 24, bottom: 16, containLabel: true },
    xAxis: { type: 'category' as const, data: months.map((month) => month.month) },
    yAxis: { type: 'value' as const, minInterval: 1 },
    series: [{ name: label, type: 'bar' as const, data: months.map((month) => month.users), label: { show: true, position: 'top' as const } }],
  } satisfies DashboardOption
}

export interface RatingLabels {
  grade: (grade: number) => string
  unrated: string
  institutions: string
}

const GRADES = [1, 2, 3, 4, 5] as const
const UNRATED_COLOUR = '#c0c4cc'

/** Institutions by valid grade, 1 to 5 stars, then those without a valid rating in grey. */
export function ratingsOption(ratings: RatingDistribution, labels: RatingLabels) {
  return {
    tooltip: { trigger: 'axis' as const },
    grid: { left: 16, right: 24, top: 24, bottom: 16, containLabel: true },
    xAxis: { type: 'category' as const, data: [...GRADES.map(labels.grade), labels.unrated], axisLabel: { interval: 0 } },
    yAxis: { type: 'value' as const, minInterval: 1 },
    series: [
      {
        name: labels.institutions,
        type: 'bar' as const,
        label: { show: true, position: 'top' as const },
        data: [...ratings.byGrade, { value: ratings.unrated, itemStyle: { color: UNRATED_COLOUR } }],
      },
    ],
  } satisfies DashboardOption
}
