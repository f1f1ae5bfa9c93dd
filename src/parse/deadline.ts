import chineseDays from 'chinese-days'
import * as chrono from 'chrono-node'
import { DAY, HOUR, MINUTE, localToInstant, toLocalTime } from '../clock.js'
import { chineseNumber } from './normalize.js'

/** A deadline found in a notice: the instant, and the words it came from. */
export interface Deadline {
  at: number
  phrase: string
}

/** A local calendar day. */
interface Ymd {
  y: number
  m: number
  d: number
}

const pad = (n: number) => String(n).padStart(2, '0')

/** Day arithmetic on calendar dates (no zone involved). */
function addDays(day: Ymd, n: number): Ymd {
  const t = new Date(Date.UTC(day.y, day.m - 1, day.d + n))
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() }
}
const weekday = (day: Ymd) => (new Date(Date.UTC(day.y, day.m - 1, day.d)).getUTCDay() + 6) % 7 // Monday 0
const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate()
const cmp = (a: Ymd, b: Ymd) => (a.y - b.y) * 10_000 + (a.m - b.m) * 100 + (a.d - b.d)

// Chinese numerals before a unit (三天, 十点, 两个小时) become digits; weekdays (周三) are left alone.
const CN_NUMBER = /(?<![周期拜])([零〇一二两三四五六七八九十]{1,3})(?=\s*(?:个|点|时|分钟|小时|钟头|天|日|号|月|周|星期|礼拜|工作日))/g
const WITHIN = /(半|\d+(?:\.5)?)\s*个?\s*(分钟|小时|钟头|天|日|周|星期|礼拜|月|工作日)\s*(?:之内|以内|内)/
const PERIOD_END = /(今天|今日|当天|本周|这周|本星期|这个?星期|本月|这个月|本年|今年|年)(?:之?内|底|末)|(月底|月末|周末|年底|年末)/
const DAY_WORD = /(大后天|后天|明天|明日|明儿|今天|今日|今儿)|(今晚|今早|今夜|明晚|明早|后晚)/
const WEEKDAY = /(下下|下个?|本|这个?|这)?\s*(?:周|星期|礼拜)([一二三四五六日天1-7])/
// "30号前", "20日下午": a day of this month, but not "12号楼".
const DAY_OF_MONTH =
  /(?<![\d月.-])(\d{1,2})\s*[日号](?=\s*(?:前|之前|以前|截止|为止|止|内|当天|上午|下午|中午|晚|早|凌晨|\d{1,2}\s*[点时:]|[（(，,。；;！!\s]|$))/
const DAY_PART = '凌晨|清早|早上|早晨|上午|中午|午间|下午|傍晚|晚上|晚间|夜里|夜间|今晚|今早|今夜|明晚|明早|后晚|早|晚'
const CLOCK = `(${DAY_PART})?\\s*(\\d{1,2})\\s*(?:点|时|:)\\s*(半|一刻|三刻|\\d{1,2})?\\s*分?`
const TIME = new RegExp(CLOCK)
const RANGE = new RegExp(`${CLOCK}\\s*(?:至|到|-|~|—|～)\\s*${CLOCK}`)
/** A part of the day right after the day ("周六上午"), or on its own before 前 ("下午前"). */
const PART_AFTER_DAY = new RegExp(`^\\s*(${DAY_PART})`)
const PART_BEFORE = new RegExp(`(${DAY_PART})\\s*(?:前|之前|以前)`)
const WEEKDAY_INDEX: Record<string, number> = {
  一: 0,
  二: 1,
  三: 2,
  四: 3,
  五: 4,
  六: 5,
  日: 6,
  天: 6,
  1: 0,
  2: 1,
  3: 2,
  4: 3,
  5: 4,
  6: 5,
  7: 6,
}

/** When a part of the day ends, for a deadline that names the part but no time ("周六上午"). */
const PART_END: Record<string, number> = {
  凌晨: 6,
  清早: 9,
  早上: 9,
  早晨: 9,
  早: 9,
  今早: 9,
  明早: 9,
  上午: 12,
  中午: 14,
  午间: 14,
  下午: 18,
  傍晚: 19,
  晚上: 21,
  晚间: 21,
  晚: 21,
  今晚: 21,
  明晚: 21,
  后晚: 21,
  夜里: 23,
  夜间: 23,
  今夜: 23,
}
const AFTERNOON = /下午|傍晚|晚|夜/
/** "明天起停水": a time that starts something is not a deadline. */
const STARTS = /^\s*(?:起|开始|以后|之后|后)/

/**
 * The deadline in a notice's text, in `timeZone`: "今晚8点前", "明天上午10点", "3天内", "6月20日前",
 * "本周五下午3点", "下午2点至4点" (the end), "3个工作日内" (Chinese working days), "月底前". A day without a
 * time means the end of that day; a part of the day without a time, the end of that part. Absolute dates go
 * through chrono-node; the rest, which its Chinese parser gets wrong, is handled here. A time already past
 * gives undefined.
 */
export function parseDeadline(
  text: string,
  now: number,
  timeZone: string,
  isWorkday: (ymd: string) => boolean = chineseDays.isWorkday,
): Deadline | undefined {
  const t = text.replace(CN_NUMBER, (whole, n: string) => String(chineseNumber(n.replace(/[零〇]/g, '')) ?? whole))
  const today = toLocalTime(now, timeZone)
  const todayYmd: Ymd = { y: today.year, m: today.month, d: today.day }
  const at = (day: Ymd, hour: number, minute = 0) => localToInstant(day.y, day.m, day.d, hour, minute, timeZone)
  const future = (ms: number, phrase: string) => (ms > now ? { at: ms, phrase } : undefined)

  const within = WITHIN.exec(t)
  if (within) {
    const n = within[1] === '半' ? 0.5 : Number(within[1])
    const unit = within[2]!
    if (unit === '工作日') {
      let day = todayYmd
      for (let left = Math.max(1, Math.round(n)); left > 0;) {
        day = addDays(day, 1)
        if (isWorkday(`${day.y}-${pad(day.m)}-${pad(day.d)}`)) left--
      }
      return future(at(day, today.hour, today.minute), within[0])
    }
    const unitMs =
      unit === '分钟'
        ? MINUTE
        : unit === '小时' || unit === '钟头'
          ? HOUR
          : unit === '天' || unit === '日'
            ? DAY
            : unit === '月'
              ? 30 * DAY
              : 7 * DAY
    return future(now + n * unitMs, within[0])
  }

  const periodEnd = PERIOD_END.exec(t)
  if (periodEnd) {
    const word = periodEnd[1] ?? periodEnd[2]!
    let end: Ymd
    if (/今|当/.test(word)) end = addDays(todayYmd, 1)
    else if (/周|星期/.test(word)) end = addDays(todayYmd, 7 - weekday(todayYmd))
    else if (/月/.test(word)) end = addDays({ ...todayYmd, d: daysInMonth(today.year, today.month) }, 1)
    else end = { y: today.year + 1, m: 1, d: 1 }
    return future(at(end, 0), periodEnd[0])
  }

  // The day: an absolute date (chrono-node), a day word, a weekday, or a day of this month.
  let day: Ymd | undefined
  let explicitDay = false
  let dayPhrase = ''
  let dayPart: string | undefined
  const absolute = absoluteDate(t, now, todayYmd)
  if (absolute) {
    ;({ day, phrase: dayPhrase } = absolute)
    explicitDay = true
  } else if (DAY_WORD.test(t)) {
    const m = DAY_WORD.exec(t)!
    const word = m[1] ?? m[2]!
    const offset = /大后/.test(word) ? 3 : /后/.test(word) ? 2 : /明/.test(word) ? 1 : 0
    day = addDays(todayYmd, offset)
    dayPhrase = word
    explicitDay = true
    if (m[2]) dayPart = word
  } else if (WEEKDAY.test(t)) {
    const m = WEEKDAY.exec(t)!
    const target = WEEKDAY_INDEX[m[2]!]!
    const monday = addDays(todayYmd, -weekday(todayYmd))
    const weeks = m[1]?.startsWith('下下') ? 2 : m[1]?.startsWith('下') ? 1 : 0
    day = addDays(monday, weeks * 7 + target)
    if (!m[1] && cmp(day, todayYmd) < 0) day = addDays(day, 7)
    dayPhrase = m[0]
    explicitDay = true
  } else if (DAY_OF_MONTH.test(t)) {
    const m = DAY_OF_MONTH.exec(t)!
    const d = Number(m[1])
    if (d >= 1 && d <= 31) {
      let month = { y: today.year, m: today.month }
      if (d < today.day) month = today.month === 12 ? { y: today.year + 1, m: 1 } : { y: today.year, m: today.month + 1 }
      if (d <= daysInMonth(month.y, month.m)) {
        day = { ...month, d }
        dayPhrase = m[0]
        explicitDay = true
      }
    }
  }

  // The time: the end of a range, or a clock time, with its part of the day.
  const afterDay = dayPhrase ? t.slice(Math.max(0, t.indexOf(dayPhrase))) : t
  const range = RANGE.exec(afterDay)
  const time = range ? undefined : TIME.exec(afterDay)
  const clock = range
    ? { part: range[4] ?? range[1], hour: range[5]!, minute: range[6] }
    : time
      ? { part: time[1], hour: time[2]!, minute: time[3] }
      : undefined
  const phraseEnd = range?.[0] ?? time?.[0] ?? ''
  dayPart = clock?.part ?? dayPart ?? (dayPhrase ? PART_AFTER_DAY.exec(afterDay.slice(dayPhrase.length))?.[1] : PART_BEFORE.exec(t)?.[1])

  if (clock) {
    let hour = Number(clock.hour)
    const minute = clock.minute === '半' ? 30 : clock.minute === '一刻' ? 15 : clock.minute === '三刻' ? 45 : Number(clock.minute ?? 0)
    if (hour > 24 || minute > 59) return undefined
    if (dayPart && AFTERNOON.test(dayPart) && hour < 12) hour += 12
    else if (dayPart && /晚|夜/.test(dayPart) && hour === 12) hour = 24
    else if (dayPart && /中午|午间/.test(dayPart) && hour < 6) hour += 12
    const phrase = afterDay.slice(0, afterDay.indexOf(phraseEnd) + phraseEnd.length)
    if (STARTS.test(afterDay.slice(phrase.length))) return undefined
    if (day) {
      if (!dayPart && hour >= 1 && hour <= 5) hour += 12
      return future(at(day, hour, minute), phrase)
    }
    // No day: the next time the clock shows it (8点前 said at 9:00 is 20:00; with a part of the day, tomorrow).
    const candidates = dayPart || hour >= 12 ? [hour] : [hour, hour + 12]
    for (const offset of [0, 1]) {
      for (const h of candidates) {
        const ms = at(addDays(todayYmd, offset), h, minute)
        if (ms > now) return { at: ms, phrase }
      }
    }
    return undefined
  }
  if (dayPart && (day || !explicitDay)) {
    const base = day ?? todayYmd
    const ms = at(base, PART_END[dayPart] ?? 24)
    if (ms > now || day) return future(ms, `${dayPhrase}${dayPhrase.endsWith(dayPart) ? '' : dayPart}`)
    return future(at(addDays(base, 1), PART_END[dayPart] ?? 24), dayPart)
  }
  if (day && !STARTS.test(afterDay.slice(dayPhrase.length))) return future(at(addDays(day, 1), 0), dayPhrase)
  return undefined
}

/** "6月20日", "2026年7月1日", "2026-07-01", "7/1" through chrono-node; a date without a year that has passed is next year's. */
function absoluteDate(text: string, now: number, today: Ymd): { day: Ymd; phrase: string } | undefined {
  const ref = new Date(now)
  const results = [
    ...chrono.zh.hans.parse(text, ref).filter((r) => /\d{1,2}\s*月\s*\d{1,2}\s*[日号]?/.test(r.text)),
    ...chrono.casual.parse(text, ref).filter((r) => /^\d{4}-\d{1,2}-\d{1,2}$|^\d{1,2}\/\d{1,2}$/.test(r.text.trim())),
  ]
  const r = results[0]
  if (!r) return undefined
  const m = r.start.get('month')
  const d = r.start.get('day')
  if (!m || !d) return undefined
  const explicitYear = /\d{4}/.test(r.text)
  let day: Ymd = { y: explicitYear ? r.start.get('year')! : today.y, m, d }
  if (!explicitYear && cmp(day, today) < 0) day = { ...day, y: day.y + 1 }
  const phrase = /\d{1,2}\s*月\s*\d{1,2}\s*[日号]?/.exec(r.text)?.[0] ?? r.text
  return { day, phrase: explicitYear ? r.text : phrase }
}

/** `6月20日 24:00` style: how a deadline is shown on a phone (midnight is the end of the day before). */
export function formatDeadline(ms: number, timeZone: string): string {
  const t = toLocalTime(ms, timeZone)
  if (t.hour === 0 && t.minute === 0) {
    const before = toLocalTime(ms - HOUR, timeZone)
    return `${before.month}月${before.day}日 24:00`
  }
  return `${t.month}月${t.day}日 ${pad(t.hour)}:${pad(t.minute)}`
}
