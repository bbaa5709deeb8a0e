/** Start of a calendar day in Asia/Shanghai (UTC+8, no daylight saving), optionally some days later. */
export function shanghaiDayStart(date: string, addDays = 0): Date {
  const start = new Date(`${date}T00:00:00+08:00`)
  start.setUTCDate(start.getUTCDate() + addDays)
  return start
}
