/** A source of the current time in epoch milliseconds; injected everywhere time matters. */
export interface Clock {
  now(): number
}

/** The real wall clock. */
export const systemClock: Clock = { now: () => Date.now() }

export const MINUTE = 60_000
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR

const partsFormatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    partsFormatters.set(timeZone, f)
  }
  return f
}

/** Wall-clock fields of an instant in a time zone. */
export interface LocalTime {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
}

/** The local calendar fields of `ms` in `timeZone`. */
export function toLocalTime(ms: number, timeZone: string): LocalTime {
  const out: Record<string, number> = {}
  for (const p of formatterFor(timeZone).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') out[p.type] = Number(p.value)
  }
  return {
    year: out.year ?? 0,
    month: out.month ?? 0,
    day: out.day ?? 0,
    hour: out.hour ?? 0,
    minute: out.minute ?? 0,
    second: out.second ?? 0,
  }
}

/** True when `timeZone` is a zone this Node.js knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone)
    return true
  } catch {
    return false
  }
}

/** `11-22 09:05` in the given zone: how times are shown on phones. */
export function formatShort(ms: number, timeZone: string): string {
  const t = toLocalTime(ms, timeZone)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${p(t.month)}-${p(t.day)} ${p(t.hour)}:${p(t.minute)}`
}

/** The instant local midnight began on the day of `ms` (zones without a DST jump that day). */
export function startOfLocalDay(ms: number, timeZone: string): number {
  const t = toLocalTime(ms, timeZone)
  return ms - (ms % 1000) - ((t.hour * 60 + t.minute) * 60 + t.second) * 1000
}

/** Start of today, of this week (Monday) or of this month, in the zone. */
export function periodStart(ms: number, period: 'day' | 'week' | 'month', timeZone: string): number {
  const today = startOfLocalDay(ms, timeZone)
  const t = toLocalTime(ms, timeZone)
  if (period === 'day') return today
  if (period === 'month') return startOfLocalDay(today - (t.day - 1) * DAY + HOUR, timeZone)
  const weekday = (new Date(Date.UTC(t.year, t.month - 1, t.day)).getUTCDay() + 6) % 7
  return startOfLocalDay(today - weekday * DAY + HOUR, timeZone)
}

/** The instant the wall clock in `timeZone` reads the given fields (hour 24 is midnight of the next day). */
export function localToInstant(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): number {
  const target = Date.UTC(year, month - 1, day, hour, minute)
  let ms = target
  for (let i = 0; i < 3; i++) {
    const t = toLocalTime(ms, timeZone)
    const diff = target - Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second)
    if (diff === 0) break
    ms += diff
  }
  return ms
}

/** A clock that can be moved forward (the sandbox's "+1 天" button); it keeps running from there. */
export interface ShiftableClock extends Clock {
  advance(ms: number): void
  /** How far it is ahead of the clock it runs on. */
  offset(): number
}

/**
 * A clock `offset` ahead of `base`, never before `notBefore` and never running backwards (a wall clock set back
 * moves the offset up instead); `onMove` hears every new offset, so it can be kept.
 */
export function createShiftableClock(
  base: Clock = systemClock,
  opts: { offset?: number; notBefore?: number; onMove?: (offset: number) => void } = {},
): ShiftableClock {
  let offset = opts.offset ?? 0
  let last = opts.notBefore ?? Number.NEGATIVE_INFINITY
  const move = (to: number) => {
    offset = to
    opts.onMove?.(offset)
  }
  const now = () => {
    const t = base.now() + offset
    if (t < last) {
      move(offset + last - t)
      return last
    }
    last = t
    return t
  }
  now()
  return { now, advance: (ms) => move(offset + ms), offset: () => offset }
}
