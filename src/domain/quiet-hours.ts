import { toLocalTime } from '../clock.js'

/** Quiet hours as minutes after local midnight; start > end wraps over midnight. */
export interface QuietHours {
  startMinute: number
  endMinute: number
}

function minuteOfDay(ms: number, timeZone: string): number {
  const t = toLocalTime(ms, timeZone)
  return t.hour * 60 + t.minute
}

/** True when `ms` falls in the quiet hours (which may wrap past midnight). */
export function isQuiet(ms: number, q: QuietHours, timeZone: string): boolean {
  const m = minuteOfDay(ms, timeZone)
  return q.startMinute <= q.endMinute ? m >= q.startMinute && m < q.endMinute : m >= q.startMinute || m < q.endMinute
}

/** The first instant at or after `ms` when the quiet hours end. */
export function quietEnd(ms: number, q: QuietHours, timeZone: string): number {
  const t = toLocalTime(ms, timeZone)
  const m = t.hour * 60 + t.minute
  const minutes = (q.endMinute - m + 1440) % 1440
  return ms - t.second * 1000 - (ms % 1000) + minutes * 60_000
}
