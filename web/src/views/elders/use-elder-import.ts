import type { RosterImportIssue, RosterImportResult } from '@eldercare/shared'
import type { UploadFile } from 'element-plus'
import { computed, ref, shallowRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { ApiError } from '../../api/api-error'
import { importRoster } from '../../api/elders'
import { showError } from '../../utils/feedback'

/** The server's body limit for a roster; checked first so a wrong file fails without an upload. */
const MAX_BYTES = 30 * 1024 * 1024

/**
 * Two steps: a dry run reports what the file would do and every problem in it; only a file without
 * problems can then be imported for real, by sending the same file again.
 */
export function useElderImport(onImported: (result: RosterImportResult) => void) {
  const { t } = useI18n()
  /** Shallow: the File itself must reach fetch, not a reactive wrapper around it. */
  const file = shallowRef<File | null>(null)
  const checking = ref(false)
  const committing = ref(false)
  /** The dry run's answer until the import is done, then the import's. */
  const result = ref<RosterImportResult | null>(null)
  const issues = ref<RosterImportIssue[]>([])

  const done = computed(() => result.value !== null && !result.value.dryRun)
  const canCommit = computed(
    () =>
      file.value !== null &&
      result.value !== null &&
      result.value.dryRun &&
      result.value.rows > 0 &&
      issues.value.length === 0 &&
      !checking.value &&
      !committing.value,
  )

  function reset(): void {
    file.value = null
    result.value = null
    issues.value = []
  }

  function usable(chosen: File | null): chosen is File {
    if (!chosen) {
      ElMessage.warning(t('elders.fileRequired'))
      return false
    }
    if (!chosen.name.toLowerCase().endsWith('.xlsx')) {
      ElMessage.error(t('elders.fileNotXlsx'))
      return false
    }
    if (chosen.size > MAX_BYTES) {
      ElMessage.error(t('elders.fileTooLarge'))
      return false
    }
    return true
  }

  async function check(): Promise<void> {
    const chosen = file.value
    if (!usable(chosen)) return
    checking.value = true
    result.value = null
    issues.value = []
    try {
      const answer = await importRoster(chosen, true)
      // Another file may have been chosen while this one was being read.
      if (file.value !== chosen) return
      result.value = answer
      issues.value = answer.issues
    } catch (error) {
      showError(error)
    } finally {
      checking.value = false
    }
  }

  async function choose(upload: UploadFile): Promise<void> {
    file.value = upload.raw ?? null
    result.value = null
    issues.value = []
    await check()
  }

  async function commit(): Promise<void> {
    const chosen = file.value
    if (!canCommit.value || !chosen) return
    committing.value = true
    try {
      result.value = await importRoster(chosen, false)
      onImported(result.value)
    } catch (error) {
      // The roster changed since the dry run (someone moved an elder out of scope, say): show why.
      if (error instanceof ApiError && error.code === 'ROSTER_IMPORT_INVALID') {
        issues.value = error.details.map((detail) => ({ line: detail.line ?? 0, column: detail.path ?? null, message: detail.message }))
      }
      showError(error)
    } finally {
      committing.value = false
    }
  }

  return { file, checking, committing, result, issues, done, canCommit, reset, choose, check, commit }
}
