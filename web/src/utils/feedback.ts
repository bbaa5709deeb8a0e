import { ApiError } from '../api/api-error'
import { i18n } from '../locales'

export function errorMessage(error: unknown): string {
  return error instanceof ApiError ? error.message : i18n.global.t('common.unknownError')
}

export function showError(error: unknown): void {
  ElMessage.error(errorMessage(error))
}

/** ElMessageBox rejects when the user cancels; that is a choice, not a failure. */
export async function confirmed(message: string, title: string): Promise<boolean> {
  try {
    await ElMessageBox.confirm(message, title, { type: 'warning' })
    return true
  } catch {
    return false
  }
}
