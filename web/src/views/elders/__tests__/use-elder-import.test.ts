import type { RosterImportResult } from '@eldercare/shared'
import { flushPromises, mount } from '@vue/test-utils'
import type { UploadFile } from 'element-plus'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent } from 'vue'
import { i18n, setLocale } from '../../../locales'
import ImportDialog from '../import-dialog.vue'
import { useElderImport } from '../use-elder-import'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const fetchMock = vi.fn<typeof fetch>()
const onImported = vi.fn()

const withIssues: RosterImportResult = {
  dryRun: true,
  rows: 3,
  created: 1,
  updated: 1,
  issues: [{ line: 4, column: '身份证号', message: '身份证号校验位不正确' }],
}
const clean: RosterImportResult = { dryRun: true, rows: 3, created: 2, updated: 1, issues: [] }

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

/** Answers the dry run with `dryRun` and the real run with the same counts, no longer a dry run. */
function server(dryRun: RosterImportResult) {
  fetchMock.mockImplementation(async (input) =>
    String(input).endsWith('dryRun=true') ? json(200, dryRun) : json(200, { ...dryRun, dryRun: false }),
  )
}

function upload(name = '名册.xlsx'): UploadFile {
  const raw = Object.assign(new File(['PK\u0003\u0004 roster'], name, { type: XLSX }), { uid: 1 })
  return { name, raw, uid: 1, status: 'ready' }
}

function mountImport() {
  const host = defineComponent({ setup: () => useElderImport(onImported), render: () => null })
  return mount(host, { global: { plugins: [i18n] } }).vm
}

const sent = () => fetchMock.mock.calls.map(([url, init]) => ({ url: String(url), body: init?.body, headers: init?.headers }))

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

describe('roster import', () => {
  it('checks the chosen file with a dry run and shows its issues', async () => {
    server(withIssues)
    const flow = mountImport()

    await flow.choose(upload())

    expect(sent()).toHaveLength(1)
    expect(sent()[0]).toMatchObject({ url: '/api/v1/elders/import?dryRun=true', headers: { 'Content-Type': XLSX } })
    expect(sent()[0]?.body).toBeInstanceOf(File)
    expect(flow.result).toMatchObject({ rows: 3, created: 1, updated: 1 })
    expect(flow.rowErrors).toEqual(withIssues.issues)
  })

  it('does not import a file with issues', async () => {
    server(withIssues)
    const flow = mountImport()
    await flow.choose(upload())

    expect(flow.canCommit).toBe(false)
    await flow.commit()

    expect(sent()).toHaveLength(1)
    expect(onImported).not.toHaveBeenCalled()
  })

  it('imports a file without issues by sending the same file again, for real', async () => {
    server(clean)
    const flow = mountImport()
    const file = upload()
    await flow.choose(file)

    expect(flow.canCommit).toBe(true)
    await flow.commit()

    expect(sent().map((call) => call.url)).toEqual(['/api/v1/elders/import?dryRun=true', '/api/v1/elders/import?dryRun=false'])
    expect(sent()[1]?.body).toBe(file.raw)
    expect(onImported).toHaveBeenCalledWith({ ...clean, dryRun: false })
    expect(flow.done).toBe(true)
    expect(flow.canCommit).toBe(false)
  })

  it('shows the issues the real run finds when the roster changed after the dry run', async () => {
    fetchMock.mockImplementation(async (input) =>
      String(input).endsWith('dryRun=true')
        ? json(200, clean)
        : json(400, {
            statusCode: 400,
            code: 'ROSTER_IMPORT_INVALID',
            message: 'the file has 1 problem(s); nothing was imported',
            details: [{ line: 2, path: '所属社区', message: '该社区不在您的管辖范围内' }],
          }),
    )
    const flow = mountImport()
    await flow.choose(upload())

    await flow.commit()

    expect(flow.rowErrors).toEqual([{ line: 2, column: '所属社区', message: '该社区不在您的管辖范围内' }])
    expect(flow.canCommit).toBe(false)
    expect(onImported).not.toHaveBeenCalled()
  })

  it('refuses a file that is not .xlsx without uploading it', async () => {
    const flow = mountImport()

    await flow.choose(upload('名册.csv'))

    expect(fetchMock).not.toHaveBeenCalled()
    expect(flow.result).toBeNull()
  })
})

describe('import dialog', () => {
  it('lists the issues and keeps 确认导入 disabled while there are any', async () => {
    server(withIssues)
    const wrapper = mount(ImportDialog, { props: { visible: false }, global: { plugins: [i18n] }, attachTo: document.body })
    await wrapper.setProps({ visible: true })
    await flushPromises()

    const input = wrapper.find<HTMLInputElement>('input[type="file"]')
    const file = new File(['PK\u0003\u0004 roster'], '名册.xlsx', { type: XLSX })
    Object.defineProperty(input.element, 'files', { value: [file] })
    await input.trigger('change')
    await flushPromises()

    await vi.waitFor(() => expect(wrapper.find('[data-test="import-issues"]').exists()).toBe(true))
    expect(wrapper.find('[data-test="import-issues"]').text()).toContain('身份证号校验位不正确')
    expect(wrapper.find('[data-test="import-result"]').text()).toContain('新增')
    expect(wrapper.find('[data-test="import-commit"]').attributes('disabled')).toBeDefined()
  })
})
