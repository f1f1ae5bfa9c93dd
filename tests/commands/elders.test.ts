import { describe, expect, it } from 'vitest'
import type { OutboxRow } from '../../src/domain/model.js'
import { at, eldersHarness, sayWith, to, type EldersWorld } from '../support/elders.js'
import type { Harness } from '../support/harness.js'

/** Nothing the bot put in a grid group names an elder, their room or their family. */
function expectNoDetailsInGridGroups(rows: OutboxRow[], w: EldersWorld) {
  for (const r of rows.filter((o) => o.conversationId === w.grid || o.conversationId === w.grid2))
    for (const detail of ['冯雪', '6-3-303', '王秀英', '5-1-101', '冯小明', '赵阿婆']) expect(r.text).not.toContain(detail)
}

function signUp(h: Harness, w: EldersWorld) {
  sayWith(h, w.worker, '#关爱 8:00 红', w.grid, w.fengXue)
  sayWith(h, w.worker, '#关爱家属', w.grid, w.fengXue, w.son)
  h.take()
}

describe('#关爱: signing an elder up', () => {
  it('in the grid group with @: the worker hears the details privately, the group only that they did, the elder is welcomed', () => {
    const { h, w } = eldersHarness()
    sayWith(h, w.worker, '#关爱 8:00 红', w.grid, w.fengXue)
    const out = h.take()
    expect(to(out, w.grid).map((o) => o.text)).toEqual(['已私聊回复你'])
    expect(to(out, w.worker.id)[0]!.text).toBe(
      '已登记关爱：冯雪 6-3-303（1号网格）\n每天 8:00 前报平安，红色\n未报平安：30分钟后通知网格员，再1小时未探访报社区',
    )
    expect(to(out, w.fengXue.id)[0]!.text).toBe(
      '冯雪您好，网格员李四为您开通了平安打卡：每天 8:00 前给我发一条消息就算报平安，发个“好”字就行。',
    )
    const e = h.repos.elders.byContact(w.fengXue.id)!
    expect(e).toMatchObject({ name: '冯雪', place: '6-3-303', checkBy: 480, tier: 'red', createdById: w.worker.id, day: '2026-11-24' })
    expect(h.repos.elders.events(e.id).map((x) => [x.kind, x.actorId, x.text])).toEqual([['signed-up', w.worker.id, '8:00 红色']])
    expectNoDetailsInGridGroups(out, w)
  })

  it('privately by room and name, by name alone, or by room alone; the default time and tier when none is given', () => {
    const { h, w } = eldersHarness()
    h.say(w.worker, '#关爱 6-3-303 冯雪 8:00 红', null)
    expect(h.take()[0]!.text).toMatch(/^已登记关爱：冯雪 6-3-303/)
    h.say(w.worker, '#关爱 王秀英', null)
    expect(h.take()[0]!.text).toContain('每天 7:30 前报平安，黄色')
    h.say(w.worker, '#关爱 5栋1单元101 7点半 蓝', null)
    expect(h.take()[0]!.text).toMatch(/^已更新关爱：王秀英 5-1-101（1号网格）\n每天 7:30 前报平安，蓝色/)
    expect(h.repos.elders.byContact(w.wang.id)).toMatchObject({ checkBy: 450, tier: 'blue' })
  })

  it('changing the tier keeps the time, and the elder is not welcomed twice', () => {
    const { h, w } = eldersHarness()
    h.say(w.worker, '#关爱 冯雪 9:15', null)
    h.take()
    h.say(w.worker, '#关爱 冯雪 红', null)
    const out = h.take()
    expect(out.map((o) => o.conversationId)).toEqual([w.worker.id])
    expect(h.repos.elders.byContact(w.fengXue.id)).toMatchObject({ checkBy: 555, tier: 'red' })
  })

  it('refuses, changing nothing: two people by that name, nobody, a bad time, a resident, another grid, the bot', () => {
    const { h, w } = eldersHarness()
    h.join(w.grid, [{ id: 'e9', nickname: '8-2-801 冯雪' }])
    const cases: [typeof w.worker, string, string][] = [
      [w.worker, '#关爱 冯雪', '找到 2 位：6-3-303 冯雪（1号网格）、8-2-801 冯雪（1号网格）。请写上房号和姓名，或在网格群里 @ 他'],
      [w.worker, '#关爱 李大爷', '没有在网格群里找到 李大爷：请确认他在群里，或写上房号和姓名'],
      [w.worker, '#关爱 6-3-303 冯雪 25:00', '时间应在 1:00 到 23:59 之间，如 7:30'],
      [w.worker, '#关爱 6-3-303 冯雪 0:30', '时间应在 1:00 到 23:59 之间，如 7:30'],
      [w.zhang, '#关爱 6-3-303 冯雪', '该命令仅限网格员及以上使用'],
      [w.worker2, '#关爱 6-3-303 冯雪', '没有在网格群里找到 6-3-303 冯雪：请确认他在群里，或写上房号和姓名'],
      [w.worker, '#关爱', '用法：#关爱 <@成员或房号 姓名> [7:30] [红/黄/蓝]'],
      [w.worker, '#关爱 小助手', '机器人不能登记为关爱对象'],
    ]
    for (const [who, text, reply] of cases) {
      h.say(who, text, null)
      expect(h.take().map((o) => o.text)).toEqual([reply])
    }
    expect(h.repos.elders.inScope({ all: true, gridIds: [], communityIds: [], streetIds: [], departmentIds: [] })).toEqual([])
  })

  it('a refusal about an elder asked in the grid group goes privately too (it names rooms)', () => {
    const { h, w } = eldersHarness()
    h.join(w.grid, [{ id: 'e9', nickname: '8-2-801 冯雪' }])
    h.say(w.worker, '#关爱 冯雪', w.grid)
    const out = h.take()
    expect(to(out, w.grid).map((o) => o.text)).toEqual(['已私聊回复你'])
    expect(to(out, w.worker.id)[0]!.text).toMatch(/^找到 2 位/)
  })
})

