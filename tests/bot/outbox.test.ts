import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createOutboxSender, type Transport } from '../../src/bot/outbox.js'
import { systemClock } from '../../src/clock.js'
import { createLogger } from '../../src/logger.js'
import { openDatabase } from '../../src/store/database.js'
import { createRepos } from '../../src/store/repos.js'
import { coreHandler } from '../support/core.js'
import { DEFAULT_POLICY } from '../../src/domain/policy.js'
import { toParts } from '../../src/domain/outgoing.js'

const log = createLogger('silent')

function world(opts: { quiet?: boolean; failFirst?: number } = {}) {
  const repos = createRepos(openDatabase(':memory:'))
  const sent: { at: number; text: string; mentionIds: string[] }[] = []
  let failures = opts.failFirst ?? 0
  const transport: Transport = {
    async send(row) {
      if (failures-- > 0) throw new Error('network down')
      sent.push({ at: Date.now(), text: row.text, mentionIds: row.mentionIds })
    },
  }
  const sender = createOutboxSender({
    repo: repos.outbox,
    transport,
    clock: systemClock,
    log,
    timeZone: 'Asia/Shanghai',
    send: { minGapMs: 3000, jitterMs: 2000, maxPerMinute: 15, mentionsPerMessage: 20 },
    quietHours: opts.quiet ? { startMinute: 21 * 60 + 30, endMinute: 7 * 60 + 30 } : undefined,
    random: () => 0.5,
  })
  const queue = (text: string, priority: 'reply' | 'push' | 'urgent' = 'reply') =>
    repos.outbox.insert({ conversationId: 'g@chatroom', isRoom: true, text, mentionIds: [], priority, notBefore: Date.now() }, Date.now())
  return { repos, sent, sender, queue }
}

describe('the paced outbox', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    vi.setSystemTime(new Date('2026-11-23T02:00:00Z')) // 10:00 in Shanghai
  })
  afterEach(() => vi.useRealTimers())

  it('keeps at least 3 s + jitter between messages and at most 15 a minute', async () => {
    const w = world()
    for (let i = 0; i < 20; i++) w.queue(`m${i}`)
    w.sender.kick()
    await vi.advanceTimersByTimeAsync(120_000)
    expect(w.sent).toHaveLength(20)
    const gaps = w.sent.slice(1).map((s, i) => s.at - w.sent[i]!.at)
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(4000) // 3000 + 0.5 × 2000
    for (const s of w.sent) expect(w.sent.filter((o) => o.at > s.at - 60_000 && o.at <= s.at).length).toBeLessThanOrEqual(15)
    expect(w.repos.outbox.queuedCount()).toBe(0)
  })

  it('sends urgent messages first', async () => {
    const w = world()
    w.queue('push', 'push')
    w.queue('reply')
    w.queue('urgent', 'urgent')
    w.sender.kick()
    await vi.advanceTimersByTimeAsync(20_000)
    expect(w.sent.map((s) => s.text)).toEqual(['urgent', 'reply', 'push'])
  })

  it('holds pushes in quiet hours until 07:30, but not urgent messages or replies', async () => {
    vi.setSystemTime(new Date('2026-11-23T14:00:00Z')) // 22:00 in Shanghai
    const w = world({ quiet: true })
    w.queue('push', 'push')
    w.queue('urgent', 'urgent')
    w.queue('reply')
    w.sender.kick()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(w.sent.map((s) => s.text)).toEqual(['urgent', 'reply'])
    await vi.advanceTimersByTimeAsync(9.5 * 3600_000)
    expect(w.sent.map((s) => s.text)).toEqual(['urgent', 'reply', 'push'])
    expect(new Date(w.sent[2]!.at).toISOString()).toBe('2026-11-23T23:30:00.000Z')
  })

  it('on shutdown sends what it can in 5 s, paced, and leaves the rest queued', async () => {
    const w = world()
    for (const t of ['a', 'b', 'c']) w.queue(t)
    const flushed = w.sender.flush(5_000)
    await vi.advanceTimersByTimeAsync(6_000)
    await flushed
    await w.sender.stop()
    expect(w.sent.map((s) => s.text)).toEqual(['a', 'b']) // at 0 s and 4 s; the third would be at 8 s
    expect(w.repos.outbox.queuedCount()).toBe(1)
  })

  it('retries a failed send and sends it once', async () => {
    const w = world({ failFirst: 2 })
    w.queue('hello')
    w.sender.kick()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(w.sent.map((s) => s.text)).toEqual(['hello'])
  })
})

