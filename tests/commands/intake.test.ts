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

  it('fills only the building and unit from the nickname for a spot inside a building, and the whole home for a room of it', () => {
    const h = createHarness()
    const c = seedCommunity(h)
    const wang = { id: 'r3', nickname: '7-2-301 王五' }
    h.join(c.grid, [wang])
    const file = (text: string) => {
      h.say(wang, `#报事 ${text}`, c.grid)
      const reply = h.take().find((o) => o.conversationId === c.grid)!
      return { reply: reply.text, stored: h.repos.cases.get(Number(/编号 (\d+)/.exec(reply.text)![1]))! }
    }

    const corridor = file('楼道里有人充电')
    expect(corridor.stored.location).toEqual({ building: '7', unit: '2', spot: '楼道' })
    expect(corridor.stored.locationFromNickname).toBe(true)
    expect(corridor.reply).toContain('位置：7号楼2单元 楼道')

    const home = file('楼上卫生间漏水')
    expect(home.stored.location).toEqual({ building: '7', unit: '2', room: '301', relation: '楼上', spot: '卫生间' })
    expect(home.stored.locationFromNickname).toBe(true)
    expect(home.reply).toContain('位置：7号楼2单元301室 楼上 卫生间')

    const written = file('2期C座隔壁装修到晚上11点')
    expect(written.stored.location).toEqual({ area: '2期', building: 'C', relation: '隔壁' })
    expect(written.stored.locationFromNickname).toBe(false)
    expect(written.reply).toContain('位置：2期C座 隔壁')
  })
})
