import { describe, expect, it } from 'vitest'
import { membersLeft, rosterEntry, applyRoster } from '../../src/domain/roster.js'
import { BOT_PERSON, createHarness, seedCommunity } from '../support/harness.js'

describe('a private report stays private', () => {
  it('answers the reporter privately at every step and posts nothing about it in the grid group', () => {
    const h = createHarness()
    const c = seedCommunity(h)
    h.say(c.zhang, '#报事 502的王五天天半夜敲墙，请不要告诉他是我反映的', null)
    expect(h.take().find((o) => o.text.startsWith('编号 1 已登记'))).toMatchObject({ conversationId: c.zhang.id, isRoom: false })
    h.say(c.worker, '#受理 1', null)
    h.say(c.worker, '#进展 1 已上门找502王五谈话', null)
    h.say(c.worker, '#办结 1 已调解', null)
    h.say(c.staff, '#重开 1 还在敲', c.staffRoom)
    h.say(c.worker, '#退回 1 需社区协调', null)
    const said = h.take()
    expect(said.filter((o) => o.conversationId === c.grid)).toEqual([])
    const toZhang = said.filter((o) => o.conversationId === c.zhang.id).map((o) => o.text)
    expect(toZhang).toEqual([
      '编号 1 已受理，李四正在处理',
      '编号 1 有进展：已上门找502王五谈话',
      expect.stringMatching(/^编号 1 已办结：已调解\n请评价/),
      '编号 1 已重新处理',
      '编号 1 已转社区重新分派，请耐心等待',
    ])
    h.say(c.zhang, '#查询 1', c.grid)
    expect(h.take()).toEqual([expect.objectContaining({ conversationId: c.grid, text: '请在工作群或私聊中查询' })])
  })

  it('still @s the reporter in the group for a case reported there', () => {
    const h = createHarness()
    const c = seedCommunity(h)
    h.say(c.zhang, '#报事 楼道灯不亮', c.grid)
    h.take()
    h.say(c.worker, '#受理 1', null)
    expect(h.take().find((o) => o.text.startsWith('编号 1 已受理，'))).toMatchObject({ conversationId: c.grid, mentionIds: [c.zhang.id] })
  })
})

describe('a role belongs to a member of a group', () => {
  it('a worker removed from the grid group and the staff group loses the role: no new cases, no staff commands', () => {
    const h = createHarness()
    const c = seedCommunity(h)
    h.say(c.zhang, '#报事 楼道灯不亮', c.grid)
    h.take()
    h.repos.transaction(() => membersLeft(h.repos, c.grid, [c.worker.id], h.clock.now()))
    expect(h.repos.directory.rolesOf(c.worker.id)).toEqual([])
    h.say(c.li, '#报事 门口垃圾没人清理', c.grid)
    const filed = h.take()
    expect(filed.some((o) => o.conversationId === c.worker.id)).toBe(false)
    expect(h.repos.cases.get(2)!.assigneeId).toBe(c.staff.id) // community staff take it
    for (const command of ['#受理 1', '#案件', '#查询 1']) {
      h.say(c.worker, command, null)
      expect(h.take()[0]!.text).not.toMatch(/^编号 1 已受理|^未办结案件|^编号 1｜/)
    }
  })

  it('a roster read without the member revokes their grid roles; a failed (empty) read revokes nothing', () => {
    const h = createHarness()
    const c = seedCommunity(h)
    const now = h.clock.now()
    h.repos.transaction(() => applyRoster(h.repos, c.grid, [], now))
    expect(h.repos.directory.rolesOf(c.worker.id)).toHaveLength(1)
    const stay = [BOT_PERSON, c.admin, c.zhang, c.li].map((p) => rosterEntry(p.id, p.nickname))
    h.repos.transaction(() => applyRoster(h.repos, c.grid, stay, now))
    expect(h.repos.directory.rolesOf(c.worker.id)).toEqual([])
    expect(h.repos.members.get(c.grid, c.worker.id)?.present).toBe(false)
  })

  it('leaving a grid group keeps the community role held through the staff group', () => {
    const h = createHarness()
    const c = seedCommunity(h)
    h.join(c.grid, [c.staff])
    h.repos.transaction(() => membersLeft(h.repos, c.grid, [c.staff.id], h.clock.now()))
    expect(h.repos.directory.rolesOf(c.staff.id).map((r) => r.role)).toEqual(['community'])
    h.repos.transaction(() => membersLeft(h.repos, c.staffRoom, [c.staff.id], h.clock.now()))
    expect(h.repos.directory.rolesOf(c.staff.id)).toEqual([])
  })
})

