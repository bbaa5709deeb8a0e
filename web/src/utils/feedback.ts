import { errorMessage } from './error-message'

export { errorMessage } from './error-message'

export function showError(error: unknown): void {
  ElMessage.error(errorMessage(error))
}

/**
 * Element Plus's message box (with its focus trap and drag handling) is fetched at the first
 * confirmation asked for, not with every page: the sign-out button sits on all of them.
 */
async function messageBox() {
  const [{ ElMessageBox }] = await Promise.all([import('element-plus/es/components/message-box/index.mjs'), import('element-plus/es/components/message-box/style/css.mjs')])
  return ElMessageBox
}

/** ElMessageBox rejects when the user cancels; that is a choice, not a failure. */
export async function confirmed(message: string, title: string): Promise<boolean> {
  const box = await messageBox()
  try {
    await box.confirm(message, title, { type: 'warning' })
    return true
  } catch {
    return false
  }
}
