import { describe, expect, it } from 'vitest'
import { statsText } from '../../src/text/stats.js'
import { createHarness, seedCommunity } from '../support/harness.js'

describe('a case from report to 回访, with a reopening, and the rates it implies', () => {
  it('walks the closed loop and #统计 shows the numbers worked out by hand', () => {
    const h = createHarness()
    const c = seedCommunity(h)
    const toReporter = () =>
      h
        .take()
        .filter((o) => o.conversationId === c.grid && o.mentionIds.includes(c.zhang.id))
        .map((o) => o.text)

    h.say(c.zhang, '#报事 5号楼电梯坏了', c.grid) // 10:00, repair: sign for in 30 min, respond in 2 h, resolve in 48 h
    h.say(c.li, '#报事 小区门口垃圾没人清理', c.grid) // nobody signs for this one
    expect(h.repos.cases.get(1)).toMatchObject({ state: 'new', assigneeId: c.worker.id })
    h.take()

    h.clock.advance('10m')
    h.say(c.worker, '#受理 1', null)
    expect(toReporter()).toEqual(['编号 1 已受理，李四正在处理'])
    h.clock.advance('50m')
    h.say(c.worker, '#进展 1 已联系电梯公司', null)
    expect(toReporter()).toEqual(['编号 1 有进展：已联系电梯公司'])
    h.clock.advance('2h')
    h.say(c.worker, '#进展 1 配件到了', null)
    expect(toReporter()).toEqual([]) // only the first progress is the response
    h.clock.advance('2h')
    h.say(c.worker, '#办结 1 已更换门机', null)
    expect(toReporter()[0]).toMatch(/^编号 1 已办结：已更换门机\n请评价/)

    h.clock.advance('1h')
    h.say(c.zhang, '不满意', c.grid) // a plain reply rates the case just resolved
    const afterRating = h.take()
    expect(afterRating.find((o) => o.conversationId === c.grid)!.text).toBe('编号 1 已收到“不满意”，已重新交办，会尽快处理')
    expect(afterRating.find((o) => o.conversationId === c.worker.id)!.text).toContain('编号 1｜阳光社区1号网格 报事人不满意，已重开')
    expect(afterRating.find((o) => o.conversationId === c.staffRoom)!.mentionIds).toEqual([c.staff.id])
    expect(h.repos.cases.get(1)).toMatchObject({ state: 'in_progress', reopenCount: 1, rating: 'unsatisfied' })

    h.clock.advance('2h')
    h.say(c.worker, '#办结 1 再次调试，运行正常', null)
    expect(toReporter()[0]).toMatch(/^编号 1 已办结：再次调试，运行正常/)
    h.clock.advance('1h')
    h.say(c.zhang, '#评价 1 满意 谢谢网格员', c.grid)
    expect(h.take()[0]!.text).toBe('编号 1 评价：满意，谢谢！')
    expect(h.repos.cases.get(1)).toMatchObject({ state: 'closed', rating: 'satisfied', ratingScore: 5, resolvedLevel: 0 })
    expect(h.repos.cases.timeline(1).map((e) => e.kind)).toEqual([
      'reported',
      'assigned',
      'accepted',
      'progress',
      'progress',
      'resolved',
      'rated',
      'resolved',
      'rated',
    ])

    // At 19:00 (+9 h). By hand: 2 new today; case 2 open and past its 30-minute sign-for deadline;
    // case 1 resolved and closed. 响应率: case 1 signed on time, case 2 missed its deadline → 1/2.
    // 解决率: case 1 is resolved; case 2's 24-hour clock has not run out → 1/1. 满意率: one rating, 满意 → 1/1.
    // Level: case 1 was solved in the grid.
    // 办结 1 of which 关闭 1, 未办结 1 of which 超期 1: they add up to 新增 2. A community of one grid is one block.
    h.say(c.staff, '#统计 今日', c.staffRoom)
    expect(h.take()[0]!.text).toBe(
      [
        '统计（今日 11-23 00:00 至 11-23 19:00）',
        '阳光社区1号网格：新增 2｜办结 1（其中关闭 1）｜未办结 1（其中超期 1）',
        '响应率 50%（1/2） 解决率 100%（1/1） 满意率 100%（1/1）',
        '办结层级：网格 1｜社区 0｜街道 0',
        ...statsText.legend,
      ].join('\n'),
    )
    h.say(c.staff, '#案件 超期', c.staffRoom)
    expect(h.take()[0]!.text).toBe('超期案件 1 件：\n编号 2｜阳光社区1号网格｜环境卫生｜待受理｜承办：网格（李四）｜超期8小时30分')
  })

  it('refuses a transition that does not apply, with the reason, and changes nothing', () => {
    const h = createHarness()
    const c = seedCommunity(h)
    h.say(c.zhang, '#报事 5号楼电梯坏了', c.grid)
    h.say(c.worker, '#办结 1 修好了', null)
    h.take()
    const before = h.repos.cases.get(1)
    h.say(c.worker, '#受理 1', null)
    expect(h.take()[0]!.text).toBe('编号 1 已办结，不能再受理')
    h.say(c.worker, '#恢复 1', null)
    expect(h.take()[0]!.text).toBe('编号 1 已办结，不能再恢复')
    expect(h.repos.cases.get(1)).toEqual(before)
  })

  it('a 1–2 score reopens, 3 is 基本满意, and a plain 满意 outside the follow-up window does nothing', () => {
    const h = createHarness()
    const c = seedCommunity(h)
    for (const text of ['#报事 楼道灯坏了', '#报事 电梯坏了', '#报事 门禁坏了']) h.say(c.zhang, text, c.grid)
    for (const id of [1, 2, 3]) h.say(c.worker, `#办结 ${id} 修好了`, null)
    h.say(c.zhang, '#评价 1 2分', c.grid)
    h.say(c.zhang, '#评价 2 3', c.grid)
    expect(h.repos.cases.get(1)).toMatchObject({ state: 'in_progress', rating: 'unsatisfied', ratingScore: 2 })
    expect(h.repos.cases.get(2)).toMatchObject({ state: 'closed', rating: 'basic', ratingScore: 3 })
    h.clock.advance('49h')
    h.take()
    h.say(c.zhang, '满意', c.grid)
    expect(h.take()).toEqual([])
    expect(h.repos.cases.get(3)!.state).toBe('resolved')
  })
})

