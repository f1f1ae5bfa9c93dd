import { describe, expect, it } from 'vitest'
import { createHarness, seedCommunity, type Person } from '../support/harness.js'

/** seedCommunity plus a street staff group with a 街道 member. */
function setup() {
  const h = createHarness()
  const c = seedCommunity(h)
  const streetStaff: Person = { id: 'st1', nickname: '街道 孙科长' }
  const streetRoom = 'street@chatroom'
  h.join(streetRoom, [c.admin, streetStaff], '幸福街道工作群')
  h.say(c.admin, '#绑定工作群 幸福街道', streetRoom)
  h.say(c.admin, '#设置 街道', streetRoom, { mentionIds: [streetStaff.id] })
  h.take()
  return { h, ...c, streetStaff, streetRoom }
}

describe('the escalation ladder', () => {
  it('walks an urgent case nobody signs for from grid to community to street, each step once', () => {
    const s = setup()
    const { h } = s
    h.say(s.zhang, '#报事 5栋楼道里有人给电动车充电', s.grid) // urgent: sign for within 5 min
    h.take()
    const tickAt = (by: string) => {
      h.clock.advance(by)
      h.tick()
      return h.take()
    }
    expect(tickAt('3m')).toEqual([]) // 3 min: before the 80% warning at 4 min
    const warn = tickAt('1m') // 4 min
    expect(warn.map((o) => [o.conversationId, o.text])).toEqual([[s.worker.id, '提醒：编号 1 签收时限还剩1分钟\n请尽快处理：#受理 1']])
    expect(tickAt('30s')).toEqual([]) // nothing twice
    const due = tickAt('30s') // 5 min: the deadline
    expect(due.find((o) => o.conversationId === s.worker.id)!.text).toBe('编号 1 签收已超期1分钟，已上报社区\n请尽快处理：#受理 1')
    const toCommunity = due.find((o) => o.conversationId === s.staffRoom)!
    expect(toCommunity.mentionIds).toEqual([s.staff.id])
    expect(toCommunity.text.split('\n')[0]).toBe('【紧急】【超期升级】编号 1｜阳光社区1号网格｜安全隐患')
    expect(toCommunity.priority).toBe('urgent')
    expect(h.repos.cases.get(1)!.level).toBe(1)
    expect(tickAt('4m')).toEqual([]) // 9 min
    const double = tickAt('1m') // 10 min: twice the deadline
    const toStreet = double.find((o) => o.conversationId === s.streetRoom)!
    expect(toStreet.mentionIds).toEqual([s.streetStaff.id])
    expect(toStreet.text).toContain('签收已超期5分钟')
    expect(h.repos.cases.get(1)!.level).toBe(2)
    expect(tickAt('12h')).toEqual([])
    const daily = tickAt('12h') // a day past the deadline
    expect(daily.map((o) => o.conversationId).sort()).toEqual([s.streetRoom, s.worker.id].sort())
    expect(
      h.repos.cases
        .timeline(1)
        .filter((e) => ['warned', 'escalated', 'reminded'].includes(e.kind))
        .map((e) => [e.kind, e.text]),
    ).toEqual([
      ['warned', '签收时限将到'],
      ['escalated', '签收超期，升至社区'],
      ['escalated', '签收超期，升至街道'],
      ['reminded', '签收仍超期'],
    ])
    h.say(s.streetStaff, '#查询 1', s.streetRoom)
    expect(h.take()[0]!.text).toMatch(/提醒：签收时限将到\n.*升级：签收超期，升至社区\n.*升级：签收超期，升至街道\n.*催办：签收仍超期$/)
  })

  it('says nothing about a normal case resolved before its warning', () => {
    const s = setup()
    const { h } = s
    h.say(s.zhang, '#报事 楼道灯不亮', s.grid)
    h.clock.advance('10m')
    h.say(s.worker, '#办结 1 已换灯泡', null)
    h.take()
    for (let i = 0; i < 10; i++) {
      h.clock.advance('6h')
      h.tick()
    }
    expect(h.take().filter((o) => o.conversationId !== s.grid)).toEqual([])
    expect(h.repos.cases.get(1)).toMatchObject({ level: 0, nextRuleAt: null })
  })

  it('moves to the next clock once a step is done, and stops while on hold', () => {
    const s = setup()
    const { h } = s
    h.say(s.zhang, '#报事 楼道灯不亮', s.grid) // normal: sign for 30 min, respond 2 h, resolve 48 h
    h.clock.advance('20m')
    h.say(s.worker, '#受理 1', null)
    h.take()
    h.clock.advance('70m') // 1 h 30: 80% of the 2 h response clock is 1 h 36
    h.tick()
    expect(h.take()).toEqual([])
    h.clock.advance('6m')
    h.tick()
    expect(h.take().map((o) => o.text)).toEqual(['提醒：编号 1 响应时限还剩24分钟\n请尽快处理：#进展 1 <内容>'])
    h.say(s.worker, '#挂起 1 等配件', null)
    h.clock.advance('3h') // would be past the deadline, but the clocks are stopped
    h.tick()
    expect(h.take().filter((o) => o.text.includes('超期'))).toEqual([])
    h.say(s.worker, '#恢复 1', null)
    h.take()
    h.clock.advance('23m') // 24 minutes were left when it was held
    h.tick()
    expect(h.take()).toEqual([])
    h.clock.advance('1m')
    h.tick()
    expect(h.take().find((o) => o.conversationId === s.staffRoom)!.text).toContain('响应已超期1分钟')
  })

  it('starts the ladder over when a case is reopened', () => {
    const s = setup()
    const { h } = s
    h.say(s.zhang, '#报事 楼道灯不亮', s.grid)
    h.clock.advance('1h')
    h.tick() // sign-for missed: community
    h.say(s.worker, '#办结 1 修好了', null)
    h.say(s.zhang, '不满意', s.grid)
    h.take()
    expect(h.repos.cases.get(1)).toMatchObject({ state: 'in_progress', level: 0, reopenCount: 1 })
    h.clock.advance('38h')
    h.tick()
    expect(h.take()).toEqual([]) // the new 48 h resolve clock warns at 38h24m
    h.clock.advance('30m')
    h.tick()
    expect(h.take().map((o) => o.text)).toEqual(['提醒：编号 1 办结时限还剩9小时30分\n请尽快处理：#办结 1 <结果>'])
  })
})

