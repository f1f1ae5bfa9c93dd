import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { DEFAULT_POLICY } from '../../src/domain/policy.js'
import type { OutboxRow } from '../../src/domain/model.js'
import { at, eldersHarness, sayWith, seedElders, to, type EldersWorld } from '../support/elders.js'
import { createHarness, type Harness, type Person } from '../support/harness.js'

/** Ticks every `stepMinutes` from now to `until` (inclusive), as the scheduler would; what was queued meanwhile. */
function tickUntil(h: Harness, until: number, stepMinutes = 15): OutboxRow[] {
  const out: OutboxRow[] = []
  while (h.clock.now() < until) {
    h.clock.set(Math.min(until, h.clock.now() + stepMinutes * 60_000))
    h.tick()
    out.push(...h.take())
  }
  return out
}

/** What went to whom, shortly: `e1: 冯雪早上好…` → [recipient, first line]. */
const summary = (rows: OutboxRow[]) => rows.map((r) => [r.conversationId, r.text.split('\n')[0]!])

const NUDGE_FENG = '冯雪早上好，今天还好吗？回复任意消息报个平安'

function signUpBoth(h: Harness, w: EldersWorld) {
  sayWith(h, w.worker, '#关爱 8:00 红', w.grid, w.fengXue)
  sayWith(h, w.worker, '#关爱家属', w.grid, w.fengXue, w.son)
  h.say(w.worker, '#关爱 王秀英 7:30 蓝', null)
  h.take()
}