describe('#关爱家属, #取消关爱, #关爱名单', () => {
  it('family by @ in the group or by names privately: stored once, each welcomed privately', () => {
    const { h, w } = eldersHarness()
    h.say(w.worker, '#关爱 冯雪 8:00', null)
    h.take()
    sayWith(h, w.worker, '#关爱家属', w.grid, w.fengXue, w.son)
    let out = h.take()
    expect(to(out, w.worker.id)[0]!.text).toBe('冯雪 的家属：冯小明\n未报平安时会私聊告知，家属也可代报 #报平安')
    expect(to(out, w.son.id)[0]!.text).toMatch(/^您好，您已登记为 冯雪 的关爱家属/)
    h.say(w.worker, '#关爱家属 冯雪 冯小明', null)
    out = h.take()
    expect(out.map((o) => o.conversationId)).toEqual([w.worker.id]) // no second welcome
    expect(h.repos.elders.family(h.repos.elders.byContact(w.fengXue.id)!.id)).toEqual([{ contactId: w.son.id, name: '冯小明' }])
    h.say(w.worker, '#关爱家属 冯雪', null)
    expect(h.take()[0]!.text).toBe('请在网格群里 @ 老人和家属，或私聊写上老人和家属的姓名')
    h.say(w.worker, '#关爱家属 王秀英 冯小明', null)
    expect(h.take()[0]!.text).toBe('王秀英 不在关爱名单中')
  })

  it('#关爱名单: refused in a grid group, privately the elders of one’s grids with today’s state', () => {
    const { h, w } = eldersHarness()
    signUp(h, w)
    h.say(w.worker, '#关爱 王秀英 7:30', null)
    h.say(w.worker2, '#关爱 赵阿婆 9:00', null)
    h.say(w.worker, '#关爱名单', w.grid)
    expect(h.take().slice(-1)[0]!.text).toBe('请在工作群或私聊中查询')
    h.clock.set(at(24, '07:10'))
    h.say(w.wang, '早上好', null)
    h.clock.set(at(24, '08:40'))
    h.tick()
    h.take()
    h.say(w.worker, '#关爱名单', null)
    expect(h.take()[0]!.text).toBe(
      [
        '关爱名单（11-24 08:40）：2 人｜已报 1｜外出 0｜未报 1',
        '冯雪 6-3-303 红 8:00｜✗未报，已通知网格员｜家属冯小明',
        '王秀英 5-1-101 黄 7:30｜✓7:10',
      ].join('\n'),
    )
    h.say(w.staff, '#关爱名单', w.staffRoom)
    const all = h.take()[0]!
    expect(all.conversationId).toBe(w.staffRoom)
    expect(all.text).toContain('3 人')
    expect(all.text).toContain('【阳光社区2号网格】\n赵阿婆 2-1-201 黄 9:00｜未到时间')
  })

  it('#取消关爱: the elder is signed off, no chase follows, and a new #关爱 starts again with a welcome', () => {
    const { h, w } = eldersHarness()
    signUp(h, w)
    sayWith(h, w.worker, '#取消关爱', w.grid, w.fengXue)
    expect(to(h.take(), w.worker.id)[0]!.text).toBe('已取消关爱：冯雪')
    h.clock.set(at(24, '12:00'))
    h.tick()
    expect(h.take()).toEqual([])
    h.say(w.worker, '#关爱 冯雪', null)
    expect(to(h.take(), w.fengXue.id)).toHaveLength(1)
    const e = h.repos.elders.byContact(w.fengXue.id)!
    expect(h.repos.elders.events(e.id).map((x) => x.kind)).toEqual(['signed-up', 'family', 'stopped', 'signed-up'])
  })
})