describe('the outbox when the database cannot write', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    vi.setSystemTime(new Date('2026-11-23T02:00:00Z'))
  })
  afterEach(() => vi.useRealTimers())

  const full = () => {
    throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })
  }

  it('sends what it is given directly without the database: first, paced, masked in groups', async () => {
    const w = world()
    w.queue('queued before')
    w.repos.outbox.nextDue = full
    w.sender.sendNow([{ conversationId: 'g@chatroom', isRoom: true, text: '电话 13812345678', mentionIds: ['r1'], priority: 'reply' }])
    w.sender.sendNow([{ conversationId: 'u', isRoom: false, text: '私聊 13812345678', mentionIds: [], priority: 'reply' }])
    await vi.advanceTimersByTimeAsync(3_000)
    expect(w.sent.map((s) => s.text)).toEqual(['电话 138****5678'])
    await vi.advanceTimersByTimeAsync(20_000)
    expect(w.sent.map((s) => s.text)).toEqual(['电话 138****5678', '私聊 13812345678'])
    expect(w.sent[1]!.at - w.sent[0]!.at).toBeGreaterThanOrEqual(4000)
    expect(w.repos.outbox.queuedCount()).toBe(1) // the database's rows wait for it
  })

  it('a send it could not record is recorded when the database writes again, and not sent twice', async () => {
    const w = world()
    w.queue('a')
    w.queue('b')
    const markSent = w.repos.outbox.markSent.bind(w.repos.outbox)
    w.repos.outbox.markSent = full
    w.sender.kick()
    await vi.advanceTimersByTimeAsync(30_000)
    expect(w.sent.map((s) => s.text)).toEqual(['a'])
    w.repos.outbox.markSent = markSent
    await vi.advanceTimersByTimeAsync(30_000)
    expect(w.sent.map((s) => s.text)).toEqual(['a', 'b'])
    expect(w.repos.outbox.queuedCount()).toBe(0)
  })

  it('a kick while a pump is finishing is not lost', async () => {
    const w = world()
    w.sender.sendNow([]) // a pump that finds nothing…
    w.sender.sendNow([{ conversationId: 'u', isRoom: false, text: 'now', mentionIds: [], priority: 'urgent' }]) // …and a kick in the same turn
    await vi.advanceTimersByTimeAsync(10)
    expect(w.sent.map((s) => s.text)).toEqual(['now'])
  })
})

describe('message splitting', () => {
  it('puts at most 20 @-mentions in one message: 50 go out as 20 + 20 + 10', () => {
    const ids = Array.from({ length: 50 }, (_, i) => `c${i}`)
    expect(toParts({ text: '请回复收到', mentionIds: ids, isRoom: true }, 20).map((p) => p.mentionIds.length)).toEqual([20, 20, 10])
  })

  it('splits a long list at line breaks into messages under 500 characters', () => {
    const text = Array.from({ length: 60 }, (_, i) => `编号 ${i}｜房屋维修｜待受理｜11-22 10:05`).join('\n')
    const parts = toParts({ text, mentionIds: [], isRoom: true }, 20)
    expect(parts.length).toBeGreaterThan(1)
    for (const p of parts) expect(p.text.length).toBeLessThan(500)
    expect(parts.map((p) => p.text).join('\n')).toBe(text)
  })
})

describe('a crash between handling and sending loses nothing', () => {
  it('keeps the queued reply in the database file and sends it after reopening', async () => {
    vi.useRealTimers()
    const { mkdtempSync } = await import('node:fs')
    const { join } = await import('node:path')
    const { tmpdir } = await import('node:os')
    const file = join(mkdtempSync(join(tmpdir(), 'gridbot-outbox-')), 'bot.db')
    const first = openDatabase(file)
    const repos = createRepos(first)
    const handler = coreHandler({
      repos,
      clock: systemClock,
      policy: DEFAULT_POLICY,
      timeZone: 'Asia/Shanghai',
      admins: [],
      bot: { id: 'bot', name: '小助手' },
      mentionsPerMessage: 20,
    })
    handler.handle({ id: 'x1', roomId: null, senderId: 'u', senderName: 'u', kind: 'text', text: '#我的', mentionIds: [], self: false })
    first.close() // the process dies before the outbox ran
    const again = createRepos(openDatabase(file))
    const sent: string[] = []
    const sender = createOutboxSender({
      repo: again.outbox,
      transport: { send: async (r) => void sent.push(r.text) },
      clock: systemClock,
      log,
      timeZone: 'Asia/Shanghai',
      send: { minGapMs: 0, jitterMs: 0, maxPerMinute: 100, mentionsPerMessage: 20 },
    })
    sender.kick()
    await sender.idle()
    expect(sent).toEqual(['你还没有报过事。报事请发 #报事 <描述>'])
  })
})
