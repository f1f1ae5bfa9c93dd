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
