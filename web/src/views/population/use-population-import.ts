import type { PopulationBasis, PopulationImportError, PopulationImportResult } from '@eldercare/shared'
import type { UploadFile } from 'element-plus'
import { computed, ref, shallowRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { ApiError } from '../../api/api-error'
import { importPopulationStats } from '../../api/indicators'
import { showError } from '../../utils/feedback'

/** One community a line: a statistics file is small, so anything bigger is the wrong file. */
const MAX_BYTES = 5 * 1024 * 1024

/** A row error as the dialog lists it; the server's error code is not shown. */
export type ImportRowError = Pick<PopulationImportError, 'row' | 'column' | 'message'>

/**
 * Two steps, as the roster import: a dry run lists every error in the file; only a file without errors
 * can then be imported, by sending the same file again. Nothing is stored while any row has an error.
 */
export function usePopulationImport(target: () => { year: number; basis: PopulationBasis }, onImported: (result: PopulationImportResult) => void) {
  const { t } = useI18n()
  /** Shallow: the File itself must reach fetch, not a reactive wrapper around it. */
  const file = shallowRef<File | null>(null)
  const checking = ref(false)
  const committing = ref(false)
  /** The dry run's answer until the import is done, then the import's. */
  const result = ref<PopulationImportResult | null>(null)
  const errors = ref<ImportRowError[]>([])

  const done = computed(() => result.value !== null && !result.value.dryRun)
  const canCommit = computed(
    () =>
      file.value !== null &&
      result.value !== null &&
      result.value.dryRun &&
      result.value.rows > 0 &&
      errors.value.length === 0 &&
      !checking.value &&
      !committing.value,
  )

  function reset(): void {
    file.value = null
    result.value = null
    errors.value = []
  }

  function usable(chosen: File | null): chosen is File {
    if (!chosen) {
      ElMessage.warning(t('population.fileRequired'))
      return false
    }
    if (!chosen.name.toLowerCase().endsWith('.xlsx')) {
      ElMessage.error(t('population.fileNotXlsx'))
      return false
    }
    if (chosen.size > MAX_BYTES) {
      ElMessage.error(t('population.fileTooLarge'))
      return false
    }
    return true
  }

  /** A refused import carries its row errors as the error's details, like the roster import's. */
  function showRefusal(error: unknown): void {
    if (error instanceof ApiError && error.code === 'POPULATION_IMPORT_INVALID') {
      errors.value = error.details.map((detail) => ({ row: detail.line ?? 0, column: detail.path, message: detail.message }))
    }
    showError(error)
  }

  async function check(): Promise<void> {
    const chosen = file.value
    if (!usable(chosen)) return
    checking.value = true
    result.value = null
    errors.value = []
    try {
      const answer = await importPopulationStats(chosen, { ...target(), dryRun: true })
      // Another file may have been chosen while this one was being read.
      if (file.value !== chosen) return
      result.value = answer
      errors.value = answer.errors
    } catch (error) {
      if (file.value === chosen) showRefusal(error)
    } finally {
      checking.value = false
    }
  }

  async function choose(upload: UploadFile): Promise<void> {
    file.value = upload.raw ?? null
    result.value = null
    errors.value = []
    await check()
  }

  async function commit(): Promise<void> {
    const chosen = file.value
    if (!canCommit.value || !chosen) return
    committing.value = true
    try {
      result.value = await importPopulationStats(chosen, { ...target(), dryRun: false })
      onImported(result.value)
    } catch (error) {
      // The regions changed since the dry run, say: show why this time.
      showRefusal(error)
    } finally {
      committing.value = false
    }
  }

  return { file, checking, committing, result, errors, done, canCommit, reset, choose, check, commit }
}
