import { ApiError } from '../api/api-error'
import { i18n } from '../locales'

/**
 * The words for a failed request, in the user's language. Apart from feedback.ts, so the sign-in page
 * can show them without loading Element Plus's message and message-box components.
 */
export function errorMessage(error: unknown): string {
  return error instanceof ApiError ? error.message : i18n.global.t('common.unknownError')
}
