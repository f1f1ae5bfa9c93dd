// One member floods a grid group for 60 s while another files a report at second 30; the bot runs with the
// production pacing (3 s + up to 2 s jitter, 15 a minute) on simulated time: a fake clock, the outbox's
// injectable timers and a seeded random, so 60 s and the drain after it take well under a second.
//   flood.ts commands [budget|no-budget]  2,000 #帮助/#我的
//   flood.ts add [budget|no-budget]       1,000 #补充 of 4,900 characters to one's own case
import { createOutboxSender, type Timers } from '../../src/bot/outbox.js'
import type { InboundMessage } from '../../src/domain/model.js'
import { rosterEntry } from '../../src/domain/roster.js'
import { createLogger } from '../../src/logger.js'
import { openDatabase } from '../../src/store/database.js'
import { createRepos } from '../../src/store/repos.js'
import { coreHandler } from '../../tests/support/core.js'
import { FakeClock } from '../../tests/support/fake-clock.js'
import { benchDeps, report, tempFile } from './common.js'

const mode = process.argv[2] === 'add' ? 'add' : 'commands'
const budget = process.argv[3] !== 'no-budget'
const FLOOD = mode === 'add' ? 1000 : 2000
const FLOOD_MS = 60_000
const OTHER_AT = 30_000

const clock = new FakeClock()
const start = clock.now()
const repos = createRepos(openDatabase(tempFile('flood.db')))
const deps = benchDeps(repos, clock, { budget })
const handler = coreHandler(deps)
const room = 'g@chatroom'
const flooder = { id: 'r1', name: '3-2-502 张三' }
const other = { id: 'r2', name: '5-1-101 李四' }
let seq = 0
const message = (who: { id: string; name: string }, text: string): InboundMessage => ({
  id: `m${++seq}`,
  roomId: room,
  senderId: who.id,
  senderName: who.name,
  kind: 'text',
  text,
  mentionIds: [],
  self: false,
})

repos.directory.touchGroup(room, '1号网格', clock.now())
for (const [id, name] of [
  ['bot', '小助手'],
  ['admin', '管理员'],
  ['w1', '网格员 王五'],
  [flooder.id, flooder.name],
  [other.id, other.name],
])
  repos.members.upsert(room, rosterEntry(id!, name!), clock.now())
handler.handle(message({ id: 'admin', name: '管理员' }, '#绑定网格 阳光社区 1号网格'))
handler.handle({ ...message({ id: 'admin', name: '管理员' }, '#设置 网格员'), mentionIds: ['w1'] })
if (mode === 'add') handler.handle(message(flooder, '#报事 5号楼电梯坏了'))
repos.outbox.all().forEach((r) => repos.outbox.markSent(r.id, clock.now()))
const rowsBefore = repos.outbox.all().length
clock.advance('2m') // the setup's commands are out of the flooder's budget window

// Simulated timers: the sender's waits go on a list the loop below runs in time order.
let timerSeq = 0
const timers = new Map<number, { at: number; fn: () => void }>()
const fakeTimers: Timers = {
  setTimeout: (fn, ms) => (timers.set(++timerSeq, { at: clock.now() + ms, fn }), timerSeq),
  clearTimeout: (h) => void timers.delete(h as number),
}
let seed = 42 // mulberry32: the jitter as Math.random would give it, the same every run
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const sent: { at: number; to: string; mentionIds: string[]; text: string }[] = []
const sender = createOutboxSender({
  repo: repos.outbox,
  transport: {
    send: async (row) => void sent.push({ at: clock.now(), to: row.conversationId, mentionIds: row.mentionIds, text: row.text }),
  },
  clock,
  send: { minGapMs: 3000, jitterMs: 2000, maxPerMinute: 15, mentionsPerMessage: 20 },
  timeZone: 'Asia/Shanghai',
  log: createLogger('silent'),
  timers: fakeTimers,
  random,
})

const t0 = clock.now()
const big = '电梯'.repeat(2450)
const inbound = Array.from({ length: FLOOD }, (_, i) => ({
  at: t0 + Math.floor((i * FLOOD_MS) / FLOOD),
  m: message(flooder, mode === 'add' ? `#补充 1 ${big}` : i % 2 ? '#我的' : '#帮助'),
}))
inbound.push({ at: t0 + OTHER_AT, m: message(other, '#报事 3号楼楼道灯不亮好几天了') })
inbound.sort((a, b) => a.at - b.at)

const wallStart = performance.now()
let next = 0
for (;;) {
  const timer = [...timers.entries()].sort((a, b) => a[1].at - b[1].at)[0]
  const due = inbound[next]
  if (!due && !timer) break
  if (due && (!timer || due.at <= timer[1].at)) {
    clock.set(Math.max(clock.now(), due.at))
    next++
    handler.handle(due.m)
    sender.kick()
  } else {
    clock.set(Math.max(clock.now(), timer![1].at))
    timers.delete(timer![0])
    timer![1].fn()
  }
  await sender.idle()
}
const wallMs = performance.now() - wallStart

const otherReply = sent.find((s) => s.to === room && s.mentionIds.includes(other.id))
const rows = repos.outbox.all().slice(rowsBefore)
report({
  mode,
  budget,
  flood: FLOOD,
  otherReplyAfterSeconds: otherReply ? +((otherReply.at - (t0 + OTHER_AT)) / 1000).toFixed(1) : null,
  sentBeforeOtherReply: otherReply ? sent.indexOf(otherReply) : null,
  repliesToFlooder: sent.filter((s) => s.mentionIds.includes(flooder.id)).length,
  outboxRows: rows.length,
  outboxTextKb: +(rows.reduce((n, r) => n + Buffer.byteLength(r.text), 0) / 1024).toFixed(1),
  drainedAfterMinutes: +((clock.now() - t0) / 60_000).toFixed(1),
  wallMs: Math.round(wallMs),
  sinceStartMinutes: +((clock.now() - start) / 60_000).toFixed(1),
})
