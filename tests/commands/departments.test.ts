import { describe, expect, it } from 'vitest'
import { applyRoster, rosterEntry } from '../../src/domain/roster.js'
import { statsText } from '../../src/text/stats.js'
import { createHarness, seedCommunity, type Person } from '../support/harness.js'

const DEPT = 'dept@chatroom'

/** seedCommunity plus the street's 城管中队 with its group and one handler. */
function setup() {
  const h = createHarness()
  const c = seedCommunity(h)
  const handler: Person = { id: 'd1', nickname: '张伟' }
  h.join(DEPT, [c.admin, handler], '幸福街道城管中队群')
  h.say(c.admin, '#绑定部门 城管中队 幸福街道', DEPT)
  const bound = h.take()[0]!.text
  h.say(c.admin, '#设置 部门', DEPT, { mentionIds: [handler.id] })
  h.take()
  return { h, ...c, handler, bound }
}

describe('departments: 社区点单、部门响应', () => {
  it('binds a department group and makes its handlers', () => {
    const s = setup()
    expect(s.bound).toBe('本群已成为城管中队（幸福街道）的部门群，将收到派给城管中队的案件和提醒\n请设置处理人：#设置 @成员 部门')
    expect(s.h.repos.directory.rolesOf(s.handler.id)).toMatchObject([{ role: 'department', scopeKind: 'department' }])
    s.h.say(s.admin, '#名单', DEPT)
    expect(s.h.take()[0]!.text).toContain('部门：张伟')
    s.h.say(s.admin, '#设置 部门', s.grid, { mentionIds: [s.zhang.id] })
    expect(s.h.take()[0]!.text).toBe('部门处理人请在部门群里设置（先在该群发 #绑定部门 <部门>）')
    s.h.say(s.admin, '#绑定部门 城管中队 阳光社区', DEPT)
    expect(s.h.take()[0]!.text).toBe('街道名称需以街道、镇或乡结尾，例如 #绑定部门 城管中队 幸福街道')
    // A handler who leaves the department's group is its handler no more.
    applyRoster(s.h.repos, DEPT, [rosterEntry(s.admin.id, s.admin.nickname)], s.h.clock.now())
    expect(s.h.repos.directory.rolesOf(s.handler.id)).toEqual([])
  })

  it('a dispatched case: the department responds and resolves, the community rates it, #统计 shows the department', () => {
    const s = setup()
    const { h } = s
    h.say(s.zhang, '#报事 小区门口路灯坏了，晚上很黑', s.grid) // 10:00
    h.take()
    h.clock.advance('5m')
    h.say(s.worker, '#退回 1 路灯归城管管', null)
    const returned = h.take().find((o) => o.conversationId === s.staffRoom)!
    expect(returned.text).toContain('或派单：#派单 1 <部门>（可派：城管中队）')
    h.clock.advance('5m') // 10:10
    h.say(s.staff, '#派单 1 城管 门口第三根灯杆', s.staffRoom)
    const out = h.take()
    expect(out.find((o) => o.conversationId === s.staffRoom)!.text).toBe('编号 1 已派单城管中队，现由城管中队承办')
    const toDept = out.find((o) => o.conversationId === DEPT)!
    expect(toDept.mentionIds).toEqual([s.handler.id])
    expect(toDept.text.split('\n')).toEqual([
      '【派单】编号 1｜阳光社区1号网格｜市政设施',
      '阳光社区王主任派单：门口第三根灯杆',
      '位置：小区门口',
      '内容：小区门口路灯坏了，晚上很黑',
      '受理请发 #受理 1；办结 #办结 1 <结果>；不属本部门 #退回 1 <原因>',
    ])
    expect(out.find((o) => o.conversationId === s.grid)!.text).toBe('编号 1 已转城管中队处理')
    h.say(s.staff, '#案件', s.staffRoom)
    expect(h.take()[0]!.text).toContain('编号 1｜阳光社区1号网格｜市政设施｜待受理｜承办：城管中队')

    // Nobody signs for it in 30 minutes: the department's group is reminded, the community told (催办).
    h.clock.advance('31m') // 10:41
    h.tick()
    const late = h.take()
    expect(late.find((o) => o.conversationId === DEPT)).toMatchObject({
      mentionIds: [s.handler.id],
      text: '【本级承办】1 件要处理：\n编号 1 签收已超期1分钟（已通知社区），请 #受理 1',
    })
    expect(late.find((o) => o.conversationId === s.staffRoom)!.text).toContain(
      '编号 1｜阳光社区1号网格｜市政设施｜签收超期1分钟｜承办：城管中队',
    )

    h.clock.advance('4m') // 10:45: 35 minutes after the dispatch
    h.say(s.handler, '#受理 1', DEPT)
    expect(h.take().map((o) => o.text)).toEqual(['编号 1 已受理', '编号 1 已受理，张伟正在处理'])
    h.clock.advance('145m') // 13:10
    h.say(s.handler, '#办结 1 已更换灯泡', null)
    const resolved = h.take()
    expect(resolved.find((o) => o.conversationId === s.staffRoom)).toMatchObject({
      mentionIds: [s.staff.id],
      text: '编号 1 城管中队已办结：已更换灯泡\n请评价部门响应：#评价 1 满意/基本满意/不满意 [意见]',
    })
    expect(resolved.find((o) => o.conversationId === s.grid)!.text).toMatch(/^编号 1 已办结：已更换灯泡\n请评价/)

    h.say(s.worker, '#评价 1 满意', null) // the grid did not dispatch it
    expect(h.take()[0]!.text).toBe('编号 1 不是部门办结的案件，只有报事人可以评价')
    h.say(s.staff, '#评价 1 基本满意 响应慢了点', s.staffRoom)
    expect(h.take()[0]!.text).toBe('编号 1 城管中队的响应评价：基本满意，已记录')
    h.say(s.staff, '#评价 1 满意', s.staffRoom)
    expect(h.take()[0]!.text).toBe('编号 1 已评价过城管中队')
    h.say(s.zhang, '满意', s.grid)
    expect(h.take()[0]!.text).toBe('编号 1 评价：满意，谢谢！')
    expect(h.repos.cases.get(1)).toMatchObject({ state: 'closed', level: 3, resolvedLevel: 1 })

    // By hand, at 19:00: one dispatch, responded 35 minutes after it, past its 30-minute sign-for → 响应率 0/1;
    // resolved → 解决率 1/1; the community's 基本满意 counts as satisfied → 1/1; the reporter's 满意 → 1/1.
    // The grid signed on time (its #退回 at 10:05 was within 30 minutes): 响应率 1/1. The case counts in the 721
    // split at the community, which dispatched it.
    h.clock.set(Date.parse('2026-11-23T19:00:00+08:00'))
    h.say(s.staff, '#统计 今日', s.staffRoom)
    expect(h.take()[0]!.text).toBe(
      [
        '统计（今日 11-23 00:00 至 11-23 19:00）',
        '阳光社区1号网格：新增 1｜办结 1（其中关闭 1）｜未办结 0（其中超期 0）',
        '响应率 100%（1/1） 解决率 100%（1/1） 满意率 100%（1/1）',
        '办结层级：网格 0｜社区 1｜街道 0（其中部门办结 1，计入派单的一级）',
        '部门（期间收到的派单）：',
        '城管中队：收到 1｜响应用时中位 35分钟｜响应率 0%（0/1）｜解决率 100%（1/1）｜社区满意率 100%（1/1）｜居民满意率 100%（1/1）',
        ...statsText.legend,
      ].join('\n'),
    )
    const timeline = h.repos.cases.timeline(1).map((e) => [e.kind, e.text])
    expect(timeline).toContainEqual(['returned', '李四退回社区：路灯归城管管'])
    expect(timeline).toContainEqual(['dispatched', '王主任派单城管中队：门口第三根灯杆'])
    expect(timeline).toContainEqual(['rated', '城管中队响应：基本满意：响应慢了点'])
  })

  it('refuses a dispatch nobody could take, and lists where it can go', () => {
    const s = setup()
    const { h } = s
    h.say(s.zhang, '#报事 小区门口路灯坏了', s.grid)
    h.take()
    h.say(s.worker, '#派单 1 城管中队', null)
    expect(h.take()[0]!.text).toBe('该命令仅限社区及以上使用')
    h.say(s.staff, '#派单 1 供电所', s.staffRoom)
    expect(h.take()[0]!.text).toBe('没有“供电所”部门，可派：城管中队')
    h.say(s.admin, '#绑定部门 供电所', 'power@chatroom') // a department of no street, its group later unbound
    h.say(s.admin, '#解绑', 'power@chatroom')
    h.take()
    h.say(s.staff, '#派单 1 供电所', s.staffRoom)
    expect(h.take()[0]!.text).toBe('供电所还没有部门群，请管理员在该部门的群里发 #绑定部门 供电所')
    h.say(s.staff, '#派单 1', s.staffRoom)
    expect(h.take()[0]!.text).toBe('用法：#派单 <编号> <部门> [说明]')
    expect(h.repos.cases.get(1)).toMatchObject({ level: 0, handOns: 0 })
    expect(h.repos.cases.timeline(1).map((e) => e.kind)).toEqual(['reported', 'assigned'])
  })
})
