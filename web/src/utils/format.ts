import { currentLocale } from '../locales'

const formatters = new Map<string, Intl.DateTimeFormat>()

/** Times are shown in Asia/Shanghai whatever the device's zone, as every district works in it. */
export function formatDateTime(iso: string | null): string {
  if (!iso) return ''
  const locale = currentLocale()
  let formatter = formatters.get(locale)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    })
    formatters.set(locale, formatter)
  }
  return formatter.format(new Date(iso))
}

/** Today's calendar date in Asia/Shanghai (`YYYY-MM-DD`), the day every date field of the API means. */
export function shanghaiToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
}
