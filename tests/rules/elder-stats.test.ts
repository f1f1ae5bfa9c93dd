import { describe, expect, it } from 'vitest'
import { runDigest } from '../../src/rules/digest.js'
import { at, eldersHarness, sayWith, to } from '../support/elders.js'
import type { Harness } from '../support/harness.js'

function tickUntil(h: Harness, until: number, stepMinutes = 15): void {
  while (h.clock.now() < until) {
    h.clock.set(Math.min(until, h.clock.now() + stepMinutes * 60_000))
    h.tick()
  }
}

/** Mon 23 sign-up; Tue–Thu 冯雪 signs on time twice and is missed once (visited after the community was told). */
function week() {
  const { h, w } = eldersHarness()
  sayWith(h, w.worker, '#关爱 8:00 红', w.grid, w.fengXue)
  h.say(w.worker, '#关爱 王秀英 7:30', null)
  h.say(w.worker2, '#关爱 赵阿婆 9:00', null)
  h.clock.set(at(24, '07:00'))
  h.say(w.fengXue, '好', null)
  h.say(w.wang, '好', null)
  h.say(w.zhao, '好', null)
  tickUntil(h, at(25, '07:00'))
  h.say(w.fengXue, '好', null)
  tickUntil(h, at(25, '07:45'), 5)
  h.say(w.wang, '好', null) // late: the nudge went at 7:30
  h.say(w.zhao, '好', null)
  tickUntil(h, at(26, '07:00'))
  h.say(w.wang, '好', null)
  h.say(w.zhao, '好', null)
  tickUntil(h, at(26, '10:00')) // 冯雪: nudge 8:00, list 8:30, community 9:30
  h.say(w.worker, '#已探访 冯雪 已上门，身体好', null)
  h.clock.set(at(26, '12:00'))
  h.take()
  return { h, w }
}

describe('check-in numbers', () => {
  it('#统计 adds one line per grid: elders, the on-time sign rate, chases, visits, escalations', () => {
    const { h, w } = week()
    h.say(w.staff, '#统计 本周', w.staffRoom)
    const lines = h.take()[0]!.text.split('\n')
    expect(lines.filter((l) => l.includes('平安打卡'))).toEqual([
      '· 平安打卡：老人 2｜按时报平安 67%（4/6）｜追踪 2｜探访 1｜报社区 1',
      '· 平安打卡：老人 1｜按时报平安 100%（3/3）｜追踪 0｜探访 0｜报社区 0',
    ])
    // Each line follows its grid's block, a grid without cases included.
    const at1 = lines.findIndex((l) => l.startsWith('· 1号网格'))
    const at2 = lines.findIndex((l) => l.startsWith('· 2号网格'))
    expect(lines[at1 + 3]).toMatch(/^· 平安打卡：老人 2/)
    expect(lines[at2 + 3]).toMatch(/^· 平安打卡：老人 1/)
    // A worker sees one grid: the community and its grid are one block, the check-in line under it unindented.
    h.say(w.worker2, '#统计 本周', null)
    expect(
      h
        .take()[0]!
        .text.split('\n')
        .filter((l) => l.includes('平安打卡')),
    ).toEqual(['平安打卡：老人 1｜按时报平安 100%（3/3）｜追踪 0｜探访 0｜报社区 0'])
  })

  it('the 08:30 digest lists yesterday’s chases that went up to the community, and how each ended', () => {
    const { h, w } = week()
    const r = runDigest(h.deps, at(27, '08:30'))
    expect(r.messages).toBe(1)
    const text = to(h.take(), w.staffRoom)[0]!.text
    expect(text.split('\n').slice(-2)).toEqual([
      '昨日平安打卡报社区 1 起：',
      '阳光社区1号网格 冯雪 6-3-303｜8:00前未报｜11-26 10:00 网格员 李四已探访',
    ])
    runDigest(h.deps, at(28, '08:30'))
    expect(to(h.take(), w.staffRoom)[0]!.text).not.toContain('平安打卡')
  })
})
