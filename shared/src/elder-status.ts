import type { ElderStatus } from './schemas/elders.js'

/**
 * The status in force on `day` from an elder's status history, oldest first (by day, then by when it was
 * recorded): the last row that took effect on or before the day. Null before the first row, which
 * readers take as 在册 (active).
 */
export function statusOn<T extends { status: ElderStatus; effectiveFrom: string }>(history: readonly T[], day: string): T | null {
  let current: T | null = null
  for (const row of history) if (row.effectiveFrom <= day) current = row
  return current
}
