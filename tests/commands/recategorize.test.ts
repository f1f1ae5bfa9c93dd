import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createHarness, seedCommunity, type Harness } from '../support/harness.js'

const T0 = Date.parse('2026-11-23T02:00:00Z') // the harness's clock: Monday 10:00 in Shanghai
const MIN = 60_000
const H = 60 * MIN
const LINE = '- - - - - - - - - - - - - - -'
const quote = (name: string, quoted: string, reply: string) => `「${name}：${quoted}」\n${LINE}\n${reply}`

/** Filed as 其他 (normal): sign for in 30 min, respond in 2 h, resolve in 72 h. */
const LOOSE_BOARD = '#报事 外卖小哥在小区里骑得飞快'

/** The corrections table as stored, every column. */
const correctionRows = (h: Harness) => h.db.sqlite.prepare('select * from corrections order by id').all()

/** What a refusal may not change: the case, its timeline, the corrections. */
function snapshot(h: Harness, id: number) {
  return { c: h.repos.cases.get(id), events: h.repos.cases.timeline(id).length, corrections: correctionRows(h) }
}

describe('#改类 <编号> <类别>', () => {
  it('from 其他 to 安全隐患: urgent, the clocks timed from the filing, community staff alerted at once, an event and a correction', () => {
    const h = createHarness()
    const c = seedCommunity(h)
    h.say(c.zhang, LOOSE_BOARD, c.grid)
    expect(h.repos.cases.get(1)).toMatchObject({ category: 'other', urgency: 'normal', resolveDueAt: T0 + 72 * H })
    expect(h.take().some((o) => o.conversationId === c.staffRoom)).toBe(false)

    h.clock.advance('2m')
    h.say(c.worker, '#改类 1 安全隐患', null)
    const out = h.take()
    const reply = out.find((o) => o.conversationId === c.worker.id)!
    expect(reply.text).toBe('编号 1 已改为安全隐患（紧急），办结时限 11-23 14:00\n已同时通知社区')
    expect(h.repos.cases.get(1)).toMatchObject({
      category: 'safety',
      urgency: 'urgent',
      state: 'new',
      signForDueAt: T0 + 5 * MIN,
      respondDueAt: T0 + 30 * MIN,
      resolveDueAt: T0 + 4 * H,
      nextDueAt: T0 + 5 * MIN,
      nextRuleAt: T0 + 4 * MIN, // the sign-for warning at 80% of 5 minutes
    })
    const alert = out.filter((o) => o.conversationId === c.staffRoom)
    expect(alert).toHaveLength(1)
    expect(alert[0]).toMatchObject({ priority: 'urgent', mentionIds: [c.staff.id] })
    expect(alert[0]!.text).toBe(
      ['【紧急】编号 1｜阳光社区1号网格｜安全隐患', '位置：小区', '内容：外卖小哥在小区里骑得飞快', '已转网格员李四'].join('\n'),
    )
    expect(out).toHaveLength(2) // the worker changed their own case: no separate notice to them
    expect(h.repos.cases.timeline(1).at(-1)).toEqual({
      at: T0 + 2 * MIN,
      actorId: c.worker.id,
      actorName: c.worker.nickname,
      kind: 'recategorized',
      text: '其他→安全隐患',
    })
    expect(correctionRows(h)).toEqual([
      {
        id: 1,
        case_id: 1,
        text: '外卖小哥在小区里骑得飞快',
        from_category: 'other',
        to_category: 'safety',
        actor_id: c.worker.id,
        actor_name: c.worker.nickname,
        source: 'staff',
        created_at: T0 + 2 * MIN,
      },
    ])
    expect(h.repos.corrections.all()).toEqual([{ text: '外卖小哥在小区里骑得飞快', category: 'safety', at: T0 + 2 * MIN }])

    // The urgent-alert rule knows the alert went out; the ladder runs on the new clocks.
    h.tick()
    expect(h.take()).toEqual([])
    h.clock.advance('2m')
    h.tick()
    expect(h.take().map((o) => o.text.split('\n')[0])).toEqual(['提醒：编号 1 签收时限还剩1分钟'])
    h.say(c.worker, '#查询 1', null)
    expect(h.take()[0]!.text).toContain('改类：其他→安全隐患')
  })

  it('away from safety: normal unless the text has an urgent cue; a met clock keeps its deadline; the handler is told', () => {
    const h = createHarness()
    const c = seedCommunity(h)
    h.say(c.zhang, '#报事 5栋楼道里有人给电动车充电', c.grid)
    h.say(c.li, '#报事 楼道电线冒烟了，紧急', c.grid)
    expect(h.repos.cases.get(1)).toMatchObject({ category: 'safety', urgency: 'urgent' })
    expect(h.repos.cases.get(2)).toMatchObject({ category: 'safety', urgency: 'urgent' })
    h.clock.advance('3m')
    h.say(c.worker, '#受理 1', null)
    h.take()

    h.say(c.staff, '#改类 1 纠纷', c.staffRoom)
    const out = h.take()
    expect(out.find((o) => o.conversationId === c.staffRoom)!.text).toBe('编号 1 已改为邻里纠纷，办结时限 11-26 10:00')
    expect(out.find((o) => o.conversationId === c.worker.id)).toMatchObject({
      text: '编号 1 类别已由王主任从安全隐患改为邻里纠纷，办结时限 11-26 10:00',
      priority: 'push',
    })
    expect(h.repos.cases.get(1)).toMatchObject({
      category: 'dispute',
      urgency: 'normal',
      acceptedAt: T0 + 3 * MIN,
      signForDueAt: T0 + 5 * MIN, // met: stays as it was
      respondDueAt: T0 + 2 * H,
      resolveDueAt: T0 + 72 * H,
      nextDueAt: T0 + 2 * H,
    })

    h.say(c.worker, '#改类 2 维修', null) // 紧急 in the text: still urgent
    expect(h.take()[0]!.text).toBe('编号 2 已改为房屋维修（紧急），办结时限 11-23 14:00')
    expect(h.repos.cases.get(2)).toMatchObject({ category: 'repair', urgency: 'urgent', resolveDueAt: T0 + 4 * H })
    expect(h.repos.corrections.all().map((r) => r.category)).toEqual(['dispute', 'repair'])
  })

  it('refuses a bad category, the same category, a resident, a closed or a cancelled case: one line each, nothing stored', () => {
    const h = createHarness()
    const c = seedCommunity(h)
    h.say(c.zhang, LOOSE_BOARD, c.grid)
    h.say(c.zhang, '#报事 小区里有人推销保健品', c.grid)
    h.say(c.zhang, '#报事 小区门口的宣传栏玻璃没了', c.grid)
    h.say(c.worker, '#办结 2 已扶正', null)
    h.say(c.zhang, '#评价 2 满意', c.grid)
    h.say(c.zhang, '#撤销 3', c.grid)
    expect(h.repos.cases.get(2)!.state).toBe('closed')
    expect(h.repos.cases.get(3)!.state).toBe('cancelled')
    h.take()

    const cases: [string, typeof c.worker, string][] = [
      ['#改类 1 物业', c.worker, '没有这个类别，可选：环境卫生、房屋维修、邻里纠纷、公共服务、市政设施、安全隐患、其他'],
      ['#改类 1', c.worker, '用法：#改类 <编号> <类别>'],
      ['#改类 1 其他', c.worker, '编号 1 已是其他，不用改'],
      ['#改类 1 安全隐患', c.zhang, '该命令仅限网格员及以上使用'],
      ['#改类 2 维修', c.worker, '编号 2 已关闭，不能再改类'],
      ['#改类 3 安全', c.worker, '编号 3 已撤销，不能再改类'],
      ['#改类 99 安全', c.worker, '没有编号 99 的案件'],
    ]
    for (const [text, who, line] of cases) {
      const before = [1, 2, 3].map((n) => snapshot(h, n))
      h.say(who, text, null)
      const out = h.take()
      expect(out.map((o) => o.text)).toEqual([line])
      expect([1, 2, 3].map((n) => snapshot(h, n))).toEqual(before)
    }
    expect(correctionRows(h)).toEqual([])
  })

  it('keeps the correction and the alert claim across a restart', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gridbot-recat-')), 'bot.db')
    const before = createHarness({ file })
    const c = seedCommunity(before)
    before.say(c.zhang, LOOSE_BOARD, c.grid)
    before.say(c.worker, '#改类 1 安全', null)
    const stoppedAt = before.clock.now()
    before.db.close()

    const after = createHarness({ file })
    after.take()
    after.clock.set(stoppedAt + MIN)
    expect(after.repos.corrections.all()).toEqual([{ text: '外卖小哥在小区里骑得飞快', category: 'safety', at: stoppedAt }])
    expect(after.repos.cases.get(1)).toMatchObject({ category: 'safety', urgency: 'urgent' })
    after.tick()
    expect(after.take()).toEqual([]) // the community was told before the restart: not again
    after.db.close()
  })
})

