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
