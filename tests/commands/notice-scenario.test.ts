import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BOT_PERSON, createHarness, seedCommunity, type Harness, type Person } from '../support/harness.js'

const LINE = '- - - - - - - - - - - - - - -'

describe('a notice from broadcast to summary, through a restart', () => {
  it('chases exactly the members who have not acknowledged, twice, and reports the rest at the deadline', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gridbot-notice-')), 'bot.db')
    const h = createHarness({ file }) // Monday 2026-11-23 10:00 in Shanghai
    const c = seedCommunity(h)
    const leader: Person = { id: 'leader', nickname: '网格长 刘' }
    const more: Person[] = [
      { id: 'n1', nickname: '1-1-101 孙一' },
      { id: 'n2', nickname: '1-1-102 周二' },
      { id: 'n3', nickname: '3-2-503 钱七' },
      { id: 'n4', nickname: '2-1-201 吴四' },
      { id: 'n5', nickname: '2-1-202 郑五' },
      { id: 'n6', nickname: '2-2-301 冯六' },
      { id: 'n7', nickname: '4-1-101 陈七' },
      { id: 'n8', nickname: '4-1-102 褚八' },
      { id: 'n9', nickname: '5-1-101 卫九' },
      { id: 'n10', nickname: '5-1-102 蒋十' },
    ]
    h.join(c.grid, [BOT_PERSON, leader, ...more])
    h.say(c.admin, '#设置 网格长', c.grid, { mentionIds: [leader.id] })
    h.take()
    const residents = [c.zhang, c.li, ...more] // the 12 who must answer; admin, worker and leader are staff
    const byId = (id: string) => residents.find((p) => p.id === id)!

    h.say(leader, '#通知 今天下午6点前请到社区登记电动车，带好身份证', c.grid)
    const posted = h.take()
    expect(posted.map((o) => o.text)).toEqual([
      '通知编号 1 已发到1号网格\n需确认 12 人\n截止：11月23日 18:00\n查看回执：#回执 1',
      '【通知编号 1】\n今天下午6点前请到社区登记电动车，带好身份证\n截止：11月23日 18:00\n请回复"收到"确认（或引用本条回复）',
    ])
    expect(posted[0]!.mentionIds).toEqual([leader.id])

    // Seven acknowledge, each a different way; one says 没收到 (not an acknowledgement).
    h.clock.advance('5m')
    h.say(more[0]!, '收到', c.grid)
    h.say(more[1]!, '收到！谢谢', c.grid)
    h.say(more[2]!, '3-2-503收到', c.grid)
    h.say(more[3]!, `「小助手：${posted[1]!.text}」\n${LINE}\n好的`, c.grid)
    h.say(more[4]!, '1', c.grid)
    h.say(more[5]!, 'ok👌', c.grid)
    h.say(leader, '#代确认 1', c.grid, { mentionIds: [more[6]!.id], mentionNames: [more[6]!.nickname] })
    h.say(more[7]!, '没收到，在哪登记？', c.grid)
    expect(h.take().map((o) => o.text)).toEqual(['通知编号 1 已代确认 1 人，已确认 7/12'])
    expect(
      h.repos.notices
        .recipients(1)
        .filter((r) => r.ackedAt)
        .map((r) => [r.contactId, r.ackHow])
        .sort(),
    ).toEqual([
      ['n1', 'word'],
      ['n2', 'word'],
      ['n3', 'word'],
      ['n4', 'quote'],
      ['n5', 'word'],
      ['n6', 'word'],
      ['n7', 'proxy'],
    ])

    // Round 1 at +30 min: the five left, and nobody else.
    h.clock.advance('24m')
    h.tick()
    expect(h.take()).toEqual([])
    h.clock.advance('1m')
    h.tick()
    const round1At = h.clock.now()
    const round1 = h.take()
    expect(round1).toHaveLength(1)
    expect(round1[0]!.conversationId).toBe(c.grid)
    expect(round1[0]!.text).toBe('【通知编号 1】还没确认的请回复"收到"\n今天下午6点前请到社区登记电动车，带好身份证\n截止：11月23日 18:00')
    expect([...round1[0]!.mentionIds].sort()).toEqual(['n10', 'n8', 'n9', 'r1', 'r2'])

    // The bot restarts after round 1: nothing repeats.
    const stoppedAt = h.clock.now()
    h.db.close()
    const after: Harness = createHarness({ file })
    after.take()
    after.clock.set(stoppedAt + 5 * 60_000)
    after.tick()
    expect(after.take()).toEqual([])

    // Between rounds: one late 收到, one member leaves the group.
    after.clock.advance('1h')
    after.say(more[7]!, '收到', c.grid)
    after.repos.members.markLeft(c.grid, [more[8]!.id], after.clock.now())
    after.tick()
    expect(after.take()).toEqual([])

    // Round 2 at 80% of the way to 18:00 (16:24): three left.
    after.clock.set(Date.parse('2026-11-23T16:23:00+08:00'))
    after.tick()
    expect(after.take()).toEqual([])
    after.clock.advance('1m')
    after.tick()
    const round2At = after.clock.now()
    const round2 = after.take()
    expect(round2).toHaveLength(1)
    expect([...round2[0]!.mentionIds].sort()).toEqual(['n10', 'r1', 'r2'])
    // Nobody is ever @-ed after acknowledging.
    for (const [round, at] of [
      [round1, round1At],
      [round2, round2At],
    ] as const) {
      const ackedBefore = after.repos.notices
        .recipients(1)
        .filter((r) => r.ackedAt !== null && r.ackedAt <= at)
        .map((r) => r.contactId)
      expect(round[0]!.mentionIds.filter((id) => ackedBefore.includes(id))).toEqual([])
    }
    after.clock.advance('10m')
    after.tick()
    expect(after.take()).toEqual([]) // at most two automatic rounds

    // The deadline: the leader gets the summary privately, the worker the list for door-knocking.
    after.clock.set(Date.parse('2026-11-23T18:00:00+08:00'))
    after.tick()
    const summary = after.take()
    const pendingNames = ['n10', 'r1', 'r2'].map((id) => byId(id).nickname).sort()
    expect(summary.find((o) => o.conversationId === leader.id)!.text).toBe(
      ['【回执汇总】通知编号 1 已确认 8/11', '截止 11月23日 18:00，已结束', '未确认 3 人：', pendingNames.join('、')].join('\n'),
    )
    expect(summary.find((o) => o.conversationId === c.worker.id)!.text).toBe(
      [
        '通知编号 1 1号网格 未确认 3 人，请上门或电话告知：',
        ...pendingNames.map((n, i) => `${i + 1}. ${n}`),
        '告知后发 #代确认 1 加序号，如 #代确认 1 1 2（也可写姓名或房号）',
      ].join('\n'),
    )
    expect(summary).toHaveLength(2)
    after.tick()
    expect(after.take()).toEqual([])

    // A late acknowledgement after the summary still counts.
    after.clock.advance('1h')
    after.say(byId('n10'), '收到，刚看到', c.grid)
    after.say(leader, '#回执', c.grid)
    expect(after.take().map((o) => o.text)).toEqual([
      ['通知编号 1 已确认 9/11', '截止 11月23日 18:00，已结束', '未确认 2 人：', [c.zhang.nickname, c.li.nickname].sort().join('、')].join(
        '\n',
      ),
    ])
  })
})