describe('the chase of a missed sign, over a week (fake clock)', () => {
  it('signs by message, by family and by the worker; a missed sign → nudge → worker list → community, each once; #外出 3天 skips exactly three days', () => {
    const { h, w } = eldersHarness()
    signUpBoth(h, w)
    // Tue 24: 冯雪 says something in the group, the worker signs for 王秀英.
    expect(tickUntil(h, at(24, '07:00'))).toEqual([])
    h.say(w.fengXue, '早上好，今天降温了', w.grid)
    h.clock.set(at(24, '07:20'))
    h.say(w.worker, '#报平安 王秀英', null)
    h.take()
    expect(tickUntil(h, at(25, '07:00'))).toEqual([])

    // Wed 25: the son signs for 冯雪 at 07:50; 王秀英 sends nothing (blue: the community 12 h after the list).
    const wed = tickUntil(h, at(25, '07:50'))
    h.say(w.son, '#报平安', null)
    wed.push(...h.take().filter((r) => r.conversationId !== w.son.id))
    wed.push(...tickUntil(h, at(26, '07:00'), 10))
    expect(summary(wed)).toEqual([
      [w.wang.id, '王秀英早上好，今天还好吗？回复任意消息报个平安'],
      [w.worker.id, '【平安打卡】1 位老人没有按时报平安，请尽快联系或上门：'],
      [w.staffRoom, '【平安打卡升级】1 位独居老人未报平安，网格员未回复探访：'],
    ])
    expect(wed.map((r) => r.notBefore)).toEqual([at(25, '07:30'), at(25, '08:00'), at(25, '20:00')])
    expect(wed[1]!.text).toBe(
      '【平安打卡】1 位老人没有按时报平安，请尽快联系或上门：\n1. 王秀英 5-1-101 蓝色 7:30前未报｜无家属\n上门后回复：#已探访 王秀英 已上门，身体好',
    )
    expect(wed[1]!.priority).toBe('push')
    expect(wed[2]!.mentionIds).toEqual([w.staff.id])

    // Thu 26: 王秀英 signs; 冯雪 does not (red: list 30 min later, urgent, the son told; community an hour after).
    h.clock.set(at(26, '07:00'))
    h.say(w.wang, '好', null)
    h.take()
    const thu = tickUntil(h, at(27, '06:00'))
    expect(summary(thu)).toEqual([
      [w.fengXue.id, NUDGE_FENG],
      [w.worker.id, '【平安打卡】1 位老人没有按时报平安，请尽快联系或上门：'],
      [w.son.id, '您好，冯雪 今天 8:00 前还没有报平安，网格员李四已收到提醒。方便的话请打个电话问候；确认平安后请回复：#报平安 冯雪'],
      [w.staffRoom, '【平安打卡升级】1 位独居老人未报平安，网格员未回复探访：'],
    ])
    expect(thu.map((r) => [r.notBefore, r.priority])).toEqual([
      [at(26, '08:00'), 'push'],
      [at(26, '08:30'), 'urgent'],
      [at(26, '08:30'), 'urgent'],
      [at(26, '09:30'), 'urgent'],
    ])
    expect(thu[1]!.text).toContain('1. 冯雪 6-3-303 红色 8:00前未报｜家属冯小明\n家属已同时收到提醒')
    expect(thu[3]!.text).toContain('1. 1号网格 冯雪 6-3-303 红色｜8:00前未报｜08:30已通知网格员李四｜家属冯小明')

    // Fri 27: away for three days (27, 28, 29); Mon 30 the check is back. Her message is a sign too: Thursday's
    // chase, never visited, ends, and the worker and the community hear so.
    h.clock.set(at(27, '06:00'))
    h.say(w.fengXue, '#外出 3天', null)
    expect(h.take().map((r) => [r.conversationId, r.text])).toEqual([
      [w.worker.id, '【平安打卡】冯雪 已报平安（6:00，本人）'],
      [w.staffRoom, '【平安打卡】冯雪 已报平安（6:00，本人）'],
      [w.fengXue.id, '冯雪 外出 3 天（至 11-29），11-30 起恢复平安打卡'],
    ])
    for (const day of [27, 28, 29]) {
      h.clock.set(at(day, '06:50'))
      h.say(w.wang, '好', null)
    }
    h.take()
    expect(tickUntil(h, at(30, '07:00'))).toEqual([])
    h.clock.set(at(30, '07:00'))
    h.say(w.wang, '好', null)
    h.take()
    expect(summary(tickUntil(h, at(30, '08:10')))).toEqual([[w.fengXue.id, NUDGE_FENG]])

    const id = h.repos.elders.byContact(w.fengXue.id)!.id
    const days = h.repos.elders.days([id], '2026-11-24', '2026-11-30')
    expect(days.map((d) => [d.day, d.signedHow, d.outcome, d.missedAt !== null])).toEqual([
      ['2026-11-24', 'self', null, false],
      ['2026-11-25', 'family', null, false],
      ['2026-11-26', null, null, true],
      ['2026-11-27', 'self', null, false], // she signed that morning: a day signed is not an away day
      ['2026-11-28', null, 'away', false],
      ['2026-11-29', null, 'away', false],
      ['2026-11-30', null, null, true],
    ])
  })

  it('#已探访 before the community is due stops the chase: the community hears nothing; a visit after it is told', () => {
    const { h, w } = eldersHarness()
    signUpBoth(h, w)
    h.clock.set(at(24, '07:00'))
    h.say(w.wang, '好', null)
    h.take()
    tickUntil(h, at(24, '08:40'))
    h.say(w.worker, '#已探访 冯雪 已上门，身体好', null)
    expect(h.take().map((r) => [r.conversationId, r.text])).toEqual([[w.worker.id, '已记录探访：冯雪，今天的追踪已结束']])
    expect(tickUntil(h, at(25, '06:00'))).toEqual([])
    // Next day: the community was told before the visit, so it hears of the visit.
    tickUntil(h, at(25, '09:35'))
    sayWith(h, w.worker, '#已探访 已上门，在家睡着了', w.grid, w.fengXue)
    const out = h.take()
    expect(to(out, w.grid).map((r) => r.text)).toEqual(['已私聊回复你'])
    expect(to(out, w.staffRoom).map((r) => r.text)).toEqual(['【平安打卡】冯雪 已探访（网格员 李四）：已上门，在家睡着了'])
    const id = h.repos.elders.byContact(w.fengXue.id)!.id
    expect(h.repos.elders.day(id, '2026-11-25')).toMatchObject({ endReason: 'visit', visitNote: '已上门，在家睡着了' })
    expect(h.repos.elders.events(id).map((e) => e.kind)).toEqual([
      'signed-up',
      'family',
      'missed',
      'nudged',
      'listed',
      'visited',
      'missed',
      'nudged',
      'listed',
      'escalated',
      'visited',
    ])
  })

  it('a late sign ends the chase: the worker (after the list) and the community (after the alert) hear of it, and the elder is told so', () => {
    const { h, w } = eldersHarness()
    signUpBoth(h, w)
    h.clock.set(at(24, '07:00'))
    h.say(w.wang, '好', null)
    tickUntil(h, at(24, '09:40'))
    h.clock.set(at(24, '09:45'))
    h.say(w.fengXue, '好的', null)
    const out = h.take()
    expect(out.map((r) => [r.conversationId, r.text])).toEqual([
      [w.worker.id, '【平安打卡】冯雪 已报平安（9:45，本人）'],
      [w.staffRoom, '【平安打卡】冯雪 已报平安（9:45，本人）'],
      [w.fengXue.id, '收到，您平安就好！我已告诉网格员，不用担心。'],
    ])
    expect(tickUntil(h, at(25, '07:00'))).toEqual([])
  })

  it('the elder’s own #报平安 in the group after the list: answered privately, the worker told, nothing about her in the group', () => {
    const { h, w } = eldersHarness()
    signUpBoth(h, w)
    h.clock.set(at(24, '07:00'))
    h.say(w.wang, '好', null)
    tickUntil(h, at(24, '08:45'))
    h.say(w.fengXue, '#报平安', w.grid)
    expect(h.take().map((r) => [r.conversationId, r.text])).toEqual([
      [w.worker.id, '【平安打卡】冯雪 已报平安（8:45，本人）'],
      [w.fengXue.id, '收到，您平安就好！我已告诉网格员，不用担心。'],
      [w.grid, '已私聊回复你'],
    ])
  })

  it('red and blue timings: the list is one message for many elders, red first; each tier goes up on its own clock', () => {
    const h = createHarness()
    const w = seedElders(h)
    const many: Person[] = Array.from({ length: 10 }, (_, i) => ({ id: `x${i}`, nickname: `9-1-${101 + i} 老人${i}` }))
    h.join(w.grid, many)
    many.forEach((p, i) => h.say(w.worker, `#关爱 老人${i} 8:00 ${i === 7 ? '红' : '蓝'}`, null))
    h.take()
    const out = tickUntil(h, at(24, '21:00'))
    const lists = to(out, w.worker.id)
    expect(lists).toHaveLength(1)
    expect(lists[0]!.text.length).toBeLessThan(500)
    const lines = lists[0]!.text.split('\n')
    expect(lines[0]).toBe('【平安打卡】10 位老人没有按时报平安，请尽快联系或上门：')
    expect(lines[1]).toBe('1. 老人7 9-1-108 红色 8:00前未报｜无家属')
    expect(lines).toHaveLength(12)
    expect(lists[0]!.priority).toBe('urgent')
    // Blue elders' list would come at 08:30 too (after the nudge at 08:00): one message, then red at 09:30, blue at 20:30.
    const community = to(out, w.staffRoom)
    // Nine blue elders' lines pass 480 characters: the outbox sends them as two parts, the @ on the first.
    expect(community.map((r) => [r.notBefore, r.text.split('\n')[0], r.text.split('\n').length, r.mentionIds])).toEqual([
      [at(24, '09:30'), '【平安打卡升级】1 位独居老人未报平安，网格员未回复探访：', 3, [w.staff.id]],
      [at(24, '20:30'), '【平安打卡升级】9 位独居老人未报平安，网格员未回复探访：', 10, [w.staff.id]],
      [at(24, '20:30'), '请联系网格员或安排上门；探访后回复 #已探访 老人0 <情况>', 1, []],
    ])
    for (const r of community) expect(r.text.length).toBeLessThan(500)
    expect(to(out, 'x0').map((r) => r.notBefore)).toEqual([at(24, '08:00')])
  })

  it('quiet hours hold the nudge (and a blue list) but not a red-tier worker list', () => {
    const { h, w } = eldersHarness({ quietHours: { startMinute: 21 * 60 + 30, endMinute: 7 * 60 + 30 } })
    sayWith(h, w.worker, '#关爱 6:00 红', w.grid, w.fengXue)
    h.say(w.worker, '#关爱 王秀英 6:00 蓝', null)
    h.take()
    const out = tickUntil(h, at(24, '08:30'), 5)
    expect(out.map((r) => [r.conversationId, r.notBefore, r.priority])).toEqual([
      [w.worker.id, at(24, '06:30'), 'urgent'], // red: due + 30 min, in the quiet hours
      [w.fengXue.id, at(24, '07:30'), 'push'], // the nudges wait for the morning
      [w.wang.id, at(24, '07:30'), 'push'],
      [w.staffRoom, at(24, '07:30'), 'urgent'], // red: an hour after the list
      [w.worker.id, at(24, '08:00'), 'push'], // blue: 30 min after its nudge
    ])
  })

  it('the bot offline across the window: the worker gets one line that the checks could not be made, no nudge, no list, no alarm', () => {
    const { h, w } = eldersHarness()
    signUpBoth(h, w)
    h.say(w.worker, '#关爱 赵阿婆 7:30', null) // not looked after by this worker: another grid
    h.say(w.worker2, '#关爱 赵阿婆 7:30', null)
    sayWith(h, w.worker, '#关爱 7:30', w.grid, w.fengXue)
    h.take()
    tickUntil(h, at(24, '05:10'), 5)
    h.offline()
    h.clock.set(at(24, '07:45'))
    h.online()
    const out = tickUntil(h, at(24, '12:00'), 5)
    expect(out.map((r) => [r.conversationId, r.notBefore, r.text])).toEqual([
      [
        w.worker.id,
        at(24, '07:50'),
        '【平安打卡】机器人 11-24 05:10–07:30 离线，冯雪（6-3-303）、王秀英（5-1-101） 11-24 的平安打卡无法确认（消息可能没收到），请电话或上门问候',
      ],
      [
        w.worker2.id,
        at(24, '07:50'),
        '【平安打卡】机器人 11-24 05:10–07:30 离线，赵阿婆（2-1-201） 11-24 的平安打卡无法确认（消息可能没收到），请电话或上门问候',
      ],
    ])
    // The next day is judged as usual.
    expect(summary(tickUntil(h, at(25, '07:35'))).map(([to]) => to)).toEqual([w.fengXue.id, w.wang.id, w.zhao.id])
    const id = h.repos.elders.byContact(w.fengXue.id)!.id
    expect(h.repos.elders.day(id, '2026-11-24')!.outcome).toBe('unchecked')
  })

  it('an outage after the window is no reason not to judge: the missed sign is chased on return, the catch-up at once', () => {
    const { h, w } = eldersHarness()
    signUpBoth(h, w)
    h.clock.set(at(24, '07:00'))
    h.say(w.wang, '好', null)
    tickUntil(h, at(24, '08:05'))
    h.take()
    h.offline()
    h.clock.set(at(24, '11:00'))
    h.online()
    h.tick()
    expect(summary(h.take())).toEqual([
      [w.worker.id, '【平安打卡】1 位老人没有按时报平安，请尽快联系或上门：'],
      [w.son.id, expect.stringMatching(/^您好，冯雪/)],
    ])
    h.clock.set(at(24, '12:00'))
    h.tick()
    expect(summary(h.take()).map(([to]) => to)).toEqual([w.staffRoom])
  })

  it('an elder signed up after their time is not chased that day; a short window the bot saw whole is judged', () => {
    const { h, w } = eldersHarness()
    h.clock.set(at(24, '07:50'))
    sayWith(h, w.worker, '#关爱 8:00', w.grid, w.fengXue)
    h.say(w.worker, '#关爱 王秀英 7:30', null) // 7:30 has passed: first judged tomorrow
    h.take()
    expect(summary(tickUntil(h, at(24, '12:00'))).map(([to]) => to)).toEqual([w.fengXue.id, w.worker.id, w.staffRoom])
    expect(h.repos.elders.byContact(w.wang.id)!.day).toBe('2026-11-25')
  })

  it('a worker list with nobody to tell goes to the community staff group, which never sees a grid group', () => {
    const h = createHarness()
    const w = seedElders(h)
    h.say(w.admin, '#设置 居民', w.grid, { mentionIds: [w.worker.id] })
    h.say(w.staff, '#关爱 冯雪 8:00', null)
    h.take()
    const out = tickUntil(h, at(24, '08:40'))
    expect(summary(out)).toEqual([
      [w.fengXue.id, NUDGE_FENG],
      [w.staffRoom, '（1号网格没有网格员，由社区处理）'],
    ])
    expect(out.some((r) => r.conversationId === w.grid)).toBe(false)
  })
})

