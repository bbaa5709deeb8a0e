import { ERROR_CODES, type ErrorCode, type ErrorDetail } from '@eldercare/shared'

/** The one error type services throw; the error handler turns it into `{statusCode, code, message}`. */
export class AppError extends Error {
  override name = 'AppError'
  readonly statusCode: number

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message)
    this.statusCode = ERROR_CODES[code]
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`)
export const forbidden = (message = 'not allowed for your role or scope') => new AppError('FORBIDDEN', message)
