/** SQLSTATE of an error from either driver, looking through wrapped causes (Drizzle wraps them). */
export function sqlState(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code
  }
  return undefined
}

export const isUniqueViolation = (error: unknown) => sqlState(error) === '23505'
export const isForeignKeyViolation = (error: unknown) => sqlState(error) === '23503'

/** Deadlock or serialization failure: the transaction did nothing and may simply run again. */
export const isRetryableConflict = (error: unknown) => ['40P01', '40001'].includes(sqlState(error) ?? '')

/** Runs a transaction body again (up to `attempts` times) when PostgreSQL aborted it for a deadlock. */
export async function retryOnConflict<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work()
    } catch (error) {
      if (attempt >= attempts || !isRetryableConflict(error)) throw error
    }
  }
}
