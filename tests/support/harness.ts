import type { HandleOutcome } from '../../src/commands/handle-message.js'
import type { QuietHours } from '../../src/config.js'
import type { CoreDeps } from '../../src/domain/core.js'
import type { InboundMessage, OutboxRow } from '../../src/domain/model.js'
import { DEFAULT_POLICY, type Policy } from '../../src/domain/policy.js'
import { rosterEntry } from '../../src/domain/roster.js'
import { runTick, type TickResult } from '../../src/rules/run-tick.js'
import { openDatabase } from '../../src/store/database.js'
import { createRepos } from '../../src/store/repos.js'
import { coreHost, tickRules } from './core.js'
import { FakeClock } from './fake-clock.js'

/** A member of the harness's simulated groups. */
export interface Person {
  id: string
  nickname: string
}

export const BOT = { id: 'bot', name: '小助手' }
export const BOT_PERSON: Person = { id: BOT.id, nickname: BOT.name }

let seq = 0

/** The bot's core with a real (in-memory, migrated) database and a fake clock; no Wechaty. */
export function createHarness(opts: { admins?: string[]; policy?: Policy; file?: string; quietHours?: QuietHours } = {}) {
  const clock = new FakeClock()
  const db = openDatabase(opts.file ?? ':memory:')
  const repos = createRepos(db)
  const deps: CoreDeps = {
    repos,
    clock,
    policy: opts.policy ?? DEFAULT_POLICY,
    timeZone: 'Asia/Shanghai',
    admins: opts.admins ?? ['admin'],
    bot: BOT,
    mentionsPerMessage: 20,
    ...(opts.quietHours ? { quietHours: opts.quietHours } : {}),
  }
  const host = coreHost()
  const handler = host.handler(deps)
  const rules = tickRules(host)
  let seen = 0
  // The bot is online from the start, continuously, until a test takes it offline.
  let online = true
  repos.presence.mark(clock.now(), false)
  const stillOnline = () => online && repos.presence.mark(clock.now(), true)

  const h = {
    clock,
    repos,
    db,
    deps,
    /** A message from `who` in `room` (null: private chat). */
    say(who: Person, text: string, room: string | null, extra: Partial<InboundMessage> = {}): HandleOutcome {
      stillOnline()
      return handler.handle({
        id: `m${++seq}`,
        roomId: room,
        senderId: who.id,
        senderName: who.nickname,
        kind: 'text',
        text,
        mentionIds: [],
        self: false,
        ...extra,
      })
    },
    /** One run of every rule at the fake clock's time. */
    tick(): TickResult {
      stillOnline()
      return runTick(deps, rules, clock.now(), (rule, err) => {
        throw new Error(`rule ${rule} failed: ${(err as Error).stack}`)
      })
    },
    /** The bot goes offline (no heartbeat, no login) until `online()`. */
    offline(): void {
      stillOnline()
      online = false
    },
    /** The bot is back: a new login. */
    online(): void {
      online = true
      repos.presence.mark(clock.now(), false)
    },
    /** Everything queued so far. */
    sent(): OutboxRow[] {
      return repos.outbox.all()
    },
    /** What was queued since the last call. */
    take(): OutboxRow[] {
      const all = repos.outbox.all()
      const fresh = all.slice(seen)
      seen = all.length
      return fresh
    },
    /** Puts people in a group as roster sync would. */
    join(room: string, people: Person[], topic = room): void {
      repos.directory.touchGroup(room, topic, clock.now())
      for (const p of people) repos.members.upsert(room, rosterEntry(p.id, p.nickname), clock.now())
    },
  }
  return h
}

export type Harness = ReturnType<typeof createHarness>

/** A small community: one grid group with a worker, a leader and residents; a community staff group. */
export function seedCommunity(h: Harness) {
  const admin: Person = { id: 'admin', nickname: '管理员老周' }
  const worker: Person = { id: 'w1', nickname: '网格员 李四' }
  const staff: Person = { id: 's1', nickname: '社区 王主任' }
  const zhang: Person = { id: 'r1', nickname: '3-2-502 张三' }
  const li: Person = { id: 'r2', nickname: '赵六 12号楼3单元1201室' }
  const grid = 'g1@chatroom'
  const staffRoom = 's1@chatroom'
  h.join(grid, [BOT_PERSON, admin, worker, zhang, li], '阳光社区1号网格')
  h.join(staffRoom, [BOT_PERSON, admin, staff], '阳光社区工作群')
  h.say(admin, '#绑定网格 幸福街道 阳光社区 1号网格', grid)
  h.say(admin, '#设置 网格员', grid, { mentionIds: [worker.id] })
  h.say(admin, '#绑定工作群 阳光社区', staffRoom)
  h.say(admin, '#设置 社区', staffRoom, { mentionIds: [staff.id] })
  h.take()
  return { admin, worker, staff, zhang, li, grid, staffRoom }
}
