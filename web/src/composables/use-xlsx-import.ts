import type { ErrorCode } from '@eldercare/shared'
import type { UploadFile } from 'element-plus'
import { computed, ref, shallowRef, type ComputedRef, type Ref, type ShallowRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { ApiError } from '../api/api-error'
import { showError } from '../utils/feedback'

/** What the dialog needs of any import's answer: whether it was a dry run, and how many rows it read. */
export interface XlsxImportResult {
  dryRun: boolean
  rows: number
}

/** Where a row error is in the file, and what is wrong there: one line of the dialog's error table. */
export interface XlsxRowError {
  line: number
  /** The column's heading; null when the error is about the whole row. */
  column: string | null
  message: string
}

export interface XlsxImportOptions<TResult extends XlsxImportResult> {
  /** Sends the file; a dry run only reports, a real run stores every row or nothing. */
  upload: (file: File, dryRun: boolean) => Promise<TResult>
  /** The row errors in a dry run's answer; only a file without any can be imported. */
  rowErrors: (result: TResult) => XlsxRowError[]
  /** The code of a refused import, whose details are its row errors. */
  refusalCode: ErrorCode
  /** The largest file worth sending; checked first so a wrong file fails without an upload. */
  maxBytes: number
  /** The locale namespace holding `fileRequired`, `fileNotXlsx` and `fileTooLarge`. */
  scope: string
}

export interface XlsxImport<TResult extends XlsxImportResult> {
  /** Shallow: the File itself must reach fetch, not a reactive wrapper around it. */
  file: ShallowRef<File | null>
  checking: Ref<boolean>
  committing: Ref<boolean>
  /** The dry run's answer until the import is done, then the import's. */
  result: Ref<TResult | null>
  rowErrors: Ref<XlsxRowError[]>
  done: ComputedRef<boolean>
  canCommit: ComputedRef<boolean>
  reset: () => void
  choose: (upload: UploadFile) => Promise<void>
  /** Reads the chosen file again as a dry run, e.g. once the user said what a column is. */
  check: () => Promise<void>
  commit: () => Promise<void>
}

/**
 * Two steps: a dry run reports what the .xlsx file would do and every row error in it; only a file without
 * errors can then be imported for real, by sending the same file again. Nothing is stored while any row has an error.
 */
export function useXlsxImport<TResult extends XlsxImportResult>(
  options: XlsxImportOptions<TResult>,
  onImported: (result: TResult) => void,
): XlsxImport<TResult> {
  const { t } = useI18n()
  const file = shallowRef<File | null>(null)
  const checking = ref(false)
  const committing = ref(false)
  // A ref of a type parameter cannot be unwrapped; the answers are plain JSON, so there is nothing to unwrap.
  const result = ref(null) as Ref<TResult | null>
  const rowErrors = ref<XlsxRowError[]>([])

  const done = computed(() => result.value !== null && !result.value.dryRun)
  const canCommit = computed(
    () =>
      file.value !== null &&
      result.value !== null &&
      result.value.dryRun &&
      result.value.rows > 0 &&
      rowErrors.value.length === 0 &&
      !checking.value &&
      !committing.value,
  )

  function clear(): void {
    result.value = null
    rowErrors.value = []
  }

  function reset(): void {
    file.value = null
    clear()
  }

  function usable(chosen: File | null): chosen is File {
    if (!chosen) {
      ElMessage.warning(t(`${options.scope}.fileRequired`))
      return false
    }
    if (!chosen.name.toLowerCase().endsWith('.xlsx')) {
      ElMessage.error(t(`${options.scope}.fileNotXlsx`))
      return false
    }
    if (chosen.size > options.maxBytes) {
      ElMessage.error(t(`${options.scope}.fileTooLarge`))
      return false
    }
    return true
  }

  function showRefusal(error: unknown): void {
    if (error instanceof ApiError && error.code === options.refusalCode) {
      rowErrors.value = error.details.map((detail) => ({ line: detail.line ?? 0, column: detail.path ?? null, message: detail.message }))
    }
    showError(error)
  }

  async function check(): Promise<void> {
    const chosen = file.value
    if (!usable(chosen)) return
    checking.value = true
    clear()
    try {
      const answer = await options.upload(chosen, true)
      // Another file may have been chosen while this one was being read.
      if (file.value !== chosen) return
      result.value = answer
      rowErrors.value = options.rowErrors(answer)
    } catch (error) {
      if (file.value === chosen) showRefusal(error)
    } finally {
      checking.value = false
    }
  }

  async function choose(upload: UploadFile): Promise<void> {
    file.value = upload.raw ?? null
    clear()
    await check()
  }

  async function commit(): Promise<void> {
    const chosen = file.value
    if (!canCommit.value || !chosen) return
    committing.value = true
    try {
      const answer = await options.upload(chosen, false)
      result.value = answer
      onImported(answer)
    } catch (error) {
      // What the file refers to may have changed since the dry run (a community moved out of scope, say): show why.
      showRefusal(error)
    } finally {
      committing.value = false
    }
  }

  return { file, checking, committing, result, rowErrors, done, canCommit, reset, choose, check, commit }
}
