import { ROSTER_COLUMN_FIELDS, type ImportColumnsNeeded } from '@eldercare/shared'
import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it } from 'vitest'
import { i18n, setLocale } from '../../../locales'
import ColumnMapping from '../../../components/column-mapping.vue'

const needed: ImportColumnsNeeded = {
  missing: ['name', 'community'],
  columns: [
    { col: 1, header: '户主' },
    { col: 2, header: '编号' },
    { col: 3, header: '片区' },
  ],
  headerRows: [['户主', '编号', '片区']],
  sampleRows: [['王大海', '330902195206301539', '一号社区居委会']],
}

beforeEach(() => setLocale('zh-CN'))

describe('saying which column a required field is', () => {
  it('shows the header rows and first data rows, and sends the headers chosen for each missing field', async () => {
    const w = mount(ColumnMapping, { props: { needed, saving: false, fields: ROSTER_COLUMN_FIELDS, scope: 'elders' }, global: { plugins: [i18n] }, attachTo: document.body })
    const preview = w.get('[data-test="mapping-preview"]')
    expect(preview.findAll('thead th').map((cell) => cell.text())).toEqual(['A', 'B', 'C'])
    expect(preview.findAll('tbody tr').map((row) => row.text())).toEqual([expect.stringContaining('户主'), expect.stringContaining('王大海')])
    expect(w.text()).toContain('姓名')
    expect(w.text()).toContain('所属社区或社区代码')
    expect(w.get('[data-test="mapping-save"]').attributes('disabled')).toBeDefined()

    const selects = w.findAllComponents({ name: 'ElSelect' })
    selects[0]!.vm.$emit('update:modelValue', 1)
    selects[1]!.vm.$emit('update:modelValue', 3)
    await flushPromises()
    expect(w.get('[data-test="mapping-save"]').attributes('disabled')).toBeUndefined()
    await w.get('form').trigger('submit')

    expect(w.emitted('mapped')).toEqual([
      [
        [
          { header: '户主', field: 'name' },
          { header: '片区', field: 'community' },
        ],
      ],
    ])
    w.unmount()
  })
})