describe('the sign, #报平安 and #外出', () => {
  it('a private 好 gets a short warm reply; the same 好 from someone not looked after gets #帮助 as usual', () => {
    const { h, w } = eldersHarness()
    signUp(h, w)
    h.clock.set(at(24, '06:50'))
    for (const word of ['好', '平安', '签到', '早上好🌞', '[强]']) {
      h.say(w.fengXue, word, null)
      expect(h.take().map((o) => o.text)).toEqual(['收到，您平安就好！祝您今天顺心。'])
    }
    h.say(w.zhang, '好', null)
    expect(h.take()[0]!.text).toMatch(/^你的身份：居民/)
    const day = h.repos.elders.day(h.repos.elders.byContact(w.fengXue.id)!.id, '2026-11-24')!
    expect(day).toMatchObject({ signedAt: at(24, '06:50'), signedHow: 'self', signedById: w.fengXue.id })
  })

  it('any message counts — in the group (no reply there), a voice message privately (the warm reply once a day), a report (still filed)', () => {
    const { h, w } = eldersHarness()
    signUp(h, w)
    h.clock.set(at(24, '06:00'))
    h.say(w.fengXue, '今天天气不错', w.grid)
    expect(h.take()).toEqual([])
    const id = h.repos.elders.byContact(w.fengXue.id)!.id
    expect(h.repos.elders.day(id, '2026-11-24')!.signedAt).toBe(at(24, '06:00'))
    h.clock.set(at(25, '07:00'))
    h.say(w.fengXue, '', null, { kind: 'other' })
    h.say(w.fengXue, '', null, { kind: 'other' })
    expect(h.take().map((o) => o.text)).toEqual(['收到，您平安就好！祝您今天顺心。'])
    h.clock.set(at(26, '07:00'))
    h.say(w.fengXue, '#报事 6号楼3单元楼道灯坏了', w.grid)
    expect(h.take().find((o) => o.conversationId === w.grid)!.text).toMatch(/^编号 1 已登记/)
    expect(h.repos.elders.day(id, '2026-11-26')!.signedAt).toBe(at(26, '07:00'))
  })

  it('#报平安 by family in the group (answered privately), by the worker privately by name; a stranger may not', () => {
    const { h, w } = eldersHarness()
    signUp(h, w)
    const id = h.repos.elders.byContact(w.fengXue.id)!.id
    h.clock.set(at(24, '07:00'))
    sayWith(h, w.son, '#报平安', w.grid, w.fengXue)
    let out = h.take()
    expect(to(out, w.grid).map((o) => o.text)).toEqual(['已私聊回复你'])
    expect(to(out, w.son.id).map((o) => o.text)).toEqual(['已为 冯雪 报平安'])
    expect(h.repos.elders.day(id, '2026-11-24')).toMatchObject({ signedHow: 'family', signedById: w.son.id })
    h.clock.set(at(25, '07:00'))
    h.say(w.son, '#报平安', null) // family of one elder: no name needed
    h.clock.set(at(26, '07:00'))
    h.say(w.worker, '#报平安 冯雪', null)
    out = h.take()
    expect(out.map((o) => o.text)).toEqual(['已为 冯雪 报平安', '已为 冯雪 报平安'])
    expect(h.repos.elders.day(id, '2026-11-26')).toMatchObject({ signedHow: 'worker' })
    h.say(w.zhang, '#报平安 冯雪', null)
    expect(h.take()[0]!.text).toBe('冯雪 不在关爱名单中')
    h.say(w.zhang, '#报平安', null)
    expect(h.take()[0]!.text).toBe('没有找到你可以报平安的老人：家属需由网格员用 #关爱家属 登记')
    expectNoDetailsInGridGroups(h.sent(), w)
  })

  it('#外出 by the elder, by family with @, by staff; 0 is back; a bad number gets the usage', () => {
    const { h, w } = eldersHarness()
    signUp(h, w)
    h.say(w.fengXue, '#外出 3天', null)
    expect(h.take().map((o) => o.text)).toEqual(['冯雪 外出 3 天（至 11-25），11-26 起恢复平安打卡'])
    expect(h.repos.elders.byContact(w.fengXue.id)).toMatchObject({ awayFrom: '2026-11-23', awayTo: '2026-11-25' })
    sayWith(h, w.son, '#外出 两天', w.grid, w.fengXue)
    expect(to(h.take(), w.son.id)[0]!.text).toBe('冯雪 外出 2 天（至 11-24），11-25 起恢复平安打卡')
    h.say(w.worker, '#外出 冯雪 0', null)
    expect(h.take()[0]!.text).toBe('冯雪 已回来，今天起恢复平安打卡')
    h.say(w.fengXue, '#外出 很久', null)
    expect(h.take()[0]!.text).toBe('用法：#外出 [@老人] <天数>')
    h.say(w.fengXue, '#外出 200', null)
    expect(h.take()[0]!.text).toBe('天数应为 0 到 90，如 #外出 3天（0 表示已回来）')
    h.say(w.zhang, '#外出 冯雪 3', null)
    expect(h.take()[0]!.text).toBe('冯雪 不在关爱名单中')
  })

  it('#帮助 shows #报平安 and #外出 to staff, elders and their family only', () => {
    const { h, w } = eldersHarness()
    signUp(h, w)
    const help = (who: typeof w.zhang) => {
      h.say(who, '#帮助', null)
      return h
        .take()
        .map((o) => o.text)
        .join('\n')
    }
    expect(help(w.zhang)).not.toContain('#报平安')
    expect(help(w.son)).toContain('#报平安 [@老人]')
    expect(help(w.fengXue)).toContain('#外出 [@老人] <天数>')
    expect(help(w.worker)).toContain('#已探访 <@老人或姓名> <情况>')
  })
})

describe('#已探访', () => {
  it('needs the situation, records the visit on the timeline, and refuses elders outside the worker’s grids', () => {
    const { h, w } = eldersHarness()
    signUp(h, w)
    h.say(w.worker2, '#关爱 赵阿婆', null)
    h.take()
    h.say(w.worker, '#已探访 冯雪', null)
    expect(h.take()[0]!.text).toBe('请写上探访情况，如 #已探访 冯雪 已上门，身体好')
    h.say(w.worker, '#已探访 冯雪 上门看过，挺好', null)
    expect(h.take()[0]!.text).toBe('已记录探访：冯雪')
    const id = h.repos.elders.byContact(w.fengXue.id)!.id
    expect(h.repos.elders.events(id).slice(-1)[0]).toMatchObject({ kind: 'visited', actorId: w.worker.id, text: '上门看过，挺好' })
    h.say(w.worker, '#已探访 赵阿婆 好', null)
    expect(h.take()[0]!.text).toBe('赵阿婆 不在关爱名单中')
    h.say(w.zhang, '#已探访 冯雪 好', null)
    expect(h.take()[0]!.text).toBe('该命令仅限网格员及以上使用')
  })
})
