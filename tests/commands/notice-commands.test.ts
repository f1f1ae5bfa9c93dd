import { describe, expect, it } from 'vitest'
import { BOT_PERSON, createHarness, seedCommunity, type Harness, type Person } from '../support/harness.js'

const leader: Person = { id: 'leader', nickname: '网格长 刘' }
const g2 = 'g2@chatroom'
const worker2: Person = { id: 'w2', nickname: '网格员 孙' }
const residents2: Person[] = [
  { id: 'q1', nickname: '7-1-101 钱一' },
  { id: 'q2', nickname: '7-1-102 钱二' },
]

/** The seeded community plus a leader in grid 1 and a second grid group with its own worker. */
function setup(h: Harness = createHarness()) {
  const c = seedCommunity(h)
  h.join(c.grid, [leader])
  h.join(g2, [BOT_PERSON, c.admin, worker2, ...residents2], '阳光社区2号网格')
  h.say(c.admin, '#设置 网格长', c.grid, { mentionIds: [leader.id] })
  h.say(c.admin, '#绑定网格 幸福街道 阳光社区 2号网格', g2)
  h.say(c.admin, '#设置 网格员', g2, { mentionIds: [worker2.id] })
  h.take()
  return { h, c }
}

const texts = (h: Harness) => h.take().map((o) => o.text)

