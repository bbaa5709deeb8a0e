import type { ErrorCode, ErrorDetail } from '@eldercare/shared'

/** Failures the browser detects itself, before or instead of an API error body. */
export type ClientErrorCode = 'NETWORK_ERROR' | 'UNEXPECTED_RESPONSE'

export type ApiErrorCode = ErrorCode | ClientErrorCode

/** Every failed API call rejects with this; `message` is already in the user's language. */
export class ApiError extends Error {
  override name = 'ApiError'

  constructor(
    /** HTTP status; 0 when no response arrived. */
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
    /** The server's own wording, which can carry specifics such as how long an account stays locked. */
    readonly serverMessage: string = '',
  ) {
    super(message)
  }
}

/** True when no answer came from the server: the device is offline or the link dropped. */
export function isNetworkError(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 0 || error.code === 'NETWORK_ERROR')
}
