import { describe, expect, it } from 'vitest'
import { rosterEntry } from '../../src/domain/roster.js'
import { createHarness, seedCommunity, type Harness } from '../support/harness.js'

/** `groups` grid groups of 阳光社区, each with two residents; the groups shared out among `accounts` accounts in turn. */
function district(h: Harness, groups: number, accounts: number) {
  const c = seedCommunity(h)
  const now = h.clock.now()
  const communityId = h.repos.directory.group(c.grid)!.communityId!
  const names = Array.from({ length: accounts }, (_, i) => `小助手${i + 1}`)
  h.repos.accounts.register(
    names.map((name) => ({ name, standby: false })),
    now,
  )
  names.forEach((name, i) => h.repos.accounts.loggedIn(name, `bot${i + 1}`, now))
  h.repos.transaction(() => {
    h.repos.accounts.claim(c.grid, names[0]!, now)
    for (let i = 2; i <= groups; i++) {
      const roomId = `grid${i}@chatroom`
      h.repos.directory.touchGroup(roomId, `阳光社区${i}号网格`, now)
      h.repos.directory.bindGroup(roomId, { kind: 'grid', gridId: h.repos.directory.upsertGrid(communityId, `${i}号网格`) }, now)
      for (const r of [1, 2]) h.repos.members.upsert(roomId, rosterEntry(`r${i}-${r}`, `${i}-${r}-101 居民`), now)
      h.repos.accounts.claim(roomId, names[(i - 1) % accounts]!, now)
    }
  })
  return c
}

const sendAll = (h: Harness) => {
  for (const r of h.repos.outbox.all()) if (r.status === 'queued') h.repos.outbox.markSent(r.id, h.clock.now())
}

describe('broadcasts that say when (issue 15, item 4)', () => {
  it('tells the author of a notice to 800 groups how many accounts send it and when the last post is out', () => {
    for (const [accounts, done] of [
      [4, '10:14'], // 200 posts each, 4.1 s apart: 199 × 4.1 s ≈ 13.6 min
      [1, '10:55'], // 800 posts from one account: 54.6 minutes
    ] as const) {
      const h = createHarness()
      const c = district(h, 800, accounts)
      h.clock.set(Date.parse('2026-12-01T02:00:00Z')) // 10:00 in Shanghai
      h.say(c.staff, '#通知 全部网格 本周六上午9点小区大扫除', c.staffRoom)
      const [reply, ...posts] = h.take()
      expect(posts).toHaveLength(800)
      expect(reply!.text).toContain(`共 800 个网格群，${accounts} 个账号发送，预计 ${done} 全部发出`)
      expect(new Set(posts.map((p) => p.account)).size).toBe(accounts)
    }
  })

  it('counts what an account already has queued, and warns when the last post would come after the deadline', () => {
    const h = createHarness()
    const c = district(h, 300, 1)
    h.clock.set(Date.parse('2026-12-01T02:00:00Z'))
    h.say(c.staff, '#通知 全部网格 今天10点15分前 到居委会领取口罩', c.staffRoom)
    const [reply] = h.take()
    expect(reply!.text).toContain('共 300 个网格群，1 个账号发送，预计 10:21 全部发出') // 299 × 4.1 s
    expect(reply!.text).toContain('注意：发完已过截止时间 12月1日 10:15')
    h.say(c.staff, '#通知 1号网格,2号网格 明天停水', c.staffRoom)
    expect(h.take()[0]!.text).toContain('共 2 个网格群，1 个账号发送，预计 10:21 全部发出') // behind the 300 still queued
  })

  it('plans a reminder round the same way and tells the author when it cannot finish before the deadline', () => {
    const h = createHarness()
    const c = district(h, 800, 1)
    h.clock.set(Date.parse('2026-12-01T02:00:00Z'))
    h.say(c.staff, '#通知 全部网格 今天11点前 填写问卷', c.staffRoom)
    sendAll(h)
    h.take()
    h.clock.advance('30m')
    h.tick()
    const round = h.take()
    const warning = round.find((o) => o.conversationId === c.staffRoom)
    expect(round.filter((o) => o.conversationId !== c.staffRoom).length).toBe(800)
    expect(warning?.text).toBe('通知编号 1 的提醒共 800 个群，1 个账号发送，预计 11:25 才能发完，晚于截止时间 12月1日 11:00')
    expect(warning?.mentionIds).toEqual([c.staff.id])
  })
})
