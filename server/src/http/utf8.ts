import { AppError } from '../errors.js'

const decoder = new TextDecoder('utf-8', { fatal: true })

/** The text of a body; bytes that are not UTF-8 are refused, never turned into U+FFFD and stored. */
export function decodeUtf8(body: Buffer): string {
  try {
    return decoder.decode(body)
  } catch {
    throw new AppError('VALIDATION_FAILED', 'the body is not valid UTF-8', [{ path: '/body', message: 'not UTF-8' }])
  }
}
