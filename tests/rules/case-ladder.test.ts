import { describe, expect, it } from 'vitest'
import { createHarness, seedCommunity, type Person } from '../support/harness.js'

/** seedCommunity plus a street staff group with a 街道 member. */
function setup(opts: { streetGroup?: boolean } = {}) {
  const h = createHarness()
  const c = seedCommunity(h)
  const streetStaff: Person = { id: 'st1', nickname: '街道 孙科长' }
  const streetRoom = 'street@chatroom'
  if (opts.streetGroup !== false) {
    h.join(streetRoom, [c.admin, streetStaff], '幸福街道工作群')
    h.say(c.admin, '#绑定工作群 幸福街道', streetRoom)
    h.say(c.admin, '#设置 街道', streetRoom, { mentionIds: [streetStaff.id] })
  }
  h.take()
  const tickAt = (by: string) => {
    h.clock.advance(by)
    h.tick()
    return h.take()
  }
  const owner = (id = 1) => {
    const c = h.repos.cases.get(id)!
    return { level: c.level, assigneeId: c.assigneeId, supervision: c.supervision }
  }
  return { h, ...c, streetStaff, streetRoom, tickAt, owner }
}

const ladderEvents = (s: ReturnType<typeof setup>, id = 1) =>
  s.h.repos.cases
    .timeline(id)
    .filter((e) => ['warned', 'reminded', 'supervised', 'escalated'].includes(e.kind))
    .map((e) => [e.kind, e.text])

