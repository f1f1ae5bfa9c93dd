import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createOutboxSender, type Transport } from '../../src/bot/outbox.js'
import { systemClock } from '../../src/clock.js'
import { createLogger } from '../../src/logger.js'
import { openDatabase } from '../../src/store/database.js'
import { createRepos } from '../../src/store/repos.js'
import { coreHandler } from '../support/core.js'
import { DEFAULT_POLICY } from '../../src/domain/policy.js'
import { enqueue, toParts } from '../../src/domain/outgoing.js'

const log = createLogger('silent')

function world(opts: { quiet?: boolean; failFirst?: number } = {}) {
  const repos = createRepos(openDatabase(':memory:'))
  const sent: { at: number; to: string; text: string; mentionIds: string[]; file?: string }[] = []
  let failures = opts.failFirst ?? 0
  const transport: Transport = {
    async send(row) {
      if (failures-- > 0) throw new Error('network down')
      sent.push({
        at: Date.now(),
        to: row.conversationId,
        text: row.text,
        mentionIds: row.mentionIds,
        ...(row.file ? { file: row.file } : {}),
      })
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
    photoFile: (id) => repos.cases.attachment(id)?.path ?? undefined,
  })
  const queue = (text: string, priority: 'reply' | 'push' | 'urgent' = 'reply', conversationId = 'g@chatroom') =>
    repos.outbox.insert(
      { conversationId, isRoom: conversationId.endsWith('@chatroom'), text, mentionIds: [], priority, notBefore: Date.now() },
      Date.now(),
    )
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

describe('fair queuing and coalescing (issue 16, item 4)', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    vi.setSystemTime(new Date('2026-11-23T02:00:00Z'))
  })
  afterEach(() => vi.useRealTimers())

  it("lets one group's 500 queued replies delay another group's reply by one message at most", async () => {
    const w = world()
    for (let i = 0; i < 500; i++) w.queue(`a${i}`, 'reply', 'a@chatroom')
    w.queue('b0', 'reply', 'b@chatroom')
    w.sender.kick()
    await vi.advanceTimersByTimeAsync(30_000)
    expect(w.sent.slice(0, 3).map((s) => s.text)).toEqual(['a0', 'b0', 'a1'])
    const before = w.sent.length
    w.queue('b1', 'reply', 'b@chatroom') // arrives while a's backlog is being sent
    await vi.advanceTimersByTimeAsync(10_000)
    const sent = w.sent.map((s) => s.text)
    expect(sent.indexOf('b1')).toBeGreaterThanOrEqual(before)
    expect(sent.indexOf('b1')).toBeLessThanOrEqual(before + 1) // behind the one a-message already in its slot, at most
    expect(sent.filter((t) => t.startsWith('a'))).toEqual(Array.from({ length: sent.length - 2 }, (_, i) => `a${i}`))
  })

  it("lets one member's 500 replies in a group delay another member's reply there by one message at most", async () => {
    const w = world()
    const reply = (text: string, to: string) =>
      w.repos.outbox.insert(
        { conversationId: 'g@chatroom', isRoom: true, text, mentionIds: [to], answers: to, priority: 'reply', notBefore: Date.now() },
        Date.now(),
      )
    for (let i = 0; i < 500; i++) reply(`a${i}`, 'a')
    w.sender.kick()
    await vi.advanceTimersByTimeAsync(10_000)
    const before = w.sent.length
    reply('b0', 'b')
    await vi.advanceTimersByTimeAsync(10_000)
    expect(w.sent.map((s) => s.text).indexOf('b0')).toBe(before) // the very next message: b was least recently sent to
  })

  it('takes conversations in turns within a priority, urgent and replies still before pushes', async () => {
    const w = world()
    for (const t of ['a1', 'a2', 'a3']) w.queue(t, 'push', 'a@chatroom')
    for (const t of ['b1', 'b2']) w.queue(t, 'push', 'b@chatroom')
    w.queue('c1', 'push', 'c@chatroom')
    w.queue('r1', 'reply', 'a@chatroom')
    w.sender.kick()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(w.sent.map((s) => s.text)).toEqual(['r1', 'a1', 'b1', 'c1', 'a2', 'b2', 'a3'])
  })

  it("merges a worker's backed-up private notices into few messages under 500 characters, and nobody else's", async () => {
    const w = world()
    w.queue('busy', 'reply', 'g@chatroom')
    const notice = (n: number) =>
      `新案件 编号 ${n}\n阳光社区1号网格｜房屋维修\n位置：${n}号楼\n报事人：3-2-502 张三\n内容：${n}号楼楼道灯不亮`
    for (let n = 1; n <= 10; n++) w.queue(notice(n), 'push', 'w1')
    for (let n = 11; n <= 14; n++) w.queue(notice(n), 'push', 'g@chatroom')
    w.queue(notice(15), 'push', 'w2')
    w.sender.kick()
    await vi.advanceTimersByTimeAsync(120_000)
    const toWorker = w.sent.filter((s) => s.to === 'w1')
    expect(toWorker.length).toBeLessThan(4)
    for (const s of toWorker) expect(s.text.length).toBeLessThan(500)
    expect(toWorker.map((s) => s.text).join('\n\n')).toBe(Array.from({ length: 10 }, (_, i) => notice(i + 1)).join('\n\n'))
    expect(w.sent.filter((s) => s.to === 'g@chatroom')).toHaveLength(5) // a group's messages stay as they are
    expect(w.sent.filter((s) => s.to === 'w2').map((s) => s.text)).toEqual([notice(15)])
    expect(w.repos.outbox.queuedCount()).toBe(0)
  })

  it('leaves a short private backlog alone', async () => {
    const w = world()
    for (const t of ['p1', 'p2', 'p3']) w.queue(t, 'push', 'w1')
    w.sender.kick()
    await vi.advanceTimersByTimeAsync(30_000)
    expect(w.sent.map((s) => s.text)).toEqual(['p1', 'p2', 'p3'])
  })
})

