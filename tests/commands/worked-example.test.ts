import { describe, expect, it } from 'vitest'
import { createHarness, seedCommunity, type Person } from '../support/harness.js'

const DEPT = 'dept@chatroom'
const STREET = 'street@chatroom'

describe("the README's worked example, step by step", () => {
  it('a grid case urged, handed up, dispatched to 城管中队, resolved there and rated twice', () => {
    const h = createHarness()
    const c = seedCommunity(h) // 李四 is the 网格员 here, 王主任 the community's staff
    const handler: Person = { id: 'd1', nickname: '张伟' }
    const streetStaff: Person = { id: 'st1', nickname: '街道 孙科长' }
    h.join(DEPT, [c.admin, handler], '幸福街道城管中队群')
    h.join(STREET, [c.admin, streetStaff], '幸福街道工作群')
    h.say(c.admin, '#绑定部门 城管中队 幸福街道', DEPT)
    h.say(c.admin, '#设置 部门', DEPT, { mentionIds: [handler.id] })
    h.say(c.admin, '#绑定工作群 幸福街道', STREET)
    h.say(c.admin, '#设置 街道', STREET, { mentionIds: [streetStaff.id] })
    h.take()
    const at = (hhmm: string) => {
      h.clock.set(Date.parse(`2026-11-23T${hhmm}:00+08:00`))
      h.tick()
      return h.take()
    }
    const owner = () => {
      const k = h.repos.cases.get(1)!
      return { level: k.level, assignee: k.assigneeName, supervision: k.supervision }
    }

    h.say(c.zhang, '#报事 门口垃圾没人清理', c.grid) // 10:00
    expect(h.take().find((o) => o.conversationId === c.worker.id)!.text).toMatch(/^新案件 编号 1/)
    expect(at('10:24').map((o) => o.text)).toEqual(['提醒：编号 1 签收时限还剩6分钟\n请尽快处理：#受理 1'])
    const urged = at('10:30')
    expect(urged.find((o) => o.conversationId === c.worker.id)!.text).toContain('已通知社区')
    expect(urged.find((o) => o.conversationId === c.staffRoom)!.text).toMatch(/^【催办】/)
    expect(owner()).toEqual({ level: 0, assignee: '李四', supervision: 1 })

    h.clock.set(Date.parse('2026-11-23T10:40:00+08:00'))
    h.say(c.worker, '#上报 1 涉及多个小区，需要社区协调', null)
    expect(h.take().find((o) => o.conversationId === c.staffRoom)!.text).toMatch(/^【上报】编号 1/)
    expect(owner()).toEqual({ level: 1, assignee: null, supervision: 0 })
    expect(at('11:04').map((o) => [o.conversationId, o.text])).toEqual([
      [c.staffRoom, '【本级承办】1 件要处理：\n编号 1 签收还剩6分钟，请 #受理 1'],
    ])
    const own = at('11:10')
    expect(own.map((o) => [o.conversationId, o.text])).toEqual([
      [c.staffRoom, '【本级承办】1 件要处理：\n编号 1 签收已超期1分钟，请 #受理 1'],
    ])

    h.clock.set(Date.parse('2026-11-23T11:15:00+08:00'))
    h.say(c.staff, '#派单 1 城管 清运车已满', c.staffRoom)
    expect(h.take().find((o) => o.conversationId === DEPT)).toMatchObject({ mentionIds: [handler.id] })
    expect(owner()).toEqual({ level: 3, assignee: null, supervision: 0 })
    h.clock.set(Date.parse('2026-11-23T11:30:00+08:00'))
    h.say(handler, '#受理 1', DEPT)
    h.say(handler, '#进展 1 清运车下午到', DEPT)
    expect(
      h
        .take()
        .filter((o) => o.conversationId === c.grid)
        .map((o) => o.text),
    ).toEqual(['编号 1 已受理，张伟正在处理', '编号 1 有进展：清运车下午到'])
    for (const t of ['12:00', '13:00', '13:59']) expect(at(t)).toEqual([])

    h.clock.set(Date.parse('2026-11-23T14:00:00+08:00'))
    h.say(handler, '#办结 1 已清运', null)
    const done = h.take()
    expect(done.find((o) => o.conversationId === c.staffRoom)!.text).toContain('请评价部门响应')
    expect(done.find((o) => o.conversationId === c.grid)!.text).toMatch(/^编号 1 已办结：已清运\n请评价/)
    h.clock.set(Date.parse('2026-11-23T14:05:00+08:00'))
    h.say(c.staff, '#评价 1 满意', c.staffRoom)
    h.say(c.zhang, '满意', c.grid)
    h.take()
    expect(h.repos.cases.get(1)).toMatchObject({ state: 'closed', level: 3, assigneeName: '张伟', resolvedLevel: 1 })
    // Nothing ever reached the street: sign-for lateness alone never does.
    expect(h.sent().filter((o) => o.conversationId === STREET && !o.text.includes('设为') && !o.text.includes('工作群'))).toEqual([])

    h.say(c.staff, '#统计 今日', c.staffRoom)
    const stats = h.take()[0]!.text
    expect(stats).toContain('办结层级：网格 0｜社区 1｜街道 0（其中部门办结 1，计入派单的一级）')
    expect(stats).toContain(
      '城管中队：收到 1｜响应用时中位 15分钟｜响应率 100%（1/1）｜解决率 100%（1/1）｜社区满意率 100%（1/1）｜居民满意率 100%（1/1）',
    )
  })
})
