import { describe, expect, it } from 'vitest'
import { createHarness, seedCommunity } from '../support/harness.js'

function setup() {
  const h = createHarness()
  return { h, ...seedCommunity(h) }
}

describe('resident commands', () => {
  it('asks once about a problem without a trigger, and files it on 是 within 10 minutes', () => {
    const { h, zhang, grid } = setup()
    h.say(zhang, '3号楼门口垃圾两天没人清理', grid)
    const [ask] = h.take()
    expect(ask).toMatchObject({ conversationId: grid, text: '要登记为报事吗？回复"是"登记', mentionIds: [zhang.id] })
    h.clock.advance('9m')
    h.say(zhang, '是', grid)
    const reply = h.take().find((o) => o.conversationId === grid)!
    expect(reply.text).toMatch(/^编号 \d+ 已登记/)
    expect(h.repos.cases.byReporter(zhang.id, 5)[0]).toMatchObject({ category: 'hygiene', text: '3号楼门口垃圾两天没人清理' })
  })

  it.each(['好的', '好', '嗯', '对', '是的！'])('files the report on %s after the question too', (word) => {
    const { h, zhang, grid } = setup()
    h.say(zhang, '3号楼门口垃圾两天没人清理', grid)
    h.take()
    h.say(zhang, word, grid)
    expect(h.take().find((o) => o.conversationId === grid)!.text).toMatch(/^编号 1 已登记/)
    expect(h.repos.cases.get(1)).toMatchObject({ text: '3号楼门口垃圾两天没人清理' })
  })

  it('takes a 好的 right after the question as its answer even when a notice is owed; the next 收到 answers the notice', () => {
    const { h, zhang, worker, grid } = setup()
    h.say(worker, '#通知 明早9点停水，请大家提前储水', grid)
    h.say(zhang, '3号楼门口垃圾两天没人清理', grid)
    h.take()
    h.say(zhang, '好的', grid)
    expect(h.take().find((o) => o.conversationId === grid)!.text).toMatch(/^编号 1 已登记/)
    expect(h.repos.notices.recipient(1, zhang.id)!.ackedAt).toBeNull()
    h.say(zhang, '收到', grid)
    expect(h.repos.notices.recipient(1, zhang.id)!.ackedAt).not.toBeNull()
  })

  it('does not file a 是 that comes after 10 minutes, nor chit-chat', () => {
    const { h, zhang, li, grid } = setup()
    h.say(zhang, '3号楼门口垃圾两天没人清理', grid)
    h.take()
    h.clock.advance('11m')
    h.say(zhang, '是', grid)
    for (const t of ['收到', '谢谢网格员', '今天天气不错', '是']) h.say(li, t, grid)
    expect(h.take()).toEqual([])
    expect(h.repos.cases.byReporter(zhang.id, 5)).toEqual([])
  })

  it('accepts every report trigger: aliases, 报事：, 【报事】, full-width ＃ and @bot', () => {
    const { h, zhang, grid } = setup()
    const forms = [
      '#报修 楼道灯不亮',
      '＃报事 楼道灯不亮',
      '/report 楼道灯不亮',
      '报事：楼道灯不亮',
      '【报事】楼道灯不亮',
      '@小助手 楼道灯不亮',
      '#投诉楼道灯不亮',
    ]
    for (const f of forms) h.say(zhang, f, grid)
    const replies = h.take().filter((o) => o.conversationId === grid)
    expect(replies.map((r) => /^编号 (\d+)/.exec(r.text)?.[1])).toEqual(['1', '2', '3', '4', '5', '6', '7'])
  })

  it('fills the location from the reporter nickname when the report names only a room of the home', () => {
    const { h, zhang, grid } = setup()
    h.say(zhang, '#报事 楼上卫生间漏水到我家', grid)
    expect(h.repos.cases.get(1)).toMatchObject({
      locationFromNickname: true,
      location: { building: '3', unit: '2', room: '502', spot: '卫生间' },
    })
  })

  it("#补充, #我的, #查询 and #撤销 work on one's own case only", () => {
    const { h, zhang, li, grid, worker } = setup()
    h.say(zhang, '#报事 5号楼电梯坏了', grid)
    h.take()
    h.say(zhang, '#补充 1 已经停了两天', grid)
    const add = h.take()
    expect(add.map((o) => o.text)).toEqual(['编号 1 已补充', '编号 1 3-2-502 张三补充：已经停了两天'])
    expect(add[1]!.conversationId).toBe(worker.id)
    h.say(li, '#补充 1 我也看到了', grid)
    expect(h.take()[0]!.text).toBe('没有编号 1 的案件') // the same line as for a case that does not exist
    h.say(zhang, '#我的', grid)
    expect(h.take()[0]!.text).toMatch(/编号 1｜房屋维修｜待受理/)
    h.say(zhang, '#查询 1', null)
    const detail = h.take()[0]!
    expect(detail.isRoom).toBe(false)
    expect(detail.text).toContain('补充：已经停了两天')
    h.say(zhang, '#查询 1', grid)
    expect(h.take()[0]!.text).toContain('详情请私聊我')
    h.say(zhang, '#撤销 1 已经修好了', grid)
    expect(h.take()[0]!.text).toBe('编号 1 已撤销')
    expect(h.repos.cases.get(1)!.state).toBe('cancelled')
    h.say(zhang, '#补充 1 再说一句', grid)
    expect(h.take()[0]!.text).toBe('编号 1 已撤销，不能再补充或撤销')
  })

  it('answers bad input with one line and changes nothing', () => {
    const { h, zhang, grid } = setup()
    const cases: [string, RegExp | null][] = [
      ['#补充', /^用法：#补充 <编号> <内容>$/],
      ['#补充 abc 内容', /^用法：/],
      ['#查询 99999', /^没有编号 99999 的案件$/],
      ['#撤销', /^用法：#撤销/],
      ['#报事', /^用法：#报事 <描述>$/],
      [`#报事 ${'漏'.repeat(600)}`, /^内容太长了/],
      [`#报事 ${'x'.repeat(100_000)}`, /^内容太长了/],
      ['#绑定网格 x', /^该命令仅限管理员使用$/],
      ['#不存在的命令', /^没有“不存在的命令”这个命令/],
      ["'; DROP TABLE cases; --", null],
      ['😀😀😀😀😀', null],
      ['\u0000\u0001\u0002\ufffd\ud83d', null],
      ['x'.repeat(100_000), null],
    ]
    for (const [text, expected] of cases) {
      const outcome = h.say(zhang, text, grid)
      expect(outcome.status).toBe('handled')
      const out = h.take()
      if (expected) {
        expect(out).toHaveLength(1)
        expect(out[0]!.text).toMatch(expected)
      } else {
        expect(out).toEqual([])
      }
    }
    expect(h.repos.cases.byReporter(zhang.id, 5)).toEqual([])
  })

  it('echoes an unknown command masked before it is cut, so no phone or ID number reaches the group', () => {
    const { h, zhang, grid } = setup()
    const cases: [string, string][] = [
      ['#电话13812345678', '没有“电话138****567”这个命令'],
      ['#电话138-1234-5678', '没有“电话138****567”这个命令'],
      ['#座机01012345678', '没有“座机010-****56”这个命令'],
      ['#身份证110101199003071234', '没有“身份证110******”这个命令'],
    ]
    for (const [text, echo] of cases) {
      h.say(zhang, text, grid)
      const [reply] = h.take()
      expect(reply!.conversationId).toBe(grid)
      expect(reply!.text.slice(0, echo.length)).toBe(echo)
      expect(reply!.text).not.toMatch(/\d{5,}/)
    }
  })

  it('handles a redelivered message id once', () => {
    const { h, zhang, grid } = setup()
    const first = h.say(zhang, '#报事 楼道灯不亮', grid, { id: 'same' })
    const again = h.say(zhang, '#报事 楼道灯不亮', grid, { id: 'same' })
    expect([first.status, again.status]).toEqual(['handled', 'duplicate'])
    expect(h.repos.cases.byReporter(zhang.id, 5)).toHaveLength(1)
  })

  it("ignores the bot's own messages", () => {
    const { h, grid } = setup()
    expect(h.say({ id: 'bot', nickname: '小助手' }, '#报事 楼道灯不亮', grid, { self: true }).status).toBe('self')
    expect(h.take()).toEqual([])
  })

  it('attaches images sent within 10 minutes, before or after the report', () => {
    const { h, zhang, grid } = setup()
    h.say(zhang, '', grid, { kind: 'image', id: 'img-before' })
    h.clock.advance('2m')
    h.say(zhang, '#报事 楼道墙皮脱落', grid)
    expect(h.take()[0]!.text).toContain('已附照片 1 张')
    h.clock.advance('5m')
    const after = h.say(zhang, '', grid, { kind: 'image', id: 'img-after' })
    expect(after.fetchAttachments).toHaveLength(1)
    h.clock.advance('11m')
    expect(h.say(zhang, '', grid, { kind: 'image', id: 'img-late' }).fetchAttachments).toEqual([])
    expect(
      h.repos.cases
        .attachmentsOf(1)
        .map((a) => a.messageId)
        .sort(),
    ).toEqual(['img-after', 'img-before'])
  })

  it('tells community staff at once about an urgent safety report, @-mentioning them in the staff group', () => {
    const { h, zhang, grid, staffRoom, staff } = setup()
    h.say(zhang, '#报事 12号楼楼道里有人给电动车充电', grid)
    const out = h.take()
    expect(out.find((o) => o.conversationId === grid)!.text).toContain('已同时通知社区')
    const toStaff = out.find((o) => o.conversationId === staffRoom)!
    expect(toStaff).toMatchObject({ priority: 'urgent', mentionIds: [staff.id] })
    expect(toStaff.text).toMatch(/^【紧急】编号 1/)
  })

  it('routes to community staff when the grid has no worker', () => {
    const h = createHarness()
    const c = seedCommunity(h)
    h.repos.directory.clearRole(c.worker.id, 'grid', 1)
    h.say(c.zhang, '#报事 5号楼电梯坏了', c.grid)
    const out = h.take()
    expect(out[0]!.text).toContain('已转社区王主任处理')
    expect(h.repos.cases.get(1)!.assigneeId).toBe(c.staff.id)
  })

  it('masks phone numbers in group messages', () => {
    const { h, zhang, grid, staffRoom } = setup()
    h.say(zhang, '#报事 燃气味很大 联系我13812345678', grid)
    const toStaff = h.take().find((o) => o.conversationId === staffRoom)!
    expect(toStaff.text).toContain('138****5678')
    expect(toStaff.text).not.toContain('13812345678')
  })

  it("#帮助 lists the commands of the sender's role", () => {
    const { h, zhang, admin, grid } = setup()
    h.say(zhang, '#帮助', grid)
    const resident = h.take()[0]!.text
    expect(resident).toContain('#报事 <描述>')
    expect(resident).not.toContain('#绑定网格')
    h.say(admin, 'help', grid, { mentionIds: ['bot'] })
    h.say(admin, '@小助手 帮助', grid)
    const adminHelp = h.take()
    for (const part of adminHelp) expect(part.text.length).toBeLessThan(500)
    const all = adminHelp.map((o) => o.text).join('\n')
    expect(all.split('你的身份：管理员')).toHaveLength(3) // both forms answered
    expect(all).toContain('#绑定网格')
    expect(all).toContain('#受理 <编号>')
  })
})

describe('admin commands', () => {
  it('recognises a GRIDBOT_ADMINS entry by WeChat id only: a nickname or WeChat name that matches grants nothing', () => {
    const admin = createHarness({ admins: ['wx_zhou'] })
    admin.join('g@chatroom', [{ id: 'wx_zhou', nickname: '3-1-101 周' }])
    admin.say({ id: 'wx_zhou', nickname: '3-1-101 周' }, '#绑定网格 阳光社区 1号网格', 'g@chatroom')
    expect(admin.take()[0]!.text).toMatch(/^已绑定/)
    // Someone renamed to the admin's id, or to the admin's nickname: a resident.
    for (const impostor of [{ nickname: 'wx_zhou' }, { nickname: '3-1-101 周' }]) {
      const h = createHarness({ admins: ['wx_zhou'] })
      h.join('g@chatroom', [{ id: 'wx_fake', nickname: impostor.nickname }])
      h.say({ id: 'wx_fake', nickname: impostor.nickname }, '#绑定网格 阳光社区 1号网格', 'g@chatroom')
      expect(h.take()[0]!.text).toBe('该命令仅限管理员使用')
      h.say({ id: 'wx_fake', nickname: impostor.nickname }, '#设置 管理员', 'g@chatroom', { mentionIds: ['wx_fake'] })
      expect(h.take()[0]!.text).toBe('该命令仅限管理员使用')
      expect(h.repos.directory.rolesOf('wx_fake')).toEqual([])
    }
  })

  it('binds, lists roles, and unbinds', () => {
    const { h, admin, grid } = setup()
    h.say(admin, '#名单', grid)
    expect(h.take()[0]!.text).toMatch(/^阳光社区1号网格名单：\n管理员：管理员老周\n网格员：网格员 李四\n居民 2 人$/)
    h.say(admin, '#解绑', grid)
    expect(h.take()[0]!.text).toBe('本群已解绑，不再作为网格群或工作群')
    expect(h.repos.directory.group(grid)!.kind).toBeNull()
  })

  it('#设置 居民 takes a role away, in a grid group or a staff group', () => {
    const { h, admin, grid, staffRoom, worker, staff } = setup()
    h.say(admin, '#设置 居民', staffRoom, { mentionIds: [staff.id] })
    h.say(admin, '#设置 居民', grid, { mentionIds: [worker.id] })
    expect(h.take().map((o) => o.text)).toEqual(['已将 社区 王主任 设为居民', '已将 网格员 李四 设为居民'])
    expect(h.repos.directory.rolesOf(staff.id)).toEqual([])
    expect(h.repos.directory.rolesOf(worker.id)).toEqual([])
  })

  it('refuses a staff group name that is neither a community nor a street', () => {
    const { h, admin, staffRoom } = setup()
    h.say(admin, '#绑定工作群 物业公司', staffRoom)
    expect(h.take()[0]!.text).toMatch(/^名称需以社区/)
  })
})

describe('group commit', () => {
  it('handles a batch in one transaction where a failing message rolls back alone and gets one line', async () => {
    const { coreHost } = await import('../support/core.js')
    const { defineCommand } = await import('../../src/commands/types.js')
    const h = createHarness()
    const c = seedCommunity(h)
    const boom = defineCommand({
      text: { words: { name: '爆炸测试', aliases: [] }, summary: '' },
      role: 'resident',
      run: ({ deps, msg: m, now }) => {
        deps.repos.cases.create({
          gridId: 1,
          communityId: 1,
          streetId: 1,
          signForDueAt: now,
          respondDueAt: now,
          resolveDueAt: now,
          nextDueAt: now,
          nextRuleAt: null,
          roomId: m.roomId!,
          reporterId: m.senderId,
          reporterName: 'x',
          text: 'half-done',
          category: 'other',
          urgency: 'normal',
          location: {},
          locationFromNickname: false,
          assigneeId: null,
          assigneeName: null,
          sourceMessageId: m.id,
          createdAt: now,
        })
        throw new Error('disk on fire')
      },
    })
    const host = coreHost()
    host.command(boom)
    const handler = host.handler(h.deps)
    const base = { roomId: c.grid, senderId: c.zhang.id, senderName: c.zhang.nickname, kind: 'text' as const, mentionIds: [], self: false }
    const outcomes = handler.handleBatch([
      { ...base, id: 'b1', text: '#报事 楼道灯不亮' },
      { ...base, id: 'b2', text: '#爆炸测试' },
      { ...base, id: 'b3', text: '#报事 电梯坏了' },
    ])
    expect(outcomes.map((o) => o.status)).toEqual(['handled', 'error', 'handled'])
    expect(h.repos.cases.byReporter(c.zhang.id, 10).map((x) => x.text)).toEqual(['电梯坏了', '楼道灯不亮'])
    expect(
      h
        .take()
        .filter((o) => o.conversationId === c.grid)
        .map((o) => o.text.split('\n')[0]),
    ).toEqual(['编号 1 已登记', '系统繁忙，刚才的消息没有处理成功，请稍后再发一次', '编号 2 已登记'])
    expect(handler.handle({ ...base, id: 'b2', text: '#爆炸测试' }).status).toBe('duplicate')
  })
})

describe('urgent reports without a staff group', () => {
  it('does not claim the community was told when no staff group is bound', () => {
    const h = createHarness()
    const c = seedCommunity(h)
    h.say(c.admin, '#解绑', c.staffRoom)
    h.take()
    h.say(c.zhang, '#报事 楼道里有人给电动车充电', c.grid)
    const out = h.take()
    expect(out[0]!.text).not.toContain('已同时通知社区')
    expect(out.some((o) => o.conversationId === c.staffRoom)).toBe(false)
    expect(out.find((o) => o.conversationId === c.worker.id)!.text).toMatch(/^【紧急】新案件 编号 1/)
  })
})
