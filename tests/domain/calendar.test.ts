import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.js'
import { addWorkingTime } from '../../src/domain/calendar.js'
import { initialDeadlines } from '../../src/domain/clocks.js'
import { ladder } from '../../src/domain/ladder.js'
import { createHarness, seedCommunity } from '../support/harness.js'

const HOURS: [number, number][] = [
  [8 * 60 + 30, 12 * 60],
  [13 * 60 + 30, 17 * 60 + 30],
]
const at = (local: string) => Date.parse(`${local}+08:00`)
const H = 3_600_000

describe('working time', () => {
  it('counts only working hours of working days', () => {
    expect(addWorkingTime(at('2026-11-23T09:00:00'), 2 * H, HOURS, 'Asia/Shanghai')).toBe(at('2026-11-23T11:00:00'))
    expect(addWorkingTime(at('2026-11-23T11:30:00'), H, HOURS, 'Asia/Shanghai')).toBe(at('2026-11-23T14:00:00')) // lunch skipped
    expect(addWorkingTime(at('2026-11-20T16:30:00'), 2 * H, HOURS, 'Asia/Shanghai')).toBe(at('2026-11-23T09:30:00')) // Friday → Monday
    expect(addWorkingTime(at('2026-11-21T22:00:00'), 30 * 60_000, HOURS, 'Asia/Shanghai')).toBe(at('2026-11-23T09:00:00')) // filed on Saturday night
  })

  it('skips public holidays and counts make-up working days', () => {
    // 2026: 10-01…10-07 National Day holidays; Saturday 10-10 is a make-up working day.
    expect(addWorkingTime(at('2026-09-30T17:00:00'), H, HOURS, 'Asia/Shanghai')).toBe(at('2026-10-08T09:00:00'))
    expect(addWorkingTime(at('2026-10-09T17:00:00'), H, HOURS, 'Asia/Shanghai')).toBe(at('2026-10-10T09:00:00'))
  })

  it('reads workingHours from the policy file and refuses a bad span', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gridbot-wt-'))
    writeFileSync(join(dir, 'ok.yaml'), 'workingHours: ["08:30-12:00", "13:30-17:30"]\n')
    writeFileSync(join(dir, 'bad.yaml'), 'workingHours: ["13:30-17:30", "08:30-12:00"]\n')
    expect(loadConfig({ GRIDBOT_CONFIG: join(dir, 'ok.yaml') }).policy.workingHours).toEqual(HOURS)
    expect(() => loadConfig({ GRIDBOT_CONFIG: join(dir, 'bad.yaml') })).toThrow(
      'GRIDBOT_CONFIG workingHours.1: spans must be in order and not overlap',
    )
  })

  it('gives a report filed on Friday evening its deadlines in working time', () => {
    const h = createHarness({ policy: { ...loadConfig({}).policy, workingHours: HOURS } })
    const c = seedCommunity(h)
    h.clock.set(at('2026-11-20T18:00:00'))
    h.say(c.zhang, '#报事 楼道灯不亮', c.grid) // sign for 30 min, respond 2 h, resolve 48 h of working time
    const filed = h.repos.cases.get(1)!
    expect(filed.signForDueAt).toBe(at('2026-11-23T09:00:00'))
    expect(filed.respondDueAt).toBe(at('2026-11-23T10:30:00'))
    expect(filed.resolveDueAt).toBe(at('2026-12-01T11:30:00')) // 7.5 h a day: six days (45 h) and 3 h on Tuesday 12-01
  })

  it('handles the tightest policy the validation lets through: 1 h a day and 365-day clocks', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gridbot-wt-'))
    const d365 = '{ urgent: 365d, normal: 365d }'
    writeFileSync(
      join(dir, 'tight.yaml'),
      [
        'workingHours: ["08:00-09:00"]',
        `clocks: { signFor: ${d365}, respond: ${d365}, resolve: { urgent: 365d, hygiene: 365d, repair: 365d, dispute: 365d, service: 365d, facility: 365d, other: 365d } }`,
        'overdueRepeat: 1h',
        'followUp: 365d',
        'notices: { firstRound: 364d, secondRoundWithoutDeadline: 364d, closeWithoutDeadline: 365d }',
      ].join('\n'),
    )
    const policy = loadConfig({ GRIDBOT_CONFIG: join(dir, 'tight.yaml') }).policy
    const filed = at('2026-11-20T18:00:00')
    const d = initialDeadlines(policy, 'repair', 'normal', filed, 'Asia/Shanghai')
    // 8,760 working hours at one an hour a day: some 35 years of working days, still a real date.
    expect(d.resolveDueAt).toBeGreaterThan(at('2055-01-01T00:00:00'))
    expect(new Date(d.resolveDueAt).toISOString()).toMatch(/^20[56]\d-/)
    expect(new Date(d.resolveDueAt).getUTCHours()).toBe(1) // 09:00 in Shanghai: the end of a working hour
    expect(addWorkingTime(filed, 59 * 60_000, policy.workingHours!, 'Asia/Shanghai')).toBe(at('2026-11-23T08:59:00'))

    // Long overdue on an hourly reminder: the ladder gives the latest reminder, not one per hour missed.
    const c = {
      category: 'repair' as const,
      urgency: 'normal' as const,
      state: 'new' as const,
      acceptedAt: null,
      respondedAt: null,
      resolvedAt: null,
      ...d,
    }
    const { due, nextAt } = ladder(c, policy, d.signForDueAt + 200 * 86_400_000)
    expect(due.map((s) => s.kind)).toEqual(['warn', 'due', 'daily'])
    expect(due.at(-1)!.key).toBe(`signFor:day${200 * 24}`)
    expect(nextAt).toBe(d.signForDueAt + (200 * 24 + 1) * H)

    // The harness files a case and shows it under this policy.
    const h = createHarness({ policy })
    const s = seedCommunity(h)
    h.clock.set(filed)
    expect(h.say(s.zhang, '#报事 楼道灯不亮', s.grid).status).toBe('handled')
    expect(h.say(s.zhang, '#查询 1', null).out[0]!.text).toContain('编号 1')
    h.clock.set(filed + 366 * 86_400_000)
    h.tick()
  })

  it('refuses, rather than loops on, hours or days with no working time', () => {
    expect(() => addWorkingTime(at('2026-11-23T09:00:00'), H, [], 'Asia/Shanghai')).toThrow(RangeError)
    expect(() => addWorkingTime(at('2026-11-23T09:00:00'), H, HOURS, 'Asia/Shanghai', () => false)).toThrow(RangeError)
    expect(() => addWorkingTime(at('2026-11-23T09:00:00'), Number.NaN, HOURS, 'Asia/Shanghai')).toThrow(RangeError)
  })
})
