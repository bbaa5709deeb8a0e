/** Start of a calendar day in Asia/Shanghai (UTC+8, no daylight saving), optionally some days later. */
export function shanghaiDayStart(date: string, addDays = 0): Date {
  const start = new Date(`${date}T00:00:00+08:00`)
  start.setUTCDate(start.getUTCDate() + addDays)
  return start
}

/** Today's calendar date in Asia/Shanghai, `YYYY-MM-DD`. */
export function shanghaiToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
}

/** The calendar date `days` after (or before, when negative) `day`, both `YYYY-MM-DD`. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`)
  date.setUTCDate(date.getUTCDate() + days)
  return date.toISOString().slice(0, 10)
}

export { ageOn } from '@eldercare/shared'