describe('the ladder tells and urges; the owner stays who it is', () => {
  it('a grid case nobody signs for: the community is told at the sign-for deadline, the street only at twice the resolve deadline', () => {
    const s = setup()
    const { h } = s
    h.say(s.zhang, '#报事 门口垃圾没人清理', s.grid) // hygiene: sign for 30 min, resolve 24 h
    h.take()
    expect(s.tickAt('23m')).toEqual([])
    expect(s.tickAt('1m').map((o) => [o.conversationId, o.text])).toEqual([
      [s.worker.id, '提醒：编号 1 签收时限还剩6分钟\n请尽快处理：#受理 1'],
    ])
    const due = s.tickAt('6m') // 30 min
    expect(due.map((o) => o.conversationId).sort()).toEqual([s.staffRoom, s.worker.id].sort())
    expect(due.find((o) => o.conversationId === s.worker.id)!.text).toBe('编号 1 签收已超期1分钟，已通知社区\n请尽快处理：#受理 1')
    const toCommunity = due.find((o) => o.conversationId === s.staffRoom)!
    expect(toCommunity.mentionIds).toEqual([s.staff.id])
    expect(toCommunity.text).toBe(
      [
        '【催办】1 件超期，已提醒承办人：',
        '编号 1｜阳光社区1号网格｜环境卫生｜签收超期1分钟｜承办：网格（李四）',
        '请督促承办人，或 #指派 <编号> @某人、#派单 <编号> <部门>',
      ].join('\n'),
    )
    expect(s.owner()).toEqual({ level: 0, assigneeId: s.worker.id, supervision: 1 })
    // A day later only the owner is reminded; the street hears nothing of sign-for lateness.
    expect(s.tickAt('24h').map((o) => [o.conversationId, o.text])).toEqual([[s.worker.id, '编号 1 签收已超期1天\n请尽快处理：#受理 1']])
    expect(s.tickAt(`${23 * 60 + 29}m`)).toEqual([]) // 47 h 59 min
    const double = s.tickAt('1m') // 48 h: twice the resolve deadline
    expect(double.map((o) => o.conversationId).sort()).toEqual([s.streetRoom, s.worker.id].sort())
    const toStreet = double.find((o) => o.conversationId === s.streetRoom)!
    expect(toStreet.mentionIds).toEqual([s.streetStaff.id])
    expect(toStreet.text.split('\n').slice(0, 2)).toEqual([
      '【督办】1 件办结超期一倍以上：',
      '编号 1｜阳光社区1号网格｜环境卫生｜办结超期1天｜承办：网格（李四）',
    ])
    expect(double.find((o) => o.conversationId === s.worker.id)!.text).toBe('编号 1 办结已超期1天，已通知街道\n请尽快处理：#办结 1 <结果>')
    expect(s.owner()).toEqual({ level: 0, assigneeId: s.worker.id, supervision: 2 })
    expect(ladderEvents(s)).toEqual([
      ['warned', '签收时限将到'],
      ['reminded', '签收超期，已通知社区催办'],
      ['reminded', '签收仍超期'],
      ['supervised', '办结超期一倍，已通知街道督办'],
    ])
    h.say(s.streetStaff, '#查询 1', s.streetRoom)
    const detail = h.take()[0]!.text
    expect(detail).toContain('承办：网格（李四）｜已督办')
    expect(detail).toMatch(
      /提醒：签收时限将到\n.*催办：签收超期，已通知社区催办\n.*催办：签收仍超期\n.*督办：办结超期一倍，已通知街道督办$/,
    )
  })

  it('response lateness reaches the community, never the street', () => {
    const s = setup()
    const { h } = s
    h.say(s.zhang, '#报事 门口垃圾没人清理', s.grid)
    h.clock.advance('10m')
    h.say(s.worker, '#受理 1', null)
    h.take()
    const out = s.tickAt('110m') // 2 h: the response clock runs out
    expect(out.map((o) => o.conversationId).sort()).toEqual([s.staffRoom, s.worker.id].sort())
    expect(out.find((o) => o.conversationId === s.staffRoom)!.text).toContain(
      '编号 1｜阳光社区1号网格｜环境卫生｜响应超期1分钟｜承办：网格（李四）',
    )
    for (let i = 0; i < 3; i++) expect(s.tickAt('12h').filter((o) => o.conversationId === s.streetRoom)).toEqual([])
    expect(s.owner().level).toBe(0)
  })

  it('after #上报 the community owns the case: its own ladder reminds it, and tells the street only of the resolve clock', () => {
    const s = setup()
    const { h } = s
    h.say(s.zhang, '#报事 门口垃圾没人清理', s.grid)
    h.clock.advance('10m')
    h.take()
    h.say(s.worker, '#上报 1 涉及多个小区，需要社区协调', null)
    const handed = h.take()
    expect(handed.find((o) => o.conversationId === s.worker.id)!.text).toBe('编号 1 已上报社区，现由社区承办')
    expect(handed.find((o) => o.conversationId === s.staffRoom)!.text.split('\n')[0]).toBe('【上报】编号 1｜阳光社区1号网格｜环境卫生')
    expect(handed.filter((o) => o.conversationId === s.streetRoom)).toEqual([])
    expect(s.owner()).toEqual({ level: 1, assigneeId: null, supervision: 0 })
    // The community's sign-for clock starts at the hand-on: 30 minutes from 10:10.
    const own = s.tickAt('30m')
    expect(own.map((o) => [o.conversationId, o.text])).toEqual([
      [s.staffRoom, '【本级承办】1 件要处理：\n编号 1 签收已超期1分钟，请 #受理 1'],
    ])
    h.say(s.staff, '#受理 1', s.staffRoom)
    h.say(s.staff, '#进展 1 已联系环卫所', s.staffRoom)
    h.take()
    // Resolve (24 h from the hand-on) runs out: the street is told (催办), and at twice it again (督办).
    const resolveDue = s.tickAt(`${23 * 60 + 30}m`)
    expect(resolveDue.map((o) => o.conversationId).sort()).toEqual([s.staff.id, s.streetRoom].sort())
    expect(resolveDue.find((o) => o.conversationId === s.streetRoom)!.text).toContain('【催办】1 件超期')
    expect(resolveDue.find((o) => o.conversationId === s.streetRoom)!.text).toContain('承办：社区（王主任）')
    const twice = s.tickAt('24h')
    expect(twice.find((o) => o.conversationId === s.streetRoom)!.text).toContain('【督办】')
    expect(s.owner()).toEqual({ level: 1, assigneeId: s.staff.id, supervision: 2 })
  })

  it('moves to the next clock once a step is done, and stops while on hold', () => {
    const s = setup()
    const { h } = s
    h.say(s.zhang, '#报事 楼道灯不亮', s.grid) // normal: sign for 30 min, respond 2 h, resolve 48 h
    h.clock.advance('20m')
    h.say(s.worker, '#受理 1', null)
    h.take()
    expect(s.tickAt('70m')).toEqual([]) // 1 h 30: 80% of the 2 h response clock is 1 h 36
    expect(s.tickAt('6m').map((o) => o.text)).toEqual(['提醒：编号 1 响应时限还剩24分钟\n请尽快处理：#进展 1 <内容>'])
    h.say(s.worker, '#挂起 1 等配件', null)
    expect(s.tickAt('3h').filter((o) => o.text.includes('超期'))).toEqual([]) // the clocks are stopped
    h.say(s.worker, '#恢复 1', null)
    h.take()
    expect(s.tickAt('23m')).toEqual([]) // 24 minutes were left when it was held
    expect(s.tickAt('1m').find((o) => o.conversationId === s.staffRoom)!.text).toContain('响应超期1分钟')
  })

  it('starts the ladder over when a case is reopened, with the owner who resolved it', () => {
    const s = setup()
    const { h } = s
    h.say(s.zhang, '#报事 楼道灯不亮', s.grid)
    s.tickAt('1h') // sign-for missed: the community is told
    expect(s.owner().supervision).toBe(1)
    h.say(s.worker, '#办结 1 修好了', null)
    h.say(s.zhang, '不满意', s.grid)
    h.take()
    expect(h.repos.cases.get(1)).toMatchObject({ state: 'in_progress', level: 0, assigneeId: s.worker.id, supervision: 0, reopenCount: 1 })
    expect(s.tickAt('38h')).toEqual([]) // the new 48 h resolve clock warns at 38h24m
    expect(s.tickAt('30m').map((o) => o.text)).toEqual(['提醒：编号 1 办结时限还剩9小时30分\n请尽快处理：#办结 1 <结果>'])
  })
})

