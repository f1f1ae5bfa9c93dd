import { describe, expect, it } from 'vitest'
import { runDigest } from '../../src/rules/digest.js'
import { createHarness, seedCommunity } from '../support/harness.js'

describe('follow-up close', () => {
  it('closes a resolved case nobody rated as 未评价 after 48 hours, once', () => {
    const h = createHarness()
    const c = seedCommunity(h)
    h.say(c.zhang, '#报事 楼道灯不亮', c.grid)
    h.say(c.worker, '#办结 1 换好了', null)
    h.clock.advance('2879m') // 47 h 59 min
    h.tick()
    expect(h.repos.cases.get(1)!.state).toBe('resolved')
    h.clock.advance('1m')
    h.tick()
    h.tick()
    expect(h.repos.cases.get(1)).toMatchObject({ state: 'closed', rating: null })
    expect(
      h.repos.cases
        .timeline(1)
        .filter((e) => e.kind === 'closed')
        .map((e) => e.text),
    ).toEqual(['未评价（回访期满自动关闭）'])
    h.say(c.zhang, '满意', c.grid)
    expect(h.repos.cases.get(1)!.rating).toBeNull() // too late to rate
  })
})

describe('missed safety alerts', () => {
  it('alerts community staff once a staff group exists for a safety case that could not be announced', () => {
    const h = createHarness()
    const c = seedCommunity(h)
    h.say(c.admin, '#解绑', c.staffRoom)
    h.say(c.zhang, '#报事 闻到很大的燃气味', c.grid)
    h.take()
    h.tick()
    expect(h.take().filter((o) => o.conversationId === c.staffRoom)).toEqual([])
    h.say(c.admin, '#绑定工作群 阳光社区', c.staffRoom)
    h.take()
    h.tick()
    h.tick()
    const alerts = h.take().filter((o) => o.conversationId === c.staffRoom)
    expect(alerts).toHaveLength(1)
    expect(alerts[0]).toMatchObject({ priority: 'urgent', mentionIds: [c.staff.id] })
    expect(alerts[0]!.text).toMatch(/^【紧急】编号 1｜阳光社区1号网格｜安全隐患/)
  })

  it('does not repeat an alert that went out at intake', () => {
    const h = createHarness()
    const c = seedCommunity(h)
    h.say(c.zhang, '#报事 闻到很大的燃气味', c.grid)
    h.take()
    h.tick()
    expect(h.take().filter((o) => o.text.startsWith('【紧急】编号'))).toEqual([])
  })
})

describe('the daily digest', () => {
  it('gives each staff group its counts per grid and the longest-overdue cases, once a day', () => {
    const h = createHarness()
    const c = seedCommunity(h)
    h.say(c.zhang, '#报事 楼道灯不亮', c.grid)
    h.clock.advance('1h')
    h.say(c.li, '#报事 门口垃圾没人清理', c.grid)
    h.say(c.worker, '#办结 2 已清理', null)
    h.say(c.li, '满意', c.grid)
    h.clock.advance('10h')
    h.take()
    const deps = { ...h.deps }
    expect(runDigest(deps, h.clock.now())).toEqual({ groups: 1, messages: 1 })
    expect(runDigest(deps, h.clock.now() + 60_000)).toEqual({ groups: 1, messages: 0 })
    const [digest] = h.take()
    expect(digest!.conversationId).toBe(c.staffRoom)
    expect(digest!.text).toBe(
      [
        '阳光社区日报（11-23）',
        '阳光社区1号网格：新增 2｜未办结 1｜超期 1｜关闭 1',
        '超期最久：',
        '编号 1｜阳光社区1号网格｜房屋维修｜超期10小时30分',
      ].join('\n'),
    )
  })
})
