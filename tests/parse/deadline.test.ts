import { describe, expect, it } from 'vitest'
import { toLocalTime } from '../../src/clock.js'
import { formatDeadline, parseDeadline } from '../../src/parse/deadline.js'

const TZ = 'Asia/Shanghai'
/** Monday 2026-06-15 09:00 in Shanghai. */
const MONDAY_9 = Date.parse('2026-06-15T09:00:00+08:00')

function local(ms: number, timeZone = TZ): string {
  const t = toLocalTime(ms, timeZone)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${t.year}-${p(t.month)}-${p(t.day)} ${p(t.hour)}:${p(t.minute)}`
}

// [notice text, deadline in Shanghai local time or null]. "24:00" of a day is 00:00 of the next.
const TABLE: [string, string | null][] = [
  // The examples.
  ['今晚8点前', '2026-06-15 20:00'],
  ['明天上午10点', '2026-06-16 10:00'],
  ['3天内', '2026-06-18 09:00'],
  ['6月20日前', '2026-06-21 00:00'],
  ['本周五下午3点', '2026-06-19 15:00'],
  // Forms chrono-node's Chinese parser gets wrong on its own.
  ['晚8点', '2026-06-15 20:00'], // chrono: 08:00 tomorrow
  ['下午2点至4点', '2026-06-15 16:00'], // chrono's end: 04:00 tomorrow
  ['周六上午', '2026-06-20 12:00'], // chrono: 06:00 today
  ['月底前', '2026-07-01 00:00'], // chrono: nothing
  ['3个工作日内', '2026-06-18 09:00'], // chrono: nothing
  ['明晚7点', '2026-06-16 19:00'], // chrono: today
  ['明早9点', '2026-06-16 09:00'], // chrono: today
  ['星期六上午', '2026-06-20 12:00'],
  ['下周三下午', '2026-06-24 18:00'], // chrono: two results, afternoon today
  ['20日前', '2026-06-21 00:00'], // chrono: 20 days ago
  ['30号前', '2026-07-01 00:00'], // chrono: nothing
  ['本周内', '2026-06-22 00:00'],
  ['2点至4点', '2026-06-15 16:00'],
  // Days and weekdays.
  ['今天下午5点前', '2026-06-15 17:00'],
  ['后天', '2026-06-18 00:00'],
  ['大后天上午', '2026-06-18 12:00'],
  ['下周一', '2026-06-23 00:00'],
  ['下周五前', '2026-06-27 00:00'],
  ['礼拜五', '2026-06-20 00:00'],
  ['周日晚上8点', '2026-06-21 20:00'],
  ['这周五中午12点前', '2026-06-19 12:00'],
  ['周三晚上', '2026-06-17 21:00'],
  ['明天', '2026-06-17 00:00'],
  ['今天内', '2026-06-16 00:00'],
  ['今晚', '2026-06-15 21:00'],
  ['今天上午', '2026-06-15 12:00'],
  // Clock times without a day: the next time the clock shows them.
  ['8点前', '2026-06-15 20:00'],
  ['十点', '2026-06-15 10:00'],
  ['下午三点', '2026-06-15 15:00'],
  ['15:30前', '2026-06-15 15:30'],
  ['中午12点前', '2026-06-15 12:00'],
  ['早上8点', '2026-06-16 08:00'],
  ['晚上12点前', '2026-06-16 00:00'],
  ['下午3点半', '2026-06-15 15:30'],
  ['下午4点一刻', '2026-06-15 16:15'],
  ['下午2点-4点', '2026-06-15 16:00'],
  // Dates.
  ['12月1日', '2026-12-02 00:00'],
  ['2026年7月1日', '2026-07-02 00:00'],
  ['7/1', '2026-07-02 00:00'],
  ['2026-07-01', '2026-07-02 00:00'],
  ['6月20号下午5点', '2026-06-20 17:00'],
  ['6月15日', '2026-06-16 00:00'],
  ['5月1日前', '2027-05-02 00:00'], // passed this year: next year's
  // Durations.
  ['两天内', '2026-06-17 09:00'],
  ['半小时内', '2026-06-15 09:30'],
  ['24小时内', '2026-06-16 09:00'],
  ['一周内', '2026-06-22 09:00'],
  ['10分钟内', '2026-06-15 09:10'],
  ['年底前', '2027-01-01 00:00'],
  // In whole notices.
  ['请各位居民于6月18日（周四）下午5点前完成登记', '2026-06-18 17:00'],
  ['3号楼明天上午9点停电，请提前储水', '2026-06-16 09:00'],
  ['12号楼的居民请在今晚前把电动车挪走', '2026-06-15 21:00'],
  ['请大家在3天内完成医保缴费，逾期不候', '2026-06-18 09:00'],
  ['周五前交到3号楼物业', '2026-06-20 00:00'],
  // No deadline: nothing, a start time, house numbers, a time already past.
  ['请大家注意防火', null],
  ['明天起停水，请提前储水', null],
  ['明天上午9点起停电', null],
  ['12号楼3单元门口的垃圾已清理', null],
  ['今天早上8点前', null],
]

describe('notice deadlines (reference: Monday 2026-06-15 09:00, Asia/Shanghai)', () => {
  it('has at least 50 phrasings', () => expect(TABLE.length).toBeGreaterThanOrEqual(50))
  it.each(TABLE)('%s → %s', (text, expected) => {
    const d = parseDeadline(text, MONDAY_9, TZ)
    expect(d ? local(d.at) : null).toBe(expected)
  })
})

describe('deadlines around holidays, year ends and other zones', () => {
  it('counts working days on the Chinese calendar: 3个工作日内 from Thursday before 端午 skips the holiday and the weekend', () => {
    const thursday = Date.parse('2026-06-18T09:00:00+08:00')
    expect(local(parseDeadline('3个工作日内', thursday, TZ)!.at)).toBe('2026-06-24 09:00')
  })
  it('rolls a month and day already past into next year', () => {
    const december = Date.parse('2026-12-28T10:00:00+08:00')
    expect(local(parseDeadline('1月5日前', december, TZ)!.at)).toBe('2027-01-06 00:00')
    expect(local(parseDeadline('月底前', december, TZ)!.at)).toBe('2027-01-01 00:00')
  })
  it('reads times in GRIDBOT_TIMEZONE', () => {
    const berlinMorning = Date.parse('2026-06-15T09:00:00+02:00')
    const d = parseDeadline('今晚8点前', berlinMorning, 'Europe/Berlin')!
    expect(local(d.at, 'Europe/Berlin')).toBe('2026-06-15 20:00')
    expect(d.at).toBe(Date.parse('2026-06-15T20:00:00+02:00'))
  })
  it('shows midnight as the end of the day before', () => {
    expect(formatDeadline(Date.parse('2026-06-21T00:00:00+08:00'), TZ)).toBe('6月20日 24:00')
    expect(formatDeadline(Date.parse('2026-06-15T20:00:00+08:00'), TZ)).toBe('6月15日 20:00')
  })
})
