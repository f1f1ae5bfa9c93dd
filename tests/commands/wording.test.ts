import { describe, expect, it } from 'vitest'
import { createHarness, seedCommunity } from '../support/harness.js'

describe('wording that says what to do (issue 14, item 11)', () => {
  it('a case on hold, never accepted, says to resume it first instead of 不能再受理', () => {
    const h = createHarness()
    const c = seedCommunity(h)
    h.say(c.zhang, '#报事 楼道灯不亮', c.grid)
    h.say(c.worker, '#挂起 1 等配件', null)
    h.take()
    for (const command of ['#受理 1', '#进展 1 配件到了', '#办结 1 修好了']) {
      h.say(c.worker, command, null)
      expect(h.take()[0]!.text).toBe('编号 1 已挂起，请先 #恢复 1')
    }
    expect(h.repos.cases.get(1)!.state).toBe('on_hold')
  })
})

describe('members are named by their group nickname, never a fragment of it (issue 14, item 11)', () => {
  it('#设置 @丛网格长 网格长 answers with the whole nickname; #名单 and the stored role say it too', () => {
    const h = createHarness()
    const c = seedCommunity(h)
    const cong = { id: 'cong', nickname: '丛网格长' }
    const leader = { id: 'leader2', nickname: '网格长 王建国 3-1-101' }
    h.join(c.grid, [cong, leader])
    h.say(c.admin, '#设置 @丛网格长 网格长', c.grid, { mentionIds: [cong.id], mentionNames: [cong.nickname] })
    expect(h.take().map((o) => o.text)).toEqual(['已将 丛网格长 设为网格长'])
    h.say(c.admin, '#设置 @网格长 王建国 3-1-101 网格长', c.grid, { mentionIds: [leader.id], mentionNames: [leader.nickname] })
    expect(h.take().map((o) => o.text)).toEqual(['已将 网格长 王建国 3-1-101 设为网格长'])
    expect(h.repos.directory.rolesOf(cong.id).map((r) => r.name)).toEqual(['丛网格长'])
    h.say(c.admin, '#名单', c.grid)
    expect(h.take()[0]!.text).toContain('网格长：丛网格长、网格长 王建国 3-1-101')
  })

  it('a worker called 丛网格员 is named so when a report is handed to them', () => {
    const h = createHarness()
    const c = seedCommunity(h)
    const cong = { id: 'cong', nickname: '丛网格员' }
    h.join(c.grid, [cong])
    h.say(c.admin, '#设置 居民', c.grid, { mentionIds: [c.worker.id] })
    h.say(c.admin, '#设置 网格员', c.grid, { mentionIds: [cong.id] })
    h.take()
    h.say(c.zhang, '#报事 3号楼楼道灯不亮', c.grid)
    expect(h.take()[0]!.text).toContain('已转网格员丛网格员处理')
  })
})