describe('#通知', () => {
  it('goes from a staff group to the grids named, as one notice; each grid worker gets their own list', () => {
    const { h, c } = setup()
    h.say(c.staff, '#通知 1号网格,2号网格 明天上午10点前到社区领取防汛物资', c.staffRoom)
    const out = h.take()
    expect(out[0]).toMatchObject({ conversationId: c.staffRoom, mentionIds: [c.staff.id] })
    expect(out[0]!.text).toBe(
      '通知编号 1 已发到1号网格、2号网格\n共 2 个网格群，1 个账号发送，预计 10:01 全部发出\n需确认 4 人\n截止：11月24日 10:00\n查看回执：#回执 1',
    )
    expect(out.slice(1).map((o) => o.conversationId)).toEqual([c.grid, g2])
    expect(
      h.repos.notices
        .recipients(1)
        .map((r) => r.contactId)
        .sort(),
    ).toEqual(['q1', 'q2', 'r1', 'r2'])

    h.say(residents2[0]!, '收到', g2)
    h.clock.set(Date.parse('2026-11-24T10:00:00+08:00'))
    h.tick()
    const closing = h.take()
    const summary = closing.find((o) => o.conversationId === c.staffRoom)!
    expect(summary.mentionIds).toEqual([c.staff.id])
    expect(summary.text).toBe(
      [
        '【回执汇总】通知编号 1 已确认 1/4', // the number once (issue 14, item 11)
        '截止 11月24日 10:00，已结束',
        '未确认 3 人：',
        '1号网格：',
        [c.zhang.nickname, c.li.nickname].sort().join('、'),
        '2号网格：',
        residents2[1]!.nickname,
      ].join('\n'),
    )
    expect(closing.find((o) => o.conversationId === c.worker.id)!.text).toContain('1号网格 未确认 2 人')
    expect(closing.find((o) => o.conversationId === worker2.id)!.text).toContain(
      `2号网格 未确认 1 人，请上门或电话告知：\n3. ${residents2[1]!.nickname}`, // numbered on from grid 1's list
    )
  })

  it('goes to every grid group of the community with 全部网格', () => {
    const { h, c } = setup()
    h.say(c.staff, '#通知 全部网格 本周六上午9点小区大扫除', c.staffRoom)
    expect(
      h
        .take()
        .slice(1)
        .map((o) => o.conversationId),
    ).toEqual([c.grid, g2])
  })

  it('leaves out the bot, the author and staff; a member who joins later is not chased', () => {
    const { h, c } = setup()
    h.say(leader, '#通知 今晚8点前清理楼道杂物', c.grid)
    expect(
      h.repos.notices
        .recipients(1)
        .map((r) => r.contactId)
        .sort(),
    ).toEqual([c.zhang.id, c.li.id].sort())
    const newcomer: Person = { id: 'late', nickname: '9-9-909 新来的' }
    h.join(c.grid, [newcomer])
    h.say(newcomer, '收到', c.grid)
    expect(h.repos.notices.recipient(1, newcomer.id)).toBeUndefined()
    h.take()
    h.clock.advance('30m')
    h.tick()
    expect(h.take()[0]!.mentionIds.sort()).toEqual([c.zhang.id, c.li.id].sort())
  })

  it('answers bad input with one line and stores nothing', () => {
    const { h, c } = setup()
    h.repos.directory.upsertGrid(h.repos.directory.group(c.grid)!.communityId!, '3号网格')
    const cases: [Person, string, string, string][] = [
      [c.staff, '#通知 9号网格 明天停水', c.staffRoom, '没有找到网格：9号网格'],
      [c.staff, '#通知 3号网格 明天停水', c.staffRoom, '3号网格 还没有绑定网格群'],
      [c.staff, '#通知 明天停水', c.staffRoom, '用法：#通知 <内容>（工作群：#通知 4号网格,5号网格 <内容>，或 #通知 全部网格 <内容>）'],
      [leader, '#通知', c.grid, '用法：#通知 <内容>（工作群：#通知 4号网格,5号网格 <内容>，或 #通知 全部网格 <内容>）'],
      [c.zhang, '#通知 大家好', c.grid, '该命令仅限网格长及以上使用'],
      [leader, '#通知 明天停水', g2, '你不是2号网格的网格长或工作人员，不能在那里发通知'],
      [leader, '#通知 明天停水', null as unknown as string, '请在群里发送这个命令'],
      [leader, `#通知 ${'很长'.repeat(800)}`, c.grid, '通知太长了，请控制在1500字以内'],
    ]
    for (const [who, text, room, reply] of cases) {
      h.say(who, text, room)
      expect(texts(h), text.slice(0, 20)).toEqual([reply])
    }
    expect(h.repos.notices.latestInRoom(c.grid)).toBeUndefined()
    expect(h.repos.notices.latestInRoom(c.staffRoom)).toBeUndefined()
  })

  it('without a deadline: rounds at +30 min and +3 h, the summary at +24 h', () => {
    const { h, c } = setup()
    h.say(leader, '#通知 请大家关注社区公众号', c.grid)
    expect(texts(h)[0]).toContain('未写截止时间，11月24日 10:00汇总')
    const at = (step: string) => {
      h.clock.advance(step)
      h.tick()
      return h.take().map((o) => o.conversationId)
    }
    expect(at('29m')).toEqual([])
    expect(at('1m')).toEqual([c.grid])
    expect(at('149m')).toEqual([])
    expect(at('1m')).toEqual([c.grid])
    expect(at('1259m')).toEqual([])
    expect(at('1m').sort()).toEqual([leader.id, c.worker.id].sort())
  })

  it('a deadline too close for two rounds gets one; a round is never within 10 minutes of the close', () => {
    const { h, c } = setup()
    h.say(leader, '#通知 半小时内到楼下挪车', c.grid)
    h.take()
    h.clock.advance('24m') // round 2 would be at +24 min: the only round
    h.tick()
    expect(h.take().map((o) => o.conversationId)).toEqual([c.grid])
    h.clock.advance('6m')
    h.tick()
    expect(
      h
        .take()
        .map((o) => o.conversationId)
        .sort(),
    ).toEqual([leader.id, c.worker.id].sort()) // the close, no round 1
  })

  it('waits for the end of the quiet hours before a round, and lists who is still missing then', () => {
    const h = createHarness({ quietHours: { startMinute: 21 * 60 + 30, endMinute: 7 * 60 + 30 } })
    const { c } = setup(h)
    h.clock.set(Date.parse('2026-11-23T21:10:00+08:00'))
    h.say(leader, '#通知 明天中午12点前交垃圾分类承诺书', c.grid)
    h.take()
    h.clock.advance('30m')
    h.tick()
    expect(h.take()).toEqual([])
    h.clock.set(Date.parse('2026-11-24T07:00:00+08:00'))
    h.say(c.zhang, '收到', c.grid)
    h.tick()
    expect(h.take()).toEqual([])
    h.clock.set(Date.parse('2026-11-24T07:30:00+08:00'))
    h.tick()
    expect(h.take().map((o) => o.mentionIds)).toEqual([[c.li.id]])
  })
})

