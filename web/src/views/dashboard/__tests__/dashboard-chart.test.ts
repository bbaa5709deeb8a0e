import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { coverageOption } from '../chart-options'
import DashboardChart from '../dashboard-chart.vue'
import { coverage } from './fixtures'

/** ECharts needs a canvas happy-dom lacks: the stub passes on the click events ECharts would emit. */
const EchartsStub = defineComponent({ name: 'Echarts', emits: ['click'], setup: () => () => h('div', { class: 'echarts-stub' }) })

function mountChart() {
  const rows = [...coverage().rows, { ...coverage().rows[1]!, key: '330902105', name: '册子乡', covered: 0, total: 4, rate: 0, weightedRate: 0 }]
  const option = coverageOption(rows, { rate: '覆盖率', weightedRate: '加权', target: '目标' }, 0.8)
  return mount(DashboardChart, { props: { option, empty: false, emptyText: '暂无数据' }, global: { stubs: { Echarts: EchartsStub } } })
}

describe('the dashboard chart', () => {
  it('makes the axis labels clickable, so a town at 0% can be drilled into', () => {
    expect(coverageOption(coverage().rows, { rate: 'a', weightedRate: 'b', target: 'c' }, null).xAxis.triggerEvent).toBe(true)
  })

  it('picks a town from its bar or from its name on the axis', async () => {
    const chart = mountChart()
    const echarts = chart.findComponent(EchartsStub)

    echarts.vm.$emit('click', { componentType: 'series', dataIndex: 1 })
    echarts.vm.$emit('click', { componentType: 'xAxis', targetType: 'axisLabel', value: '册子乡' })
    echarts.vm.$emit('click', { componentType: 'xAxis', targetType: 'axisLabel', value: '不存在' })

    expect(chart.emitted('pick')).toEqual([[1], [2]])
  })
})
