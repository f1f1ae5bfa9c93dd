import { describe, expect, it } from 'vitest'
import { createCommandBudget, DEFAULT_COMMAND_BUDGET } from '../../src/commands/budget.js'
import { createHarness, seedCommunity } from '../support/harness.js'

const BUSY = '操作太频繁，请稍后再试'

function setup() {
  const h = createHarness()
  return { h, ...seedCommunity(h) }
}

describe('one member cannot drown everyone else (issue 16, item 4)', () => {
  it('answers 10 commands a minute per member, then one line, then nothing until the minute is over', () => {
    const { h, zhang, li, grid } = setup()
    for (let i = 0; i < 2000; i++) {
      if (i === 1000) h.say(li, '#我的', grid)
      h.say(zhang, i % 2 ? '#我的' : '#帮助', grid)
      h.clock.advance(29) // 2,000 in 58 s
    }
    const rows = h.take()
    const toZhang = rows.filter((r) => r.mentionIds.includes(zhang.id))
    expect(toZhang).toHaveLength(11)
    expect(toZhang.slice(0, 10).every((r) => r.text !== BUSY)).toBe(true)
    expect(toZhang[10]!.text).toBe(BUSY)
    expect(rows.filter((r) => r.mentionIds.includes(li.id)).map((r) => r.text)).toEqual(['你还没有报过事。报事请发 #报事 <描述>'])
    expect(rows).toHaveLength(12)

    h.clock.advance('3s') // a minute after zhang's first command
    h.say(zhang, '#我的', grid)
    expect(h.take().map((r) => r.text)).toEqual(['你还没有报过事。报事请发 #报事 <描述>'])
  })

  it('counts reports and the answers plain messages get, not chat the bot leaves alone', () => {
    const { h, zhang, grid } = setup()
    for (let i = 0; i < 50; i++) h.say(zhang, i % 2 ? '今天天气不错' : '收到', grid)
    for (let i = 0; i < 5; i++) h.say(zhang, `#报事 ${i + 1}号楼楼道灯不亮`, grid)
    for (let i = 0; i < 5; i++) h.say(zhang, `${i + 1}号楼门口垃圾两天没人清理`, grid)
    expect(h.take().filter((r) => r.conversationId === grid)).toHaveLength(10)
    h.say(zhang, '6号楼门口垃圾两天没人清理', grid)
    h.say(zhang, '#报事 6号楼楼道灯不亮', grid)
    h.say(zhang, '@小助手 7号楼楼道灯不亮', grid, { mentionIds: ['bot'] })
    expect(h.take().map((r) => r.text)).toEqual([BUSY])
    expect(h.repos.cases.countByReporter(zhang.id)).toBe(5)
  })

  it('counts each member on their own, in private chat too', () => {
    const { h, zhang, li, grid } = setup()
    for (let i = 0; i < 12; i++) h.say(zhang, '#我的', null)
    for (let i = 0; i < 10; i++) h.say(li, '#我的', grid)
    const rows = h.take()
    expect(
      rows
        .filter((r) => r.conversationId === zhang.id)
        .map((r) => r.text)
        .slice(9),
    ).toEqual(['你还没有报过事。报事请发 #报事 <描述>', BUSY])
    expect(rows.filter((r) => r.conversationId === grid && r.text !== BUSY)).toHaveLength(10)
  })
})

describe('the command budget', () => {
  it('holds at most maxMembers windows, and only the open ones once time passes', () => {
    const budget = createCommandBudget()
    let now = 0
    for (let i = 0; i < 50_000; i++) budget.take(`u${i}`, (now += 1))
    expect(budget.size()).toBeLessThanOrEqual(DEFAULT_COMMAND_BUDGET.maxMembers)
    now += DEFAULT_COMMAND_BUDGET.windowMs
    expect(budget.take('late', now)).toBe('run')
    expect(budget.size()).toBe(1)
  })

  it('forgets a window when the clock is set back', () => {
    const budget = createCommandBudget({ perWindow: 1, windowMs: 60_000, maxMembers: 10 })
    expect([budget.take('u', 1000), budget.take('u', 1001), budget.take('u', 1002)]).toEqual(['run', 'warn', 'silent'])
    expect(budget.take('u', 500)).toBe('run')
  })
})

describe('#补充 is bounded (issue 16, item 4)', () => {
  it('refuses an addition longer than a report with the one too-long line', () => {
    const { h, zhang, grid } = setup()
    h.say(zhang, '#报事 5号楼电梯坏了', grid)
    h.take()
    h.say(zhang, `#补充 1 ${'电梯'.repeat(2450)}`, grid)
    expect(h.take().map((r) => r.text)).toEqual(['内容太长了，请控制在500字以内'])
    expect(h.repos.cases.timeline(1).filter((e) => e.kind === 'note')).toEqual([])
  })

  it('takes 20 additions to one case, then says no and tells nobody', () => {
    const { h, zhang, worker, grid } = setup()
    h.say(zhang, '#报事 5号楼电梯坏了', grid)
    h.take()
    for (let i = 1; i <= 21; i++) {
      h.clock.advance('10s') // inside the command budget
      h.say(zhang, `#补充 1 第${i}次补充`, grid)
    }
    const rows = h.take()
    expect(rows.filter((r) => r.conversationId === worker.id)).toHaveLength(20)
    expect(rows.filter((r) => r.conversationId === grid).at(-1)!.text).toBe('编号 1 已补充20次，不能再补充了，有新情况请直接联系网格员')
    expect(h.repos.cases.timeline(1).filter((e) => e.kind === 'note')).toHaveLength(20)
  })
})