describe('the chase across a restart', () => {
  it('a restart in the middle of a chase neither repeats nor loses a step', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gridbot-elders-')), 'bot.db')
    const before = createHarness({ file })
    const w = seedElders(before)
    signUpBoth(before, w)
    before.clock.set(at(24, '07:00'))
    before.say(w.wang, '好', null)
    before.take()
    expect(summary(tickUntil(before, at(24, '08:10')))).toEqual([[w.fengXue.id, NUDGE_FENG]])
    before.db.close() // the bot stops at 08:10, between the nudge and the list

    const after = createHarness({ file })
    after.take()
    after.clock.set(at(24, '08:12'))
    const out = tickUntil(after, at(24, '10:00'), 1)
    expect(summary(out).map(([to]) => to)).toEqual([w.worker.id, w.son.id, w.staffRoom])
    expect(out.map((r) => r.notBefore)).toEqual([at(24, '08:30'), at(24, '08:30'), at(24, '09:30')])
    after.db.close()
    const db = new Database(file, { readonly: true })
    const steps = db.prepare("select subject, step from rule_firings where rule = 'elder-check' order by step").all()
    db.close()
    expect(steps).toEqual([
      { subject: 'elder:1', step: '2026-11-24:escalate' },
      { subject: 'elder:1', step: '2026-11-24:list' },
      { subject: 'elder:1', step: '2026-11-24:nudge' },
    ])
  })

  it('without the nudge (elders.nudge: false) the list comes after the grace from the time', () => {
    const h = createHarness({
      policy: { ...DEFAULT_POLICY, elders: { ...DEFAULT_POLICY.elders, nudge: false, graceToWorker: 10 * 60_000 } },
    })
    const w = seedElders(h)
    h.say(w.worker, '#关爱 冯雪 8:00 黄', null)
    h.take()
    const out = tickUntil(h, at(24, '12:00'), 5)
    expect(out.map((r) => [r.conversationId, r.notBefore])).toEqual([
      [w.worker.id, at(24, '08:10')],
      [w.staffRoom, at(24, '11:10')],
    ])
  })
})