describe('privacy', () => {
  it('answers #案件 in a grid group with where to ask, and #查询 there with a short status only', () => {
    const h = createHarness()
    const c = seedCommunity(h)
    h.say(c.zhang, '#报事 5号楼电梯坏了 电话13812345678', c.grid)
    h.take()
    h.say(c.worker, '#案件', c.grid)
    expect(h.take()[0]!.text).toBe('请在工作群或私聊中查询')
    h.say(c.worker, '#查询 1', c.grid)
    const status = h.take()[0]!.text
    expect(status).not.toContain('502')
    expect(status).not.toContain('电梯坏了')
  })

  it("never puts an unmasked phone number or another resident's room in a group message", () => {
    const h = createHarness()
    const c = seedCommunity(h)
    h.say(c.zhang, '#报事 3-2-502 卫生间漏水 联系13812345678', c.grid)
    h.say(c.li, '#报事 燃气味很大 13900001111', c.grid)
    h.say(c.worker, '#受理 1', null)
    h.say(c.worker, '#进展 1 已上门 联系13812345678', null)
    h.say(c.worker, '#办结 1 已修好', null)
    h.say(c.staff, '#案件', c.staffRoom)
    h.say(c.staff, '#查询 1', c.staffRoom)
    h.say(c.zhang, '#我的', c.grid)
    const inGroups = h.sent().filter((o) => o.isRoom)
    expect(inGroups.length).toBeGreaterThan(5)
    for (const o of inGroups) expect(o.text).not.toMatch(/1[3-9]\d{9}/)
    // In the grid group nobody's room number appears except in the reporter's own confirmation.
    for (const o of inGroups.filter((x) => x.conversationId === c.grid)) {
      if (o.text.includes('1201')) expect(o.mentionIds).toEqual([c.li.id])
      if (o.text.includes('502室')) expect(o.mentionIds).toEqual([c.zhang.id])
    }
  })

  it('masks ID-card, landline and spaced or prefixed phone numbers a worker types into #进展 and #办结 before the grid group sees them', () => {
    const h = createHarness()
    const c = seedCommunity(h)
    h.say(c.zhang, '#报事 3-2-502 卫生间漏水', c.grid)
    h.say(c.worker, '#受理 1', null)
    h.take()
    h.say(
      c.worker,
      '#进展 1 已核实户主 身份证11010519491231002X（旧证110105491231002），物业座机(010)1234-5678，师傅 0086 139.1234.5678',
      null,
    )
    h.say(c.worker, '#办结 1 已修好，有问题打 138 - 1234 - 5678 或 021 5555 6666', null)
    const inGrid = h.take().filter((o) => o.conversationId === c.grid)
    expect(inGrid.length).toBeGreaterThanOrEqual(2)
    const all = inGrid.map((o) => o.text).join('\n')
    for (const secret of ['11010519491231002X', '110105491231002', '1234-5678', '139.1234', '1234 - 5678', '5555 6666'])
      expect(all).not.toContain(secret)
    expect(all).toContain('110***********002X')
    expect(all).toContain('010-****5678')
    expect(all).toContain('139****5678')
    expect(all).toContain('021-****6666')
  })
})

