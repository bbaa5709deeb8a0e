import type { PopulationImportResult } from '@eldercare/shared'
import { flushPromises, mount } from '@vue/test-utils'
import type { UploadFile } from 'element-plus'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent } from 'vue'
import { i18n, setLocale } from '../../../locales'
import ImportDialog from '../import-dialog.vue'
import { usePopulationImport } from '../use-population-import'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const fetchMock = vi.fn<typeof fetch>()
const onImported = vi.fn()

const withErrors: PopulationImportResult = {
  year: 2024,
  basis: 'resident',
  rows: 3,
  imported: 0,
  dryRun: true,
  errors: [{ row: 4, column: '村社代码', code: 'POPULATION_COMMUNITY_UNKNOWN', message: '未知的村（社区）' }],
}
const clean: PopulationImportResult = { year: 2024, basis: 'resident', rows: 3, imported: 3, dryRun: true, errors: [] }

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

function server(dryRun: PopulationImportResult) {
  fetchMock.mockImplementation(async (input) => (String(input).endsWith('dryRun=true') ? json(200, dryRun) : json(200, { ...dryRun, dryRun: false })))
}

function upload(name = '人口.xlsx'): UploadFile {
  const raw = Object.assign(new File(['PK\u0003\u0004 figures'], name, { type: XLSX }), { uid: 1 })
  return { name, raw, uid: 1, status: 'ready' }
}

function mountImport() {
  const host = defineComponent({ setup: () => usePopulationImport(() => ({ year: 2024, basis: 'resident' }), onImported), render: () => null })
  return mount(host, { global: { plugins: [i18n] } }).vm
}

const urls = () => fetchMock.mock.calls.map(([url]) => String(url))

beforeEach(() => {
  fetchMock.mockReset()
  onImported.mockReset()
  vi.stubGlobal('fetch', fetchMock)
  setLocale('zh-CN')
})

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('population import', () => {
  it('checks the file for the chosen year and basis with a dry run and lists its errors', async () => {
    server(withErrors)
    const flow = mountImport()

    await flow.choose(upload())

    expect(urls()).toEqual(['/api/v1/population-stats/import?year=2024&basis=resident&dryRun=true'])
    expect(fetchMock.mock.calls[0]?.[1]?.headers).toMatchObject({ 'Content-Type': XLSX })
    expect(flow.rowErrors).toEqual([{ line: 4, column: '村社代码', message: '未知的村（社区）' }])
    expect(flow.canCommit).toBe(false)
  })

  it('imports a clean file by sending it again, for real', async () => {
    server(clean)
    const flow = mountImport()
    const file = upload()
    await flow.choose(file)

    await flow.commit()

    expect(urls()[1]).toBe('/api/v1/population-stats/import?year=2024&basis=resident&dryRun=false')
    expect(fetchMock.mock.calls[1]?.[1]?.body).toBe(file.raw)
    expect(onImported).toHaveBeenCalledWith({ ...clean, dryRun: false })
    expect(flow.done).toBe(true)
  })

  it('lists the row errors of a refused import from the error details', async () => {
    fetchMock.mockImplementation(async (input) =>
      String(input).endsWith('dryRun=true')
        ? json(200, clean)
        : json(400, {
            statusCode: 400,
            code: 'POPULATION_IMPORT_INVALID',
            message: 'the file has 1 error(s); nothing was imported',
            details: [{ line: 5, path: '总人口', message: '总人口不能小于60岁以上人口' }],
          }),
    )
    const flow = mountImport()
    await flow.choose(upload())

    await flow.commit()

    expect(flow.rowErrors).toEqual([{ line: 5, column: '总人口', message: '总人口不能小于60岁以上人口' }])
    expect(flow.canCommit).toBe(false)
    expect(onImported).not.toHaveBeenCalled()
  })

  it('refuses a file that is not .xlsx without uploading it', async () => {
    const flow = mountImport()
    await flow.choose(upload('人口.csv'))
    expect(fetchMock).not.toHaveBeenCalled()
  })
})