describe('only the roster makes a member', () => {
  it('a message @-mentioning 2,000 strangers adds none of them to a notice, and none can report into the grid privately', () => {
    const h = createHarness()
    const c = seedCommunity(h)
    const strangers = Array.from({ length: 2000 }, (_, i) => `x${i}`)
    h.say(c.zhang, '大家看一下', c.grid, { mentionIds: strangers, mentionNames: strangers.map((id) => `路人${id}`) })
    expect(h.repos.members.get(c.grid, 'x1')).toBeUndefined()
    h.say(c.worker, '#通知 明天上午停水', c.grid)
    expect(h.take().find((o) => o.text.startsWith('通知编号 1'))!.text).toContain('需确认 2 人')
    h.say({ id: 'x1', nickname: '路人x1' }, '#报事 楼道灯不亮', null)
    expect(h.take()[0]!.text).toBe('请在你所在的网格群里报事')
    expect(h.repos.cases.get(1)).toBeUndefined()
  })
})

describe('a case number is digits only', () => {
  it.each(['#办结 1e30 好了', '#查询 1.9', '#受理 0x1', '#进展 1,5 在修'])('%s gets the usage line and changes nothing', (text) => {
    const h = createHarness()
    const c = seedCommunity(h)
    h.say(c.zhang, '#报事 楼道灯不亮', c.grid)
    h.take()
    h.say(c.worker, text, null)
    expect(h.take()[0]!.text).toMatch(/^用法：#/)
    expect(h.repos.cases.get(1)!.state).toBe('new')
  })
})

describe('long and strange input', () => {
  it('answers a too-long command, report or @ of the bot with the limit that applies to it, and ignores long chat', () => {
    const h = createHarness()
    const c = seedCommunity(h)
    const long = '楼道灯不亮'.repeat(1200)
    h.say(c.zhang, `#报事 ${long}`, c.grid)
    h.say(c.zhang, `@小助手 ${long}`, c.grid)
    h.say(c.zhang, `#补充 1 ${'很'.repeat(600)}`, c.grid)
    h.say(c.admin, `#通知 ${long}`, c.grid)
    h.say(c.zhang, long, c.grid)
    expect(h.take().map((o) => o.text)).toEqual([
      '内容太长了，请控制在500字以内',
      '内容太长了，请控制在500字以内',
      '内容太长了，请控制在500字以内',
      '通知太长了，请控制在1500字以内',
    ])
    expect(h.repos.cases.get(1)).toBeUndefined()
  })

  it('stores and echoes no NUL bytes or lone surrogates', () => {
    const h = createHarness()
    const c = seedCommunity(h)
    h.say(c.zhang, '#报事 楼道\u0000灯\ud800不亮', c.grid)
    expect(h.repos.cases.get(1)!.text).toBe('楼道灯不亮')
    h.say(c.zhang, '#报\u0000修 电梯坏了', c.grid)
    expect(h.repos.cases.get(2)!.text).toBe('电梯坏了')
  })

  it('gives someone asking about a case not theirs the same line as for a case that does not exist', () => {
    const h = createHarness()
    const c = seedCommunity(h)
    h.say(c.zhang, '#报事 楼道灯不亮', c.grid)
    h.take()
    for (const command of ['#查询 1', '#补充 1 我也看到了', '#撤销 1', '#评价 1 满意']) {
      h.say(c.li, command, null)
      h.say(c.li, command.replace(' 1', ' 99'), null)
      const [mine, missing] = h.take().map((o) => o.text.replace(/\d+/, 'N'))
      expect(mine).toBe(missing)
    }
  })
})