describe('#查询 for staff', () => {
  it('shows the whole timeline and the rating in a staff group', () => {
    const h = createHarness()
    const c = seedCommunity(h)
    h.say(c.zhang, '#报事 5号楼电梯坏了', c.grid)
    h.say(c.worker, '#受理 1', null)
    h.say(c.worker, '#办结 1 已修好', null)
    h.say(c.zhang, '满意', c.grid)
    h.take()
    h.say(c.staff, '#查询 1', c.staffRoom)
    const text = h.take()[0]!.text
    expect(text.split('\n').slice(0, 5)).toEqual([
      '编号 1｜房屋维修｜已关闭',
      '位置：5号楼 电梯',
      '承办：网格（李四）',
      '内容：5号楼电梯坏了',
      '评价：满意',
    ])
    expect(text).toMatch(/登记\n.*指派：网格员李四\n.*受理\n.*办结：已修好\n.*评价：满意$/)
  })

  it('shows each clock with its deadline and how late, with the numbers #案件 超期 uses', () => {
    const h = createHarness()
    const c = seedCommunity(h)
    h.say(c.zhang, '#报事 5号楼电梯坏了', c.grid) // 10:00
    h.clock.advance('10m')
    h.say(c.worker, '#受理 1', null)
    h.clock.advance('140m') // 12:30: the 2 h response clock ran out at 12:00
    h.take()
    h.say(c.staff, '#查询 1', c.staffRoom)
    const lines = h.take()[0]!.text.split('\n')
    expect(lines.slice(4, 7)).toEqual([
      '签收：11-23 10:30 前，已完成',
      '响应：11-23 12:00 前，已超期30分钟',
      '办结：11-25 10:00 前，还剩1天21小时',
    ])
    h.say(c.staff, '#案件 超期', c.staffRoom)
    expect(h.take()[0]!.text).toBe('超期案件 1 件：\n编号 1｜阳光社区1号网格｜房屋维修｜已受理｜承办：网格（李四）｜超期30分钟')
  })
})

describe('a returned case', () => {
  it('goes to the community staff group for dispatch, and whoever signs for it becomes its handler', () => {
    const h = createHarness()
    const c = seedCommunity(h)
    h.say(c.zhang, '#报事 小区门口路灯不亮', c.grid)
    h.take()
    h.say(c.worker, '#退回 1 属于市政路灯所', null)
    const out = h.take()
    expect(out.find((o) => o.conversationId === c.staffRoom)).toMatchObject({ mentionIds: [c.staff.id] })
    expect(out.find((o) => o.conversationId === c.staffRoom)!.text).toContain('请分派：#指派 1 @某人')
    expect(h.repos.cases.get(1)).toMatchObject({ state: 'returned', assigneeId: null, level: 1 })
    h.say(c.staff, '#受理 1', c.staffRoom)
    expect(h.take().map((o) => o.text)).toEqual(['编号 1 已受理', '编号 1 已受理，王主任正在处理'])
    expect(h.repos.cases.get(1)).toMatchObject({ state: 'accepted', assigneeId: c.staff.id, assigneeName: '王主任' })
  })
})

