// chinese-days is CommonJS under Node and ESM under Vite: its default export works in both.
import chineseDays from 'chinese-days'
import { DAY, HOUR, startOfLocalDay, toLocalTime } from '../clock.js'

/** Working hours of a day, as minutes after local midnight: [[510, 720], [810, 1050]] for 08:30–12:00, 13:30–17:30. */
export type WorkingHours = [number, number][]

const pad = (n: number) => String(n).padStart(2, '0')

/**
 * `start` plus `ms` of working time: only the working hours of Chinese working days count (public holidays
 * off, make-up working days on, from the chinese-days package), in `timeZone`.
 */
export function addWorkingTime(start: number, ms: number, hours: WorkingHours, timeZone: string, workday: (ymd: string) => boolean = chineseDays.isWorkday): number {
  let cursor = start
  let remaining = ms
  for (let day = 0; day < 1_000; day++) {
    const dayStart = startOfLocalDay(cursor, timeZone)
    const t = toLocalTime(dayStart + HOUR, timeZone)
    if (workday(`${t.year}-${pad(t.month)}-${pad(t.day)}`)) {
      for (const [from, to] of hours) {
        const segmentStart = Math.max(cursor, dayStart + from * 60_000)
        const segmentEnd = dayStart + to * 60_000
        if (segmentStart >= segmentEnd) continue
        if (remaining <= segmentEnd - segmentStart) return segmentStart + remaining
        remaining -= segmentEnd - segmentStart
        cursor = segmentEnd
      }
    }
    cursor = startOfLocalDay(dayStart + DAY + 2 * HOUR, timeZone)
  }
  throw new Error('no working time within 1,000 days')
}
