import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { ApiError } from '../../api/api-error'
import XlsxImportDialog from '../../components/xlsx-import-dialog.vue'
import { i18n, setLocale } from '../../locales'
import { useXlsxImport, type XlsxRowError } from '../use-xlsx-import'

interface Answer {
  dryRun: boolean
  rows: number
  problems: XlsxRowError[]
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const upload = vi.fn<(file: File, dryRun: boolean) => Promise<Answer>>()
const onImported = vi.fn()
const problem: XlsxRowError = { line: 4, column: '身份证号', message: '身份证号校验位不正确' }

/** Answers the dry run with `problems` and the real run with the same counts, no longer a dry run. */
function server(problems: XlsxRowError[]): void {
  upload.mockImplementation(async (_file, dryRun) => ({ dryRun, rows: 3, problems: dryRun ? problems : [] }))
}

/** A page's dialog: the generic composable, shown by the generic dialog with a summary of its own. */
const Host = defineComponent({
  setup() {
    const importer = useXlsxImport(
      { upload, rowErrors: (answer: Answer) => answer.problems, refusalCode: 'ROSTER_IMPORT_INVALID', maxBytes: 1024, scope: 'elders' },
      onImported,
    )
    const headings = { line: '行', column: '列', message: '问题' }
    return () =>
      h(
        XlsxImportDialog<Answer>,
        { visible: true, importer, scope: 'elders', title: '导入', headings, hasErrors: `有 ${importer.rowErrors.value.length} 个问题` },
        { summary: ({ result }: { result: Answer }) => h('span', `共 ${result.rows} 行`) },
      )
  },
})

let wrapper: VueWrapper | null = null

async function pick(name = '名册.xlsx', bytes = 'PK\u0003\u0004 roster'): Promise<File> {
  wrapper = mount(Host, { global: { plugins: [i18n] }, attachTo: document.body })
  await flushPromises()
  const file = new File([bytes], name, { type: XLSX })
  const input = wrapper.get<HTMLInputElement>('input[type="file"]')
  Object.defineProperty(input.element, 'files', { value: [file] })
  await input.trigger('change')
  await flushPromises()
  return file
}

const commitButton = () => wrapper!.get('[data-test="import-commit"]')
const messages = () => [...document.querySelectorAll('.el-message')].map((item) => item.textContent ?? '')

beforeEach(() => {
  upload.mockReset()
  onImported.mockReset()
  setLocale('zh-CN')
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  ElMessage.closeAll()
  document.body.innerHTML = ''
})

describe('xlsx import', () => {
  it('checks a picked file with a dry run, lists its row errors and does not allow importing it', async () => {
    server([problem])
    const file = await pick()

    expect(upload).toHaveBeenCalledExactlyOnceWith(file, true)
    const table = wrapper!.get('[data-test="import-issues"]')
    expect(table.text()).toContain('身份证号校验位不正确')
    expect(table.text()).toContain('身份证号')
    expect(wrapper!.get('[data-test="import-result"]').text()).toBe('共 3 行')
    expect(document.body.textContent).toContain('有 1 个问题')
    expect(commitButton().attributes('disabled')).toBeDefined()

    await commitButton().trigger('click')
    await flushPromises()
    expect(upload).toHaveBeenCalledOnce()
  })

  it('imports a clean file by sending the same file again, for real', async () => {
    server([])
    const file = await pick()

    expect(document.body.textContent).toContain('检查通过，可以确认导入')
    expect(commitButton().attributes('disabled')).toBeUndefined()
    await commitButton().trigger('click')
    await flushPromises()

    expect(upload.mock.calls).toEqual([
      [file, true],
      [file, false],
    ])
    expect(onImported).toHaveBeenCalledWith({ dryRun: false, rows: 3, problems: [] })
    expect(wrapper!.find('[data-test="import-done"]').exists()).toBe(true)
    expect(wrapper!.find('[data-test="import-commit"]').exists()).toBe(false)
  })

  it('shows why an upload failed and keeps the file from being imported', async () => {
    upload.mockRejectedValue(new ApiError(0, 'NETWORK_ERROR', '网络连接失败，请检查网络后重试'))
    await pick()

    await vi.waitFor(() => expect(messages()).toContain('网络连接失败，请检查网络后重试'))
    expect(wrapper!.find('[data-test="import-result"]').exists()).toBe(false)
    expect(commitButton().attributes('disabled')).toBeDefined()
  })

  it('lists the row errors of a refused import from the error details', async () => {
    upload.mockImplementation(async (_file, dryRun) => {
      if (dryRun) return { dryRun, rows: 3, problems: [] }
      throw new ApiError(400, 'ROSTER_IMPORT_INVALID', '文件有问题，未导入', [{ line: 2, path: '所属社区', message: '该社区不在您的管辖范围内' }])
    })
    await pick()

    await commitButton().trigger('click')
    await flushPromises()

    expect(wrapper!.get('[data-test="import-issues"]').text()).toContain('该社区不在您的管辖范围内')
    expect(commitButton().attributes('disabled')).toBeDefined()
    expect(onImported).not.toHaveBeenCalled()
    await vi.waitFor(() => expect(messages()).toContain('文件有问题，未导入'))
  })

  it.each([
    ['名册.csv', 'PK', '请选择 .xlsx 格式的 Excel 文件'],
    ['名册.xlsx', 'x'.repeat(1025), '文件不能超过 30 MB'],
  ])('refuses %s without uploading it', async (name, bytes, message) => {
    await pick(name, bytes)

    expect(upload).not.toHaveBeenCalled()
    await vi.waitFor(() => expect(messages()).toContain(message))
    expect(commitButton().attributes('disabled')).toBeDefined()
  })
})
