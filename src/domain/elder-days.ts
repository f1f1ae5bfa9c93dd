import { DAY, HOUR, localToInstant, toLocalTime } from '../clock.js'

/** The earliest daily time for a sign: the window from 00:00 must give an elder at least an hour. */
export const EARLIEST_CHECK_BY = 60
/** The latest: 23:59. */
export const LATEST_CHECK_BY = 24 * 60 - 1

/** A grid worker's list and the community's alert must both fall within one day of the time (the next day's check). */
export const MAX_CHASE = DAY - HOUR

/** `2026-11-23`: the local day of an instant, the key of an elder's daily check. */
export function dayOf(ms: number, timeZone: string): string {
  const t = toLocalTime(ms, timeZone)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${t.year}-${p(t.month)}-${p(t.day)}`
}

function fields(day: string): [number, number, number] {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  return [y, m, d]
}

/** The day after (or `n` days after) a day key. */
export function addDays(day: string, n = 1): string {
  const [y, m, d] = fields(day)
  const t = new Date(Date.UTC(y, m - 1, d + n))
  return t.toISOString().slice(0, 10)
}

/** Instants already worked out (the daily check asks the same few for thousands of elders; a zone's rules don't change). */
const dueCache = new Map<string, number>()

/** When a day's sign is due: local midnight plus the elder's time. */
export function dueAtOf(day: string, checkBy: number, timeZone: string): number {
  const key = `${timeZone}|${day}|${checkBy}`
  const hit = dueCache.get(key)
  if (hit !== undefined) return hit
  const [y, m, d] = fields(day)
  const at = localToInstant(y, m, d, Math.floor(checkBy / 60), checkBy % 60, timeZone)
  if (dueCache.size >= 10_000) dueCache.clear()
  dueCache.set(key, at)
  return at
}

/** Local midnight at the start of a day. */
export function dayStart(day: string, timeZone: string): number {
  return dueAtOf(day, 0, timeZone)
}

/** `8:00`: a daily time as phones show it. */
export function clockTime(minutes: number): string {
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`
}

/** `11-26`: a day key as lists show it. */
export function shortDay(day: string): string {
  return day.slice(5)
}

/** The first day whose check an elder signed up at `now` with this time is judged on: today if the time is still ahead. */
export function firstDay(now: number, checkBy: number, timeZone: string): string {
  const today = dayOf(now, timeZone)
  return now < dueAtOf(today, checkBy, timeZone) ? today : addDays(today)
}

/** Days from one key to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const [a, b] = [fields(from), fields(to)].map(([y, m, d]) => Date.UTC(y, m - 1, d))
  return Math.round((b! - a!) / DAY)
}
