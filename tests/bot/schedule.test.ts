import { afterEach, describe, expect, it } from 'vitest'
import { createShiftableClock, DAY, HOUR, MINUTE } from '../../src/clock.js'
import { createClockSchedule, cronMatcher, type Schedule } from '../../src/bot/schedule.js'
import { createLogger } from '../../src/logger.js'
import { FakeClock } from '../support/fake-clock.js'

const TZ = 'Asia/Shanghai'
const log = createLogger('silent')
const at = (iso: string) => Date.parse(iso)

describe('a cron over a stretch of time', () => {
  it.each([
    ['30 8 * * *', '2026-12-01T15:36:00+08:00', '2026-12-02T15:36:00+08:00', true],
    ['30 8 * * *', '2026-12-01T15:36:00+08:00', '2026-12-02T08:29:59+08:00', false],
    ['30 8 * * *', '2026-12-01T15:36:00+08:00', '2026-12-02T08:30:00+08:00', true], // the end is in
    ['30 8 * * *', '2026-12-02T08:30:00+08:00', '2026-12-02T09:00:00+08:00', false], // the start is not
    ['0 3 * * *', '2026-12-01T21:00:00+08:00', '2026-12-01T21:30:00+08:00', false],
    ['0 3 * * *', '2026-12-01T21:00:00+08:00', '2026-12-02T21:00:00+08:00', true],
    ['*/20 * * * * *', '2026-12-01T15:36:01+08:00', '2026-12-01T15:36:19+08:00', false],
    ['*/20 * * * * *', '2026-12-01T15:36:01+08:00', '2026-12-01T15:36:20+08:00', true],
    ['15 30 9 * * *', '2026-12-01T15:36:00+08:00', '2026-12-03T00:00:00+08:00', true], // seconds field, a day and more
    ['0 0 1 1 *', '2026-12-01T00:00:00+08:00', '2026-12-31T23:59:00+08:00', false],
  ])('%s between %s and %s: %s', (cron, from, to, fires) => {
    const times = cronMatcher(cron, TZ)
    expect(times.firesBetween(at(from), at(to))).toBe(fires)
    times.destroy()
  })
})

describe('the schedule on a clock that moves (the sandbox)', () => {
  let schedule: Schedule | undefined
  afterEach(() => schedule?.stopAll())

  function setUp() {
    const wall = new FakeClock(at('2026-12-01T15:36:00+08:00'))
    const clock = createShiftableClock(wall)
    const ran: string[] = []
    schedule = createClockSchedule(TZ, log, clock, 60_000)
    for (const [cron, name] of [
      ['* * * * *', 'rules'],
      ['30 8 * * *', 'digest'],
      ['0 3 * * *', 'backup'],
      ['30 3 * * *', 'retention'],
    ] as const)
      schedule.every(cron, name, () => void ran.push(name))
    return { wall, clock, ran, schedule }
  }

  it('+1天 runs the 08:30 digest and the 03:00 backup once each, after the rules; a second +1天 runs them again', async () => {
    const s = setUp()
    s.clock.advance(DAY)
    await s.schedule.runDue()
    expect(s.ran).toEqual(['rules', 'digest', 'backup', 'retention'])
    s.ran.length = 0
    s.clock.advance(DAY)
    await s.schedule.runDue()
    expect(s.ran).toEqual(['rules', 'digest', 'backup', 'retention'])
  })

  it('+30分钟 at 15:36 runs only the rules; the time going on at its pace reaches the digest at 08:30 of the moved clock', async () => {
    const s = setUp()
    s.clock.advance(30 * MINUTE)
    await s.schedule.runDue()
    expect(s.ran).toEqual(['rules'])
    s.ran.length = 0
    s.clock.advance(16 * HOUR + 23 * MINUTE) // 08:29 the next day
    await s.schedule.runDue()
    expect(s.ran).not.toContain('digest')
    s.ran.length = 0
    s.wall.advance('1m') // the wall clock reaches 08:30 of the sandbox's day, not of its own
    await s.schedule.runDue()
    expect(s.ran).toEqual(['rules', 'digest'])
    await s.schedule.runDue()
    expect(s.ran).toEqual(['rules', 'digest']) // nothing twice
  })

  it('a job that fails is logged and the others still run', async () => {
    const s = setUp()
    s.schedule.every('30 8 * * *', 'broken', () => {
      throw new Error('boom')
    })
    s.schedule.every('30 8 * * *', 'after', () => void s.ran.push('after'))
    s.clock.advance(DAY)
    await s.schedule.runDue()
    expect(s.ran.at(-1)).toBe('after')
  })
})
