// chinese-days is CommonJS under Node and ESM under Vite: its default export works in both.
import chineseDays from 'chinese-days'
import { HOUR, MINUTE, localToInstant, startOfLocalDay, toLocalTime } from '../clock.js'

/** Working hours of a day, as minutes after local midnight: [[510, 720], [810, 1050]] for 08:30–12:00, 13:30–17:30. */
export type WorkingHours = [number, number][]

/** Days in a row without working time after which the count gives up (China's longest holiday is about 9 days). */
const MAX_IDLE_DAYS = 366

const pad = (n: number) => String(n).padStart(2, '0')

/** chinese-days' answer per date, remembered: long counts ask about the same years again and again. */
const workdays = new Map<string, boolean>()
function isChineseWorkday(ymd: string): boolean {
  let w = workdays.get(ymd)
  if (w === undefined) workdays.set(ymd, (w = chineseDays.isWorkday(ymd)))
  return w
}

/** The spans clipped to the day, in order and merged: their lengths add up to the working time of one day. */
function normalize(hours: WorkingHours): WorkingHours {
  const spans = hours
    .map(([from, to]) => [Math.max(0, from), Math.min(24 * 60, to)] as [number, number])
    .filter(([from, to]) => from < to)
    .sort((a, b) => a[0] - b[0])
  const out: WorkingHours = []
  for (const [from, to] of spans) {
    const last = out.at(-1)
    if (last && from <= last[1]) last[1] = Math.max(last[1], to)
    else out.push([from, to])
  }
  return out
}

/**
 * `start` plus `ms` of working time: only the working hours of Chinese working days count (public holidays
 * off, make-up working days on, from the chinese-days package), in `timeZone` (days without a DST jump).
 * Whole working days in between are counted without time-zone lookups, so even a year of working time at
 * one hour a day (some 35 years of days) takes milliseconds. Throws a RangeError, never loops, when there is
 * no working time to count: empty hours, a bad start or duration, or a year without a working day.
 */
export function addWorkingTime(
  start: number,
  ms: number,
  hours: WorkingHours,
  timeZone: string,
  workday: (ymd: string) => boolean = isChineseWorkday,
): number {
  if (!Number.isFinite(start) || !Number.isFinite(ms) || ms < 0)
    throw new RangeError(`working time: expected a start and a duration of at least 0 (got ${start}, ${ms})`)
  const spans = normalize(hours)
  const perDay = spans.reduce((sum, [from, to]) => sum + (to - from) * MINUTE, 0)
  if (perDay === 0) throw new RangeError('working time: the working hours are empty')
  let remaining = ms
  // The local date being counted, held as a UTC date so that the next day is arithmetic, not a zone lookup.
  const first = toLocalTime(startOfLocalDay(start, timeZone) + HOUR, timeZone)
  const date = new Date(Date.UTC(first.year, first.month - 1, first.day))
  let cursor: number | undefined = start // only on the first day: where the count begins within it
  for (let idle = 0; idle <= MAX_IDLE_DAYS; date.setUTCDate(date.getUTCDate() + 1), cursor = undefined) {
    const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()]
    if (!workday(`${y}-${pad(m)}-${pad(d)}`)) {
      idle++
      continue
    }
    idle = 0
    if (cursor === undefined && remaining > perDay) {
      remaining -= perDay
      continue
    }
    const dayStart = startOfLocalDay(cursor ?? localToInstant(y, m, d, 12, 0, timeZone), timeZone)
    const from = cursor ?? dayStart
    for (const [a, b] of spans) {
      const segmentStart = Math.max(from, dayStart + a * MINUTE)
      const segmentEnd = dayStart + b * MINUTE
      if (segmentStart >= segmentEnd) continue
      if (remaining <= segmentEnd - segmentStart) return segmentStart + remaining
      remaining -= segmentEnd - segmentStart
    }
  }
  throw new RangeError(`working time: no working day in ${MAX_IDLE_DAYS} days`)
}