describe('#提醒, #回执, #代确认, #结束通知', () => {
  it('#提醒 @s the others now, once per 10 minutes; #回执 shows the state; #结束通知 sends the summary and stops', () => {
    const { h, c } = setup()
    h.say(leader, '#通知 明天下午3点前交门禁卡登记表', c.grid)
    h.take()
    h.say(c.li, '好的', c.grid)
    h.say(leader, '#提醒', c.grid)
    const reminded = h.take()
    expect(reminded.map((o) => o.mentionIds)).toEqual([[c.zhang.id]])
    h.clock.advance('4m')
    h.say(leader, '#提醒 1', c.grid)
    expect(texts(h)).toEqual(['通知编号 1 刚提醒过，请 6 分钟后再试'])
    h.say(leader, '#回执 1', c.grid)
    expect(texts(h)).toEqual([`通知编号 1 已确认 1/2\n截止 11月24日 15:00，进行中\n未确认 1 人：\n${c.zhang.nickname}`])
    h.say(leader, '#结束通知', c.grid)
    const closed = h.take()
    expect(closed[0]!.text).toBe('通知编号 1 已结束，不再提醒，回执已汇总')
    expect(closed.find((o) => o.conversationId === leader.id)!.text).toContain('已确认 1/2')
    h.clock.advance('30m')
    h.tick()
    expect(h.take()).toEqual([])
    h.say(leader, '#提醒', c.grid)
    expect(texts(h)).toEqual(['通知编号 1 已结束，不再提醒'])
    h.say(leader, '#结束通知 1', c.grid)
    expect(texts(h)).toEqual(['通知编号 1 已结束，不再提醒'])
  })

  it('an automatic round within 10 minutes of a #提醒 by hand is skipped, the next one still comes', () => {
    const { h, c } = setup()
    h.say(leader, '#通知 今天下午6点前交材料', c.grid) // 10:00; rounds at 10:30 and 16:24
    h.clock.advance('25m')
    h.say(leader, '#提醒', c.grid)
    h.take()
    h.clock.advance('5m')
    h.tick()
    expect(h.take()).toEqual([])
    h.clock.set(Date.parse('2026-11-23T16:24:00+08:00'))
    h.tick()
    expect(h.take().map((o) => o.mentionIds.length)).toEqual([2])
  })

  it('#提醒 from a staff group answers there and @s in the grid group', () => {
    const { h, c } = setup()
    h.say(c.staff, '#通知 2号网格 明天停电', c.staffRoom)
    h.take()
    h.say(c.staff, '#提醒 1', c.staffRoom)
    const out = h.take()
    expect(out.map((o) => [o.conversationId, o.text.split('\n')[0]])).toEqual([
      [c.staffRoom, '通知编号 1 已提醒未确认的 2 人'],
      [g2, '【通知编号 1】还没确认的请回复"收到"'],
    ])
  })

  it('#代确认 marks members, says who is not on the list, and closes the notice when everyone has answered', () => {
    const { h, c } = setup()
    h.say(leader, '#通知 今晚8点前把电动车推出楼道', c.grid)
    h.take()
    h.say(leader, '#代确认 1', c.grid, { mentionIds: [c.zhang.id, c.worker.id], mentionNames: [c.zhang.nickname, c.worker.nickname] })
    expect(texts(h)).toEqual([`通知编号 1 已代确认 1 人，已确认 1/2\n不在确认名单：${c.worker.nickname}`])
    expect(h.repos.notices.recipient(1, c.zhang.id)).toMatchObject({ ackHow: 'proxy', ackById: leader.id })
    h.say(c.li, '收到', c.grid)
    expect(h.take().map((o) => [o.conversationId, o.text])).toEqual([[leader.id, '通知编号 1 已全部确认（2/2），不再提醒']])
    h.clock.advance('30m')
    h.tick()
    expect(h.take()).toEqual([])
    h.say(leader, '#代确认 1', c.grid)
    expect(texts(h)).toEqual(['用法：#代确认 <通知编号> @成员…（私聊可写姓名、房号或上门名单的序号，如 #代确认 2 1 3）'])
  })

  it("refuses notices that are not the sender's, and numbers that do not exist", () => {
    const { h, c } = setup()
    h.say(c.staff, '#通知 1号网格 明天停水', c.staffRoom)
    h.take()
    h.say(worker2, '#回执 1', null)
    expect(texts(h)).toEqual(['通知编号 1 不是你发的，也不在你负责的网格'])
    h.say(c.worker, '#回执 1', null) // the grid's worker may look
    expect(texts(h)[0]).toMatch(/^通知编号 1 已确认 0\/2/)
    h.say(leader, '#回执 99', c.grid)
    expect(texts(h)).toEqual(['没有编号 99 的通知'])
    h.say(leader, '#回执 abc', c.grid)
    expect(texts(h)).toEqual(['用法：#回执 [通知编号]'])
    h.say(worker2, '#回执', g2)
    expect(texts(h)).toEqual(['还没有通知'])
  })

  it('splits a round of 45 into messages of 20 @-mentions', () => {
    const { h } = setup()
    const crowd = Array.from({ length: 45 }, (_, i): Person => ({ id: `p${i}`, nickname: `${i}号楼 居民${i}` }))
    h.join(g2, crowd)
    h.say(worker2, '#通知 周日前完成燃气安全自查', g2)
    h.take()
    h.say(residents2[0]!, '收到', g2)
    h.say(residents2[1]!, '收到', g2)
    h.clock.advance('30m')
    h.tick()
    expect(h.take().map((o) => o.mentionIds.length)).toEqual([20, 20, 5])
  })
})

