import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createOutboxSender, type Transport } from '../../src/bot/outbox.js'
import { systemClock } from '../../src/clock.js'
import { PUSH_RANK, toRoom } from '../../src/domain/outgoing.js'
import type { Outgoing } from '../../src/domain/model.js'
import { createLogger } from '../../src/logger.js'
import { openDatabase } from '../../src/store/database.js'
import { createRepos } from '../../src/store/repos.js'

const log = createLogger('silent')
const PRODUCTION = { minGapMs: 3000, jitterMs: 2000, maxPerMinute: 15, mentionsPerMessage: 20 }

/** Two accounts' senders over one queue, at production pacing, on fake timers. */
function world(names: string[], send = PRODUCTION) {
  const repos = createRepos(openDatabase(':memory:'))
  repos.accounts.register(
    names.map((name) => ({ name, standby: false })),
    Date.now(),
  )
  const sent: { at: number; account: string; to: string; text: string }[] = []
  const paused = new Map<string, boolean>()
  const senders = names.map((name, i) => {
    const transport: Transport = {
      async send(row) {
        sent.push({ at: Date.now(), account: name, to: row.conversationId, text: row.text })
      },
    }
    return createOutboxSender({
      repo: repos.outbox,
      transport,
      clock: systemClock,
      log,
      timeZone: 'Asia/Shanghai',
      send,
      random: () => 0.5,
      account: { name, unrouted: i === 0 },
    })
  })
  const queue = (out: Outgoing, account: string) => repos.outbox.insert({ ...out, account, notBefore: Date.now() }, Date.now())
  return { repos, sent, senders, queue, paused, kick: () => senders.forEach((s) => s.kick()) }
}

const perMinute = (sent: { at: number }[], from: number) => sent.filter((s) => s.at >= from && s.at < from + 60_000).length

describe('pacing per account (issue 15, item 3)', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    vi.setSystemTime(new Date('2026-12-01T02:00:00Z')) // 10:00 in Shanghai
  })
  afterEach(() => vi.useRealTimers())

  it('sends for two accounts in parallel, each at exactly 15 a minute with 4 s between its messages', async () => {
    const w = world(['A', 'B'])
    const start = Date.now()
    for (let i = 0; i < 40; i++) {
      w.queue(toRoom(`a${i}@chatroom`, `a${i}`), 'A')
      w.queue(toRoom(`b${i}@chatroom`, `b${i}`), 'B')
    }
    w.kick()
    await vi.advanceTimersByTimeAsync(60_000)
    const of = (a: string) => w.sent.filter((s) => s.account === a)
    expect(perMinute(of('A'), start)).toBe(15)
    expect(perMinute(of('B'), start)).toBe(15)
    expect(w.sent.filter((s) => s.at === start).map((s) => s.account)).toEqual(['A', 'B']) // side by side, not in turn
    for (const a of ['A', 'B']) {
      const gaps = of(a)
        .slice(1)
        .map((s, i) => s.at - of(a)[i]!.at)
      expect(new Set(gaps)).toEqual(new Set([4000]))
    }
    expect(of('A').every((s) => s.text.startsWith('a'))).toBe(true)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(perMinute(of('A'), start + 60_000)).toBe(15)
    expect(perMinute(of('B'), start + 60_000)).toBe(15)
  })

  it("holds only the throttled account: WeChat's 操作过于频繁 to one leaves the other sending", async () => {
    const w = world(['A', 'B'])
    for (let i = 0; i < 20; i++) {
      w.queue(toRoom(`a${i}@chatroom`, `a${i}`), 'A')
      w.queue(toRoom(`b${i}@chatroom`, `b${i}`), 'B')
    }
    w.senders[0]!.pause(60_000)
    w.kick()
    await vi.advanceTimersByTimeAsync(59_000)
    expect(w.sent.filter((s) => s.account === 'A')).toHaveLength(0)
    expect(w.sent.filter((s) => s.account === 'B')).toHaveLength(15)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(w.sent.filter((s) => s.account === 'A').length).toBeGreaterThan(0)
  })

  it('sends escalations before notices, reminders and digests within an account, an old reminder still going out', async () => {
    const w = world(['A'])
    const push = (text: string, rank: number) => w.queue({ ...toRoom(`${text}@chatroom`, text), ...(rank ? { rank } : {}) }, 'A')
    push('digest', PUSH_RANK.digest)
    push('reminder-old', PUSH_RANK.reminder)
    push('notice', PUSH_RANK.notice)
    push('escalation', PUSH_RANK.escalation)
    w.kick()
    await vi.advanceTimersByTimeAsync(20_000)
    expect(w.sent.map((s) => s.text)).toEqual(['escalation', 'notice', 'reminder-old', 'digest'])

    // A reminder queued behind a long stream of escalations: after 30 minutes it ranks with them and goes out.
    const v = world(['A'])
    v.queue({ ...toRoom('r@chatroom', 'reminder'), rank: PUSH_RANK.reminder }, 'A')
    const escalate = (n: number) => v.queue(toRoom(`e${n}@chatroom`, `e${n}`), 'A')
    for (let n = 0; n < 15; n++) escalate(n)
    v.kick()
    let n = 15
    for (let minute = 0; minute < 40 && !v.sent.some((s) => s.text === 'reminder'); minute++) {
      for (let k = 0; k < 16; k++) escalate(n++) // more escalations than one account can send a minute
      v.kick()
      await vi.advanceTimersByTimeAsync(60_000)
    }
    const at = v.sent.find((s) => s.text === 'reminder')?.at
    expect(at).toBeDefined()
    expect(at! - Date.parse('2026-12-01T02:00:00Z')).toBeGreaterThanOrEqual(30 * 60_000)
    expect(at! - Date.parse('2026-12-01T02:00:00Z')).toBeLessThan(32 * 60_000)
  })
})
