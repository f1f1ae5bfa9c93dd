// A 500-recipient grid group: one notice, 450 acknowledgements, then round 1. Measures acknowledgement
// handling per message next to plain chat, the non-responder list, the round, and the paced sending.
import { createOutboxSender } from '../../src/bot/outbox.js'
import { coreHandler } from '../../tests/support/core.js'
import { createLogger } from '../../src/logger.js'
import { tickRules } from '../../tests/support/core.js'
import { rosterEntry } from '../../src/domain/roster.js'
import { runTick } from '../../src/rules/run-tick.js'

const RULES = tickRules()
import { openDatabase } from '../../src/store/database.js'
import { createRepos } from '../../src/store/repos.js'
import { FakeClock } from '../../tests/support/fake-clock.js'
import { benchDeps, report, tempFile } from './common.js'

const RECIPIENTS = 500
const ACKS = 450
const clock = new FakeClock()
const repos = createRepos(openDatabase(tempFile('notice.db')))
const deps = benchDeps(repos, clock)
const handler = coreHandler(deps)
const room = 'g@chatroom'
let seq = 0
const say = (senderId: string, senderName: string, text: string) =>
  handler.handle({
    id: `m${++seq}`,
    roomId: room,
    senderId,
    senderName,
    kind: 'text',
    text,
    mentionIds: [],
    self: false,
  })

repos.directory.touchGroup(room, '1号网格', clock.now())
repos.members.upsert(room, rosterEntry('bot', '小助手'), clock.now())
repos.members.upsert(room, rosterEntry('admin', '管理员'), clock.now())
repos.members.upsert(room, rosterEntry('leader', '网格长 刘'), clock.now())
const people = Array.from({ length: RECIPIENTS }, (_, i) => ({
  id: `r${i}`,
  nickname: `${1 + (i % 30)}-${1 + (i % 4)}-${100 + i} 居民${i}`,
}))
for (const p of people) repos.members.upsert(room, rosterEntry(p.id, p.nickname), clock.now())
say('admin', '管理员', '#绑定网格 阳光社区 1号网格')
repos.directory.setRole(
  { contactId: 'leader', name: '刘', role: 'leader', scopeKind: 'grid', scopeId: repos.directory.group(room)!.gridId! },
  clock.now(),
)

let t = performance.now()
say('leader', '网格长 刘', '#通知 今天下午6点前请到社区登记电动车')
const publishMs = performance.now() - t
const noticeId = repos.notices.latestInRoom(room)!.id
if (repos.notices.counts(noticeId).total !== RECIPIENTS) throw new Error(`recipients ${repos.notices.counts(noticeId).total}`)

// Plain chat first (each message its own transaction, as a lone message arrives), then the acknowledgements.
const words = ['收到', '好的', '收到，谢谢', '1', '已阅', 'ok', '明白']
t = performance.now()
for (let i = 0; i < ACKS; i++) say(people[i]!.id, people[i]!.nickname, i % 2 ? '今天天气不错' : '谢谢网格员辛苦了')
const chatUs = ((performance.now() - t) * 1000) / ACKS
t = performance.now()
for (let i = 0; i < ACKS; i++) say(people[i]!.id, people[i]!.nickname, words[i % words.length]!)
const ackUs = ((performance.now() - t) * 1000) / ACKS
if (repos.notices.counts(noticeId).acked !== ACKS) throw new Error(`acked ${repos.notices.counts(noticeId).acked}`)

// The non-responder list, warm (a round reads it once).
repos.notices.pending(noticeId)
t = performance.now()
const pending = repos.notices.pending(noticeId)
const pendingMs = performance.now() - t

repos.outbox.all().forEach((r) => repos.outbox.markSent(r.id, clock.now()))
clock.advance('30m')
t = performance.now()
runTick(deps, RULES, clock.now(), (rule, err) => {
  throw new Error(`${rule}: ${err}`)
})
const roundMs = performance.now() - t
const queued = repos.outbox.all().filter((r) => r.status === 'queued')
const mentionsPerMessage = queued.map((r) => r.mentionIds.length)

// The round through the real paced sender (default 3 s + up to 2 s jitter between messages).
const sentAt: number[] = []
const offset = clock.now() - Date.now()
const sender = createOutboxSender({
  repo: repos.outbox,
  clock: { now: () => Date.now() + offset },
  send: { minGapMs: 3000, jitterMs: 2000, maxPerMinute: 15, mentionsPerMessage: 20 },
  timeZone: 'Asia/Shanghai',
  log: createLogger('silent'),
  transport: { send: async () => void sentAt.push(Date.now()) },
})
const sendStart = Date.now()
await sender.flush(30_000)
await sender.stop()

report({
  recipients: RECIPIENTS,
  acks: ACKS,
  publishMs: +publishMs.toFixed(2),
  chatUsPerMessage: +chatUs.toFixed(0),
  ackUsPerMessage: +ackUs.toFixed(0),
  pending: pending.length,
  pendingMs: +pendingMs.toFixed(2),
  roundMs: +roundMs.toFixed(2),
  mentionsPerMessage,
  sentAfterSeconds: sentAt.map((s) => +((s - sendStart) / 1000).toFixed(1)),
})