describe('several open notices in a group', () => {
  it('a plain 收到 answers the newest one the member owes; a quote answers the one quoted', () => {
    const { h, c } = setup()
    h.say(leader, '#通知 明天上午9点停水', c.grid)
    h.clock.advance('1m')
    h.say(leader, '#通知 周五下午3点前交垃圾分类承诺书', c.grid)
    const posts = h.take().filter((o) => o.text.startsWith('【通知编号'))
    h.say(c.zhang, '收到', c.grid)
    expect([h.repos.notices.recipient(1, c.zhang.id)!.ackedAt, h.repos.notices.recipient(2, c.zhang.id)!.ackedAt !== null]).toEqual([
      null,
      true,
    ])
    h.say(c.zhang, '收到', c.grid) // the next plain 收到 goes to the older one
    expect(h.repos.notices.recipient(1, c.zhang.id)!.ackHow).toBe('word')
    h.say(c.li, `「小助手：${posts[0]!.text}」\n- - - - - - - - - - - - - - -\n好的`, c.grid)
    expect(h.repos.notices.recipient(1, c.li.id)!.ackHow).toBe('quote')
    expect(h.repos.notices.recipient(2, c.li.id)!.ackedAt).toBeNull()
  })
})

describe('plain "1" between a notice and a rating', () => {
  it('asks which is meant when a notice is open and a case awaits a rating; rates the case when nothing is owed (issue 14, item 1)', () => {
    const { h, c } = setup()
    h.say(c.zhang, '#报事 5号楼电梯坏了', c.grid)
    h.say(c.worker, '#受理 1', null)
    h.say(c.worker, '#办结 1 已修好', null)
    h.say(leader, '#通知 明天上午9点停水', c.grid)
    h.take()
    h.say(c.zhang, '1', c.grid)
    expect(h.take().map((o) => o.text)).toEqual(['是确认通知编号 1，还是给编号 1 评 1 分？确认请回复“收到”，评价请发 #评价 1 1'])
    expect(h.repos.notices.recipient(1, c.zhang.id)!.ackedAt).toBeNull()
    expect(h.repos.cases.get(1)!.state).toBe('resolved')
    h.say(c.zhang, '收到', c.grid)
    expect(h.repos.notices.recipient(1, c.zhang.id)!.ackHow).toBe('word')
    h.say(c.zhang, '1', c.grid)
    expect(h.repos.cases.get(1)).toMatchObject({ state: 'in_progress', rating: 'unsatisfied' })
  })

  it('takes a 1 as the rating when the notice it could answer has ended, never as a late acknowledgement', () => {
    const { h, c } = setup()
    h.say(leader, '#通知 明天上午9点停水', c.grid)
    h.say(leader, '#结束通知 1', c.grid)
    h.say(c.zhang, '#报事 5号楼电梯坏了', c.grid)
    h.say(c.worker, '#办结 1 已修好', null)
    h.take()
    h.say(c.zhang, '1', c.grid)
    expect(h.repos.cases.get(1)).toMatchObject({ state: 'in_progress', rating: 'unsatisfied' })
    expect(h.repos.notices.recipient(1, c.zhang.id)!.ackedAt).toBeNull()
  })
})