describe('photos in the outbox (issue 14, item 8)', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    vi.setSystemTime(new Date('2026-11-23T02:00:00Z'))
  })
  afterEach(() => vi.useRealTimers())

  it('sends a photo from its stored file, paced, after the texts before it; one still downloading waits for it', async () => {
    const w = world()
    const photo = (messageId: string) =>
      w.repos.cases.addAttachment({ caseId: null, roomId: 'g@chatroom', senderId: 'r1', messageId, createdAt: Date.now() })!
    const stored = photo('m-stored')
    w.repos.cases.markAttachment(stored, { status: 'stored', path: '/data/attachments/1/m-stored.jpg' })
    const downloading = photo('m-downloading')
    const toWorker = (attachmentId?: number, text = '') =>
      enqueue(
        w.repos.outbox,
        [{ conversationId: 'w1', isRoom: false, text, mentionIds: [], priority: 'push', attachmentId }],
        Date.now(),
        20,
      )
    for (const t of ['t1', 't2', 't3', 't4', 't5']) toWorker(undefined, t)
    toWorker(stored)
    toWorker(downloading)
    for (const t of ['t6', 't7']) toWorker(undefined, t)
    w.sender.kick()
    await vi.advanceTimersByTimeAsync(60_000)
    // Five texts merged (a backlog of more than three), never across the photo; the downloading photo waits.
    expect(w.sent.map((s) => s.file ?? s.text)).toEqual(['t1\n\nt2\n\nt3\n\nt4\n\nt5', '/data/attachments/1/m-stored.jpg', 't6', 't7'])
    const gaps = w.sent.slice(1).map((s, i) => s.at - w.sent[i]!.at)
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(4000)
    w.repos.cases.markAttachment(downloading, { status: 'stored', path: '/data/attachments/1/m-downloading.jpg' })
    expect(w.repos.outbox.photoReady(downloading, true)).toBe(1)
    w.sender.kick()
    await vi.advanceTimersByTimeAsync(10_000)
    expect(w.sent.at(-1)).toMatchObject({ to: 'w1', file: '/data/attachments/1/m-downloading.jpg' })
    expect(w.repos.outbox.queuedCount()).toBe(0)
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