describe('#案件 on a phone', () => {
  it('shows 20 lines, overdue first, and says how many more there are', () => {
    const h = createHarness()
    const c = seedCommunity(h)
    for (let i = 1; i <= 25; i++) {
      h.say(c.zhang, `#报事 ${i}号楼楼道灯不亮`, c.grid)
      h.clock.advance('1m')
    }
    h.say(c.worker, '#受理 1', null) // case 1 signed for: not overdue on sign-for
    h.clock.advance('20m') // now +45 min: case n was filed at +(n-1) min, so cases 2–16 are past their 30-minute sign-for
    h.take()
    h.say(c.staff, '#案件', c.staffRoom)
    const lines = h
      .take()
      .map((o) => o.text)
      .join('\n')
      .split('\n')
    expect(lines[0]).toBe('未办结案件 25 件：')
    const ids = lines.slice(1, 21).map((l) => Number(/^编号 (\d+)/.exec(l)![1]))
    expect(ids).toEqual([16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 25, 24, 23, 22, 21])
    expect(lines[1]).toBe('编号 16｜阳光社区1号网格｜房屋维修｜待受理｜承办：网格（李四）｜超期1分钟')
    expect(lines[15]).toBe('编号 2｜阳光社区1号网格｜房屋维修｜待受理｜承办：网格（李四）｜超期14分钟') // due at +31 min
    expect(lines[16]).toBe('编号 25｜阳光社区1号网格｜房屋维修｜待受理｜承办：网格（李四）')
    expect(lines[21]).toBe('还有 5 件')
    for (const l of lines) expect(l.length).toBeLessThan(60)
  })
})

describe('#案件 超期 and #统计 for a community of two grids', () => {
  it('lists overdue cases first, urgent before normal, with 紧急 marked; #统计 shows the grid that has no cases', () => {
    const h = createHarness()
    const c = seedCommunity(h)
    const grid2 = 'g2@chatroom'
    h.join(grid2, [c.admin], '阳光社区2号网格')
    h.say(c.admin, '#绑定网格 幸福街道 阳光社区 2号网格', grid2)
    h.say(c.zhang, '#报事 门口垃圾没人清理', c.grid) // 1: normal, sign for in 30 min
    h.clock.advance('1m')
    h.say(c.zhang, '#报事 5栋楼道里有人给电动车充电', c.grid) // 2: urgent, sign for in 5 min
    h.clock.advance('1m')
    h.say(c.li, '#报事 楼道灯不亮', c.grid) // 3: normal, newest
    h.clock.advance('35m')
    h.say(c.worker, '#受理 3', null)
    h.take()
    h.say(c.staff, '#案件 超期', c.staffRoom)
    expect(h.take()[0]!.text.split('\n')).toEqual([
      '超期案件 2 件：',
      '编号 2｜阳光社区1号网格｜安全隐患｜紧急｜待受理｜承办：网格（李四）｜超期31分钟',
      '编号 1｜阳光社区1号网格｜环境卫生｜待受理｜承办：网格（李四）｜超期7分钟',
    ])
    h.say(c.staff, '#统计 今日', c.staffRoom)
    const lines = h.take()[0]!.text.split('\n')
    // By hand: none signed for in time (case 3 was signed for 35 minutes after it was filed) → 0/3; nothing due or rated.
    expect(lines.slice(1, 4)).toEqual([
      '阳光社区：新增 3｜办结 0（其中关闭 0）｜未办结 3（其中超期 2）',
      '响应率 0%（0/3） 解决率 — 满意率 —',
      '办结层级：网格 0｜社区 0｜街道 0',
    ])
    expect(lines).toContain('· 1号网格：新增 3｜办结 0（其中关闭 0）｜未办结 3（其中超期 2）')
    expect(lines).toContain('· 2号网格：新增 0｜办结 0（其中关闭 0）｜未办结 0（其中超期 0）')
  })
})