describe('catching up after downtime', () => {
  it('sends one message for the highest missed step and never the lower ones later', () => {
    const s = setup()
    const { h } = s
    h.say(s.zhang, '#报事 5栋楼道里有人给电动车充电', s.grid)
    h.take()
    h.clock.advance('11m') // warn (4), due (5) and double (10) all missed
    h.tick()
    const out = h.take()
    expect(out.map((o) => o.conversationId).sort()).toEqual([s.streetRoom, s.worker.id].sort())
    expect(h.repos.cases.get(1)!.level).toBe(2)
    h.clock.advance('1m')
    h.tick()
    expect(h.take()).toEqual([])
  })
})

describe('quiet hours', () => {
  it('lets safety escalations through at night and holds the others for the morning', () => {
    const s = setup()
    const { h } = s
    h.clock.set(Date.parse('2026-11-23T23:00:00+08:00'))
    h.say(s.zhang, '#报事 5栋楼道里有人给电动车充电', s.grid)
    h.say(s.li, '#报事 水管爆了，水一直往外冒', s.grid) // urgent too, but not a safety case
    h.take()
    h.clock.advance('6m')
    h.tick()
    const out = h.take()
    expect(out.filter((o) => o.text.includes('编号 1')).every((o) => o.priority === 'urgent')).toBe(true)
    expect(out.filter((o) => o.text.includes('编号 2')).length).toBeGreaterThan(0)
    expect(out.filter((o) => o.text.includes('编号 2')).every((o) => o.priority === 'push')).toBe(true)
  })
})
