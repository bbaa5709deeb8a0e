/** A whole 身份证号 or a mainland mobile number, not part of a longer run of digits or letters. */
const PERSONAL_NUMBER = /(?<![0-9A-Za-z])(?:\d{17}[\dXx]|1[3-9]\d{9})(?![0-9A-Za-z])/g
/** Drizzle's message of a failed query ends with the query's parameters: names, search text, a sign-in name. */
const QUERY_PARAMETERS = /\nparams: [^\n]*/g

const masked = (text: string) => text.replace(QUERY_PARAMETERS, '\nparams: ***').replace(PERSONAL_NUMBER, '***')

/**
 * A URL as it may be logged or echoed. Search boxes take a 身份证号 or a phone number, in any spelling
 * (spaces, full-width digits), so query values are dropped and only their names kept; a number that
 * looks personal in the path is masked too.
 */
export function logSafeUrl(url: string): string {
  const start = url.indexOf('?')
  const path = (start < 0 ? url : url.slice(0, start)).replace(PERSONAL_NUMBER, '***')
  if (start < 0) return path
  const names = url
    .slice(start + 1)
    .split('&')
    .filter((part) => part !== '')
    .map((part) => `${part.split('=', 1)[0]}=***`)
  return `${path}?${names.join('&')}`
}

/** An error as it may be logged: type, code, message, stack and causes, without query parameters or personal numbers. */
export function logSafeError(error: unknown): { type: string; message: string; stack: string; [key: string]: unknown } {
  if (!(error instanceof Error)) return { type: typeof error, message: masked(String(error)), stack: '' }
  const { code } = error as { code?: unknown }
  return {
    type: error.constructor.name,
    message: masked(error.message),
    stack: masked(error.stack ?? ''),
    ...(typeof code === 'string' ? { code } : {}),
    ...(error.cause !== undefined ? { cause: logSafeError(error.cause) } : {}),
  }
}