describe('population import dialog', () => {
  it('names the year and basis, lists the errors and keeps 确认导入 disabled', async () => {
    server(withErrors)
    const wrapper = mount(ImportDialog, { props: { visible: false, year: 2024, basis: 'resident' }, global: { plugins: [i18n] }, attachTo: document.body })
    await wrapper.setProps({ visible: true })
    await flushPromises()

    expect(document.body.textContent).toContain('导入 2024 年常住人口数据（Excel）')
    const input = wrapper.find<HTMLInputElement>('input[type="file"]')
    Object.defineProperty(input.element, 'files', { value: [new File(['PK\u0003\u0004'], '人口.xlsx', { type: XLSX })] })
    await input.trigger('change')
    await flushPromises()

    await vi.waitFor(() => expect(wrapper.find('[data-test="import-issues"]').exists()).toBe(true))
    expect(wrapper.find('[data-test="import-issues"]').text()).toContain('未知的村（社区）')
    expect(wrapper.find('[data-test="import-commit"]').attributes('disabled')).toBeDefined()
    wrapper.unmount()
  })
})

describe('population import dialog, when a column cannot be told', () => {
  const asked: PopulationImportResult = {
    year: 2024,
    basis: 'resident',
    rows: 0,
    imported: 0,
    dryRun: true,
    errors: [{ row: 1, code: 'COLUMNS_NEEDED', message: '缺少必填列：“村（社区）”或“村社代码”、“总人口”：请在下方指明是哪一列' }],
    columnsNeeded: {
      missing: ['community', 'populationTotal'],
      columns: [
        { col: 1, header: '片区' },
        { col: 2, header: '人口' },
        { col: 3, header: '60岁以上' },
        { col: 4, header: '80岁以上' },
      ],
      headerRows: [['片区', '人口', '60岁以上', '80岁以上']],
      sampleRows: [['一号社区居委会', '2010', '410', '52']],
    },
  }

  it('shows the header and first rows, saves the columns the user names, and checks the file again', async () => {
    let dryRuns = 0
    fetchMock.mockImplementation(async (input, init) => {
      const address = String(input)
      if (address.endsWith('/population-stats/import/mappings')) return json(200, JSON.parse(String(init?.body)))
      if (address.endsWith('dryRun=true')) return json(200, dryRuns++ === 0 ? asked : clean)
      return json(200, { ...clean, dryRun: false })
    })
    const wrapper = mount(ImportDialog, { props: { visible: false, year: 2024, basis: 'resident' }, global: { plugins: [i18n] }, attachTo: document.body })
    await wrapper.setProps({ visible: true })
    await flushPromises()
    const input = wrapper.find<HTMLInputElement>('input[type="file"]')
    Object.defineProperty(input.element, 'files', { value: [new File(['PK\u0003\u0004'], '人口.xlsx', { type: XLSX })] })
    await input.trigger('change')
    await vi.waitFor(() => expect(wrapper.find('[data-test="column-mapping"]').exists()).toBe(true))

    const preview = wrapper.get('[data-test="mapping-preview"]')
    expect(preview.findAll('thead th').map((cell) => cell.text())).toEqual(['A', 'B', 'C', 'D'])
    expect(preview.findAll('tbody tr').map((row) => row.text())).toEqual([expect.stringContaining('片区'), expect.stringContaining('一号社区居委会')])
    const mapping = wrapper.get('[data-test="column-mapping"]').text()
    expect(mapping).toContain('村（社区）或村社代码')
    expect(mapping).toContain('总人口')
    expect(wrapper.find('[data-test="import-commit"]').attributes('disabled')).toBeDefined()

    const selects = wrapper.get('[data-test="column-mapping"]').findAllComponents({ name: 'ElSelect' })
    selects[0]!.vm.$emit('update:modelValue', 1)
    selects[1]!.vm.$emit('update:modelValue', 2)
    await flushPromises()
    await wrapper.get('[data-test="column-mapping"] form').trigger('submit')
    await vi.waitFor(() => expect(wrapper.find('[data-test="column-mapping"]').exists()).toBe(false))

    const put = fetchMock.mock.calls.find(([address]) => String(address).endsWith('/mappings'))
    expect(put?.[1]?.method).toBe('PUT')
    expect(JSON.parse(String(put?.[1]?.body))).toEqual({
      mappings: [
        { header: '片区', field: 'community' },
        { header: '人口', field: 'populationTotal' },
      ],
    })
    expect(urls().filter((address) => address.endsWith('dryRun=true'))).toHaveLength(2)
    expect(wrapper.find('[data-test="import-commit"]').attributes('disabled')).toBeUndefined()
    wrapper.unmount()
  })
})
