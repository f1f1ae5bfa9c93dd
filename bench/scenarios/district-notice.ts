// A district's notice to all its grid groups under production pacing, on a simulated clock: 800 groups shared out
// among N accounts (one paced outbox each, the real senders), until the last post is out. Usage: district-notice.ts <groups> <accounts>
import { createOutboxSender, type Timers } from '../../src/bot/outbox.js'
import { planBroadcast } from '../../src/domain/broadcast-plan.js'
import { toRoom } from '../../src/domain/outgoing.js'
import { createLogger } from '../../src/logger.js'
import { openDatabase } from '../../src/store/database.js'
import { createRepos } from '../../src/store/repos.js'
import { benchDeps, report } from './common.js'

const groups = Number(process.argv[2] ?? 800)
const accountCount = Number(process.argv[3] ?? 40)
const START = Date.parse('2026-12-01T02:00:00Z') // 10:00 in Shanghai

/** A clock and timers that jump from one timer to the next: minutes of pacing in milliseconds. */
function simulatedTime() {
  let now = START
  let seq = 0
  const pending = new Map<number, { at: number; fn: () => void }>()
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      pending.set(++seq, { at: now + ms, fn })
      return seq
    },
    clearTimeout: (id) => void pending.delete(id as number),
  }
  return {
    clock: { now: () => now },
    timers,
    async run(done: () => boolean): Promise<void> {
      while (!done()) {
        await new Promise((r) => setImmediate(r)) // let the senders' promises settle
        if (done()) return
        const [id, next] = [...pending].sort((a, b) => a[1].at - b[1].at)[0] ?? []
        if (id === undefined || !next) throw new Error('nothing scheduled')
        pending.delete(id)
        now = Math.max(now, next.at)
        next.fn()
      }
    },
  }
}

const t = simulatedTime()
const repos = createRepos(openDatabase(':memory:'))
const names = Array.from({ length: accountCount }, (_, i) => `小助手${i + 1}`)
repos.accounts.register(
  names.map((name) => ({ name, standby: false })),
  START,
)
names.forEach((name, i) => repos.accounts.loggedIn(name, `bot${i + 1}`, START))
const rooms = Array.from({ length: groups }, (_, i) => `grid${i + 1}@chatroom`)
repos.transaction(() =>
  rooms.forEach((roomId, i) => {
    repos.directory.touchGroup(roomId, `${i + 1}号网格群`, START)
    repos.accounts.claim(roomId, names[i % accountCount]!, START)
  }),
)
const posts = rooms.map((r) => toRoom(r, '【通知编号 1】本周六上午9点小区大扫除\n请回复"收到"确认（或引用本条回复）', [], 'reply'))
const deps = { ...benchDeps(repos, t.clock), pacing: { minGapMs: 3000, jitterMs: 2000, maxPerMinute: 15 } }
const plan = planBroadcast(deps, posts, 'reply', START)
for (const p of posts) repos.outbox.insert({ ...p, notBefore: START }, START)

let sent = 0
let lastAt = START
const log = createLogger('silent')
const senders = names.map((name, i) =>
  createOutboxSender({
    repo: repos.outbox,
    transport: {
      async send() {
        sent++
        lastAt = t.clock.now()
      },
    },
    clock: t.clock,
    timers: t.timers,
    send: { minGapMs: 3000, jitterMs: 2000, maxPerMinute: 15, mentionsPerMessage: 20 },
    timeZone: 'Asia/Shanghai',
    log,
    account: { name, unrouted: i === 0 },
  }),
)
const wall = performance.now()
for (const s of senders) s.kick()
await t.run(() => sent >= groups)
report({
  groups,
  accounts: accountCount,
  lastPostMin: Number(((lastAt - START) / 60_000).toFixed(2)),
  plannedMin: Number(((plan.lastAt - START) / 60_000).toFixed(2)),
  limitMin: Number((groups / (accountCount * 15)).toFixed(2)),
  simulatedInMs: Math.round(performance.now() - wall),
})
for (const s of senders) await s.stop()