describe('one message per recipient and tick', () => {
  it('eight cases overdue at once: one message to the staff group, @-mentioning its staff once, and one to the worker', () => {
    const s = setup()
    const { h } = s
    for (let i = 1; i <= 8; i++) h.say(s.zhang, `#报事 ${i}号楼门口垃圾没人清理`, s.grid)
    h.take()
    s.tickAt('24m') // the eight warnings: one private message
    const out = s.tickAt('6m') // every sign-for overdue
    const toGroup = out.filter((o) => o.conversationId === s.staffRoom)
    const toWorker = out.filter((o) => o.conversationId === s.worker.id)
    expect(out.every((o) => o.conversationId === s.staffRoom || o.conversationId === s.worker.id)).toBe(true)
    expect(toGroup.filter((o) => o.mentionIds.length > 0)).toHaveLength(1) // one message (split only by length)
    expect(toGroup[0]!.mentionIds).toEqual([s.staff.id])
    for (const o of [...toGroup, ...toWorker]) expect(o.text.length).toBeLessThan(500)
    const groupText = toGroup.map((o) => o.text).join('\n')
    expect(groupText.split('\n')[0]).toBe('【催办】8 件超期，已提醒承办人：')
    for (let id = 1; id <= 8; id++) expect(groupText).toContain(`编号 ${id}｜`)
    expect(toWorker).toHaveLength(1)
    expect(toWorker[0]!.text.split('\n')).toEqual([
      '你有 8 件案件要处理：',
      ...[1, 2, 3, 4, 5, 6, 7, 8].map((id) => `编号 ${id} 签收已超期1分钟（已通知社区），请 #受理 ${id}`),
    ])
    // The next day: one reminder to the worker, nothing to the group.
    const next = s.tickAt('1d')
    expect(next.map((o) => o.conversationId)).toEqual([s.worker.id])
  })

  it('never says the street was told when it has no staff group', () => {
    const s = setup({ streetGroup: false })
    const { h } = s
    h.say(s.zhang, '#报事 门口垃圾没人清理', s.grid)
    h.take()
    const all = [...s.tickAt('30m'), ...s.tickAt('2d')]
    expect(all.some((o) => o.text.includes('街道'))).toBe(false)
    expect(s.owner().supervision).toBe(1) // 已催办 (the community was told), never 已督办
    expect(ladderEvents(s).map(([, text]) => text)).not.toContainEqual(expect.stringContaining('街道'))
    h.say(s.worker, '#上报 1 需要社区协调', null)
    h.take()
    h.say(s.staff, '#上报 1 需要街道协调', s.staffRoom)
    expect(h.take()[0]!.text).toBe('幸福街道还没有工作群，不能上报街道；请管理员在街道工作群发 #绑定工作群 幸福街道')
    expect(s.owner().level).toBe(1)
  })
})

