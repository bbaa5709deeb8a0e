import { errorMessage } from './error-message'

export { errorMessage } from './error-message'

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