describe('an unclear rating with two cases awaiting one (issue 14, item 2)', () => {
  it('asks which case, and reopens nothing', () => {
    const { h, c } = setup()
    h.say(c.zhang, '#报事 5号楼电梯坏了', c.grid)
    h.say(c.zhang, '#报事 门口垃圾没人清理', c.grid)
    h.say(c.worker, '#办结 1 已修好', null)
    h.clock.advance('1m')
    h.say(c.worker, '#办结 2 已清理', null)
    h.take()
    h.say(c.zhang, '不满意', c.grid)
    expect(h.take().map((o) => o.text)).toEqual(['你有 2 件待评价：编号 2（环境卫生）、编号 1（房屋维修），请回复 #评价 <编号> 不满意'])
    expect([h.repos.cases.get(1)!.state, h.repos.cases.get(2)!.state]).toEqual(['resolved', 'resolved'])
  })
})

describe('#代确认 from the private chat the door-knocking list came to (issue 14, item 5)', () => {
  const feng: Person = { id: 'feng', nickname: '6-3-303 冯雪' }
  const zhangA: Person = { id: 'za', nickname: '1-1-101 张伟' }
  const zhangB: Person = { id: 'zb', nickname: '张伟 2-1-201' }
  const sun: Person = { id: 'sun', nickname: '5栋1单元402 孙丽' }

  /** A notice in grid 1 with four more residents, closed: the worker has the numbered list privately. */
  function closed() {
    const { h, c } = setup()
    h.join(c.grid, [feng, zhangA, zhangB, sun])
    h.say(leader, '#通知 明天上午9点停水', c.grid)
    h.say(c.li, '收到', c.grid)
    h.say(leader, '#结束通知 1', c.grid)
    const list = h.take().find((o) => o.conversationId === c.worker.id)!
    return { h, c, list }
  }

  it('numbers the lines of the list, and the list says how to confirm by number', () => {
    const { c, list } = closed()
    expect(list.text).toBe(
      [
        '通知编号 1 1号网格 未确认 5 人，请上门或电话告知：',
        `1. ${zhangA.nickname}`,
        `2. ${c.zhang.nickname}`,
        `3. ${sun.nickname}`,
        `4. ${feng.nickname}`,
        `5. ${zhangB.nickname}`,
        '告知后发 #代确认 1 加序号，如 #代确认 1 1 2（也可写姓名或房号）',
      ].join('\n'),
    )
  })

  it('by the whole nickname typed after @, by name, by room, and by the list numbers', () => {
    const { h, c } = closed()
    h.say(c.worker, '#代确认 1 @6-3-303 冯雪', null)
    expect(texts(h)).toEqual(['通知编号 1 已代确认 1 人，已确认 2/6'])
    expect(h.repos.notices.recipient(1, feng.id)).toMatchObject({ ackHow: 'proxy', ackById: c.worker.id })
    h.say(c.worker, '#代确认 1 孙丽', null)
    expect(texts(h)).toEqual(['通知编号 1 已代确认 1 人，已确认 3/6'])
    h.say(c.worker, '#代确认 1 3-2-502', null)
    expect(texts(h)).toEqual(['通知编号 1 已代确认 1 人，已确认 4/6'])
    h.say(c.worker, '#代确认 1 1 5', null)
    expect(texts(h)).toEqual(['通知编号 1 已代确认 2 人，已确认 6/6'])
    expect(
      h.repos.notices
        .recipients(1)
        .filter((r) => r.ackHow === 'proxy')
        .map((r) => r.contactId)
        .sort(),
    ).toEqual([feng.id, c.zhang.id, sun.id, zhangA.id, zhangB.id].sort())
  })

  it('the same room written another way, and a number after the list has changed, still name the same member', () => {
    const { h, c } = closed()
    h.say(zhangA, '收到', c.grid) // a late answer: the list's numbers stay as they were sent
    h.say(c.worker, '#代确认 1 6栋3单元303、4', null)
    expect(texts(h)).toEqual(['通知编号 1 已代确认 1 人，已确认 3/6'])
    h.say(c.worker, '#代确认 1 2', null)
    expect(texts(h)).toEqual(['通知编号 1 已代确认 1 人，已确认 4/6'])
    expect(h.repos.notices.recipient(1, c.zhang.id)!.ackHow).toBe('proxy')
  })

  it('an ambiguous name gets one line asking which, and confirms nobody; the others in the same command are confirmed', () => {
    const { h, c } = closed()
    h.say(c.worker, '#代确认 1 张伟', null)
    expect(texts(h)).toEqual([`“张伟”有 2 人：${zhangA.nickname}、${zhangB.nickname}，请写房号或上门名单的序号`])
    expect(h.repos.notices.counts(1).acked).toBe(1)
    h.say(c.worker, '#代确认 1 张伟 冯雪 王小明', null)
    expect(texts(h)).toEqual([
      `通知编号 1 已代确认 1 人，已确认 2/6\n不在确认名单：王小明\n“张伟”有 2 人：${zhangA.nickname}、${zhangB.nickname}，请写房号或上门名单的序号`,
    ])
  })

  it('in a group, real @-mentions as WeChat writes them (the names in the text too) are read once', () => {
    const { h, c } = closed()
    h.say(leader, `#代确认 1 @${feng.nickname}\u2005@${c.worker.nickname}\u2005`, c.grid, {
      mentionIds: [feng.id, c.worker.id],
      mentionNames: [feng.nickname, c.worker.nickname],
    })
    expect(texts(h)).toEqual([`通知编号 1 已代确认 1 人，已确认 2/6\n不在确认名单：${c.worker.nickname}`])
  })

  it('only recipients in the sender’s grids: a worker of another grid confirms nobody there', () => {
    const { h, c } = setup()
    h.say(c.staff, '#通知 1号网格,2号网格 明天停电', c.staffRoom)
    h.take()
    h.say(worker2, '#代确认 1 张三', null)
    expect(texts(h)).toEqual(['通知编号 1 已代确认 0 人，已确认 0/4\n不在确认名单：张三'])
    h.say(worker2, '#代确认 1 钱一', null)
    expect(texts(h)).toEqual(['通知编号 1 已代确认 1 人，已确认 1/4'])
    h.say(c.staff, '#代确认 1 张三', null) // the author: every grid of the notice
    expect(texts(h)).toEqual(['通知编号 1 已代确认 1 人，已确认 2/4'])
    h.say(c.worker, '#代确认 1', null)
    expect(texts(h)).toEqual(['用法：#代确认 <通知编号> @成员…（私聊可写姓名、房号或上门名单的序号，如 #代确认 2 1 3）'])
  })
})
