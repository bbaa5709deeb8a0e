import type { ErrorDetail, RegionImportResult } from '@eldercare/shared'
import type { UploadFile } from 'element-plus'
import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ApiError } from '../../api/api-error'
import { importRegions } from '../../api/regions'
import { showError } from '../../utils/feedback'

/** The server's limit for a region list; checked first so a wrong file fails without an upload. */
const MAX_BYTES = 2 * 1024 * 1024

export function useRegionImport(onImported: (result: RegionImportResult) => void) {
  const { t } = useI18n()
  const file = ref<File | null>(null)
  const importing = ref(false)
  const result = ref<RegionImportResult | null>(null)
  const problems = ref<ErrorDetail[]>([])

  function reset(): void {
    file.value = null
    result.value = null
    problems.value = []
  }

  function choose(upload: UploadFile): void {
    file.value = upload.raw ?? null
    result.value = null
    problems.value = []
  }

  async function run(): Promise<void> {
    const chosen = file.value
    if (!chosen) {
      ElMessage.warning(t('regions.fileRequired'))
      return
    }
    if (chosen.size > MAX_BYTES) {
      ElMessage.error(t('regions.fileTooLarge'))
      return
    }
    importing.value = true
    problems.value = []
    try {
      result.value = await importRegions(await chosen.text())
      onImported(result.value)
    } catch (error) {
      if (error instanceof ApiError && error.code === 'REGION_IMPORT_INVALID') problems.value = error.details
      showError(error)
    } finally {
      importing.value = false
    }
  }

  return { file, importing, result, problems, reset, choose, run }
}
