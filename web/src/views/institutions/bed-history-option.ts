import type { BedFigureField, BedHistory } from '@eldercare/shared'

/** The figures the history chart draws, one line each. */
export const CHART_FIELDS: BedFigureField[] = ['totalBeds', 'nursingBeds', 'occupiedBeds', 'dementiaBeds', 'caregivers']

/** The ECharts option of a bed history: months along the bottom, a line per figure; labels already translated. */
export function bedHistoryOption(history: BedHistory, label: (field: BedFigureField) => string) {
  return {
    tooltip: { trigger: 'axis' as const },
    legend: { data: CHART_FIELDS.map(label), bottom: 0 },
    grid: { left: 48, right: 24, top: 24, bottom: 56 },
    xAxis: { type: 'category' as const, data: history.items.map((item) => item.period) },
    yAxis: { type: 'value' as const, minInterval: 1 },
    series: CHART_FIELDS.map((field) => ({
      name: label(field),
      type: 'line' as const,
      data: history.items.map((item) => item.figures[field]),
    })),
  }
}
