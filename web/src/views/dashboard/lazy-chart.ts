import { defineAsyncComponent } from 'vue'

/**
 * The dashboard's chart, fetched with ECharts when a chart is first drawn: the cards above it show
 * without waiting for the chart library, the largest download of the app.
 */
export const LazyDashboardChart = defineAsyncComponent(() => import('./dashboard-chart.vue'))