describe('catching up after downtime', () => {
  it('sends one message per recipient for the missed steps and never the lower ones later', () => {
    const s = setup()
    const { h } = s
    h.say(s.zhang, '#报事 5栋楼道里有人给电动车充电', s.grid) // urgent: sign for 5 min, resolve 4 h
    h.take()
    const out = s.tickAt('481m') // warn, due and twice the resolve deadline all missed
    expect(out.map((o) => o.conversationId).sort()).toEqual([s.staffRoom, s.streetRoom, s.worker.id].sort())
    expect(out.every((o) => o.priority === 'urgent')).toBe(true)
    expect(out.find((o) => o.conversationId === s.worker.id)!.text).toBe(
      '编号 1 办结已超期4小时1分，已通知社区、街道\n请尽快处理：#办结 1 <结果>',
    )
    expect(out.find((o) => o.conversationId === s.staffRoom)!.text).toContain('编号 1｜阳光社区1号网格｜安全隐患｜紧急｜签收超期7小时56分')
    expect(s.owner()).toEqual({ level: 0, assigneeId: s.worker.id, supervision: 2 })
    expect(s.tickAt('1m')).toEqual([])
  })
})

describe('quiet hours', () => {
  it('lets safety reminders through at night and holds the others for the morning', () => {
    const s = setup()
    const { h } = s
    h.clock.set(Date.parse('2026-11-23T23:00:00+08:00'))
    h.say(s.zhang, '#报事 5栋楼道里有人给电动车充电', s.grid)
    h.say(s.li, '#报事 楼下总水管爆了 整栋楼停水了 急', s.grid) // urgent too, but not a safety case
    h.take()
    h.clock.set(Date.parse('2026-11-23T23:06:00+08:00'))
    h.tick()
    // One message to the worker and one to the group, listing both cases: urgent, since one is a safety case.
    const out = h.take()
    expect(out.filter((o) => o.conversationId === s.worker.id)).toHaveLength(1)
    expect(out.filter((o) => o.conversationId === s.staffRoom)).toHaveLength(1)
    expect(out.every((o) => o.priority === 'urgent')).toBe(true)
    h.say(s.worker, '#办结 1 已劝离，电动车已推出', null)
    h.take()
    h.clock.set(Date.parse('2026-11-24T23:06:00+08:00')) // case 2 alone, a day late: the reminders wait for the morning
    h.tick()
    const later = h.take()
    expect(later.length).toBeGreaterThan(0)
    expect(later.every((o) => o.text.includes('编号 2') && o.priority === 'push')).toBe(true)
  })
})
