import { describe, expect, it } from 'vitest'
import { createHarness, seedCommunity } from '../support/harness.js'

describe('intake through the harness', () => {
  it('files #报事 with a case number, category and location, and tells the worker', () => {
    const h = createHarness()
    const c = seedCommunity(h)
    h.say(c.zhang, '#报事 121号楼2单元楼上卫生间漏水', c.grid)
    const out = h.take()
    const reply = out.find((o) => o.conversationId === c.grid)!
    expect(reply.mentionIds).toEqual([c.zhang.id])
    const id = Number(/编号 (\d+)/.exec(reply.text)![1])
    expect(reply.text).toContain('邻里纠纷')
    expect(reply.text).toContain('121号楼2单元')
    const stored = h.repos.cases.get(id)!
    expect(stored).toMatchObject({ category: 'dispute', urgency: 'normal', state: 'new', assigneeId: c.worker.id, reporterId: c.zhang.id })
    expect(stored.location).toMatchObject({ building: '121', unit: '2', spot: '卫生间' })
    const toWorker = out.find((o) => o.conversationId === c.worker.id)!
    expect(toWorker.isRoom).toBe(false)
    expect(toWorker.text).toContain(`#受理 ${id}`)
  })
})