describe("the reporter's own correction", () => {
  it('by a plain message within 10 minutes: the same effect, the reporter as actor, the handler told', () => {
    const h = createHarness()
    const c = seedCommunity(h)
    h.say(c.zhang, LOOSE_BOARD, c.grid)
    h.take()
    h.clock.advance('3m')
    h.say(c.zhang, '类别不对，是安全隐患', c.grid)
    const out = h.take()
    expect(out.find((o) => o.conversationId === c.grid)).toMatchObject({
      text: '编号 1 已改为安全隐患（紧急），办结时限 11-23 14:00\n已同时通知社区',
      mentionIds: [c.zhang.id],
    })
    expect(out.find((o) => o.conversationId === c.worker.id)).toMatchObject({
      text: '编号 1 类别已由张三从其他改为安全隐患（紧急），办结时限 11-23 14:00',
      priority: 'urgent',
    })
    expect(out.find((o) => o.conversationId === c.staffRoom)!.text).toMatch(/^【紧急】编号 1｜阳光社区1号网格｜安全隐患/)
    expect(h.repos.cases.get(1)).toMatchObject({ category: 'safety', urgency: 'urgent', resolveDueAt: T0 + 4 * H })
    expect(h.repos.cases.timeline(1).at(-1)).toMatchObject({ kind: 'recategorized', actorId: c.zhang.id, text: '其他→安全隐患' })
    expect(correctionRows(h)).toMatchObject([{ case_id: 1, source: 'reporter', actor_id: c.zhang.id, actor_name: c.zhang.nickname }])
  })

  it('by a quote of the confirmation: the case quoted, even when a newer one was filed', () => {
    const h = createHarness()
    const c = seedCommunity(h)
    h.say(c.zhang, LOOSE_BOARD, c.grid)
    const confirmation = h.take().find((o) => o.conversationId === c.grid)!.text
    h.say(c.zhang, '#报事 小区里有人推销保健品', c.grid)
    h.take()
    h.clock.advance('5m')
    h.say(c.zhang, quote('小助手', confirmation, '不是其他 是市政设施'), c.grid)
    expect(h.take().map((o) => o.text)).toContain('编号 1 已改为市政设施，办结时限 11-28 10:00')
    expect(h.repos.cases.get(1)).toMatchObject({ category: 'facility', resolveDueAt: T0 + 5 * 24 * H })
    expect(h.repos.cases.get(2)!.category).toBe('other')
    expect(h.repos.corrections.all()).toEqual([{ text: '外卖小哥在小区里骑得飞快', category: 'facility', at: T0 + 5 * MIN }])
  })

  it('in private chat, for a case reported privately', () => {
    const h = createHarness()
    const c = seedCommunity(h)
    h.say(c.zhang, LOOSE_BOARD.replace('#报事 ', '#报事 我家'), null)
    h.take()
    h.say(c.zhang, '应该是房屋维修', null)
    expect(h.take().find((o) => o.conversationId === c.zhang.id)!.text).toBe('编号 1 已改为房屋维修，办结时限 11-25 10:00')
    expect(h.repos.cases.get(1)!.category).toBe('repair')
  })

  it('changes nothing after 10 minutes, for someone else, or for a message that only names a category', () => {
    const h = createHarness()
    const c = seedCommunity(h)
    h.say(c.zhang, LOOSE_BOARD, c.grid)
    h.take()
    const unchanged = () => {
      expect(h.repos.cases.get(1)).toMatchObject({ category: 'other', urgency: 'normal', resolveDueAt: T0 + 72 * H })
      expect(h.repos.cases.timeline(1).some((e) => e.kind === 'recategorized')).toBe(false)
      expect(correctionRows(h)).toEqual([])
    }
    h.clock.advance('2m')
    h.say(c.li, '类别不对，是安全隐患', c.grid) // not Li's case
    expect(h.take().some((o) => o.text.includes('已改为'))).toBe(false)
    unchanged()
    h.say(c.zhang, '这是安全隐患', c.grid) // no correction cue
    expect(h.take().some((o) => o.text.includes('已改为'))).toBe(false)
    unchanged()
    h.say(c.zhang, '类别不对，是安全隐患', null) // another chat: the case was filed in the group
    expect(h.take().some((o) => o.text.includes('已改为'))).toBe(false)
    unchanged()
    h.clock.advance('9m') // 11 minutes after filing
    h.say(c.zhang, '类别不对，是安全隐患', c.grid)
    expect(h.take().some((o) => o.text.includes('已改为'))).toBe(false)
    unchanged()
  })
})
