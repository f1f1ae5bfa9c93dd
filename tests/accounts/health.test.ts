import { describe, expect, it } from 'vitest'
import { createAccountHealth, DOWN_UNHEALTHY_MS, HEALTH_WINDOW_MS, RETRY_PROBE_MS } from '../../src/app/account-health.js'
import { failoverNotes } from '../../src/domain/failover.js'
import { enqueue, toRoom } from '../../src/domain/outgoing.js'
import { rosterEntry } from '../../src/domain/roster.js'
import { createLogger } from '../../src/logger.js'
import { createHarness, seedCommunity } from '../support/harness.js'

/** Timers that fire only when the test moves time. */
function fakeTime() {
  let now = Date.parse('2026-12-01T02:00:00Z')
  const pending: { at: number; fn: () => void; id: number }[] = []
  let seq = 0
  return {
    now: () => now,
    timers: {
      setTimeout: (fn: () => void, ms: number) => {
        const id = ++seq
        pending.push({ at: now + ms, fn, id })
        return id
      },
      clearTimeout: (id: unknown) => {
        const i = pending.findIndex((p) => p.id === id)
        if (i >= 0) pending.splice(i, 1)
      },
    },
    async advance(ms: number) {
      const end = now + ms
      for (;;) {
        pending.sort((a, b) => a.at - b.at)
        const next = pending[0]
        if (!next || next.at > end) break
        pending.shift()
        now = next.at
        next.fn()
        await new Promise((r) => setImmediate(r))
      }
      now = end
      await new Promise((r) => setImmediate(r)) // what the last step started (a probe) settles
    },
  }
}

function monitor(probe: () => Promise<void>) {
  const t = fakeTime()
  const changes: [boolean, string][] = []
  const probes: number[] = []
  const h = createAccountHealth({
    name: '小助手2',
    log: createLogger('silent'),
    now: t.now,
    timers: t.timers,
    probeEveryMs: 60 * 60_000,
    probe: async () => {
      probes.push(t.now())
      await probe()
    },
    changed: (healthy, reason) => changes.push([healthy, reason]),
  })
  h.start()
  return { h, t, changes, probes }
}

describe('account health (issue 15, item 5)', () => {
  it('probes hourly only when nothing was sent, and a zombie is unhealthy after three failed probes a minute apart', async () => {
    let zombie = false
    const m = monitor(async () => {
      if (zombie) throw new Error('send failed')
    })
    await m.t.advance(30 * 60_000)
    m.h.sent() // a real send at 10:30 proves it: no probe at 11:00
    await m.t.advance(30 * 60_000)
    expect(m.probes).toHaveLength(0)
    await m.t.advance(30 * 60_000)
    expect(m.probes).toHaveLength(1) // 11:30, an hour after the last send
    zombie = true
    await m.t.advance(60 * 60_000)
    await m.t.advance(2 * RETRY_PROBE_MS)
    expect(m.probes).toHaveLength(4)
    expect(m.changes).toEqual([[false, '3 sends failed in a row']])
    zombie = false
    await m.t.advance(RETRY_PROBE_MS) // unhealthy: probed every minute until a send goes through
    expect(m.changes.at(-1)).toEqual([true, 'a send went through'])
    m.h.stop()
  })

  it('is unhealthy after 操作过于频繁 three times or three logouts within 30 minutes, down for 2 minutes, or a QR code to scan', async () => {
    const storm = monitor(async () => undefined)
    storm.h.throttled()
    await storm.t.advance(HEALTH_WINDOW_MS) // the first one is out of the window by the third
    storm.h.throttled()
    storm.h.throttled()
    expect(storm.h.healthy).toBe(true)
    storm.h.throttled()
    expect(storm.changes).toEqual([[false, 'WeChat throttles it again and again']])

    const loop = monitor(async () => undefined)
    for (let i = 0; i < 3; i++) loop.h.loggedOut()
    expect(loop.changes).toEqual([[false, 'it keeps logging out']])

    const down = monitor(async () => undefined)
    down.h.loggedOut()
    await down.t.advance(60_000)
    down.h.loggedIn() // back within 2 minutes: nothing moves
    down.h.loggedOut()
    await down.t.advance(DOWN_UNHEALTHY_MS - 1)
    expect(down.changes).toEqual([])
    await down.t.advance(1)
    expect(down.changes).toEqual([[false, 'it has been down for 2 minutes']])
    down.h.loggedIn() // logged in again: the probe has to go through before it is trusted
    await down.t.advance(0)
    expect(down.changes.at(-1)).toEqual([true, 'a send went through'])

    const scan = monitor(async () => undefined)
    scan.h.awaitingScan()
    expect(scan.changes).toEqual([[false, 'it must be scanned again']])
    for (const x of [storm, loop, down, scan]) x.h.stop()
  })
})

describe('what staff are told (issue 15, item 5)', () => {
  it('says, per community, who carries an unhealthy account’s groups, or how many wait when none of ours is there', () => {
    const h = createHarness()
    const c = seedCommunity(h)
    const now = h.clock.now()
    for (const r of h.repos.outbox.all()) h.repos.outbox.markSent(r.id, now) // what the set-up said is out
    h.repos.accounts.register(
      [
        { name: '小助手1', standby: false },
        { name: '小助手2', standby: false },
      ],
      now,
    )
    h.repos.accounts.loggedIn('小助手1', 'bot', now)
    h.repos.accounts.loggedIn('小助手2', 'bot2', now)
    h.repos.accounts.claim(c.grid, '小助手1', now)
    h.repos.accounts.claim(c.staffRoom, '小助手1', now)
    h.repos.members.upsert(c.staffRoom, rosterEntry('bot2', '小助手2'), now)
    h.repos.accounts.setHealthy('小助手1', false, now)
    const notes = failoverNotes(h.deps, '小助手1', false)
    expect(notes).toEqual([
      toRoom(c.staffRoom, '小助手1 已离线，本社区消息暂由小助手2 发送；另有 1 个群暂无其他账号可发，消息等它恢复后发出', [], 'reply'),
    ])
    enqueue(h.repos.outbox, [toRoom(c.grid, 'waits'), ...notes], now, 20)
    const rows = h.repos.outbox.all().slice(-2)
    expect(rows.map((r) => [r.text.slice(0, 5), r.account])).toEqual([
      ['waits', null], // nobody of ours is healthy in the grid group: it waits
      ['小助手1 ', '小助手2'], // the staff group hears it through the account that works
    ])
    expect(h.repos.outbox.waiting()).toBe(1)
    h.repos.members.upsert(c.grid, rosterEntry('bot2', '小助手2'), now) // a standby added to the group
    h.repos.outbox.reroute(null, now)
    expect(h.repos.outbox.waiting()).toBe(0)
    expect(h.repos.outbox.all().find((r) => r.text === 'waits')?.account).toBe('小助手2')
  })
})
