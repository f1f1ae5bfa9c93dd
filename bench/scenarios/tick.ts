// One rules tick over a large store with 1,000 cases due, next to a small store with the same 1,000 due:
// the tick's cost should follow what is due, not what is stored.
import { MINUTE } from '../../src/clock.js'
import { DEFAULT_POLICY } from '../../src/domain/policy.js'
import { tickRules } from '../../tests/support/core.js'
import { runTick } from '../../src/rules/run-tick.js'

const RULES = tickRules()
import { openDatabase } from '../../src/store/database.js'
import { createRepos } from '../../src/store/repos.js'
import { FakeClock } from '../../tests/support/fake-clock.js'
import { report, tempFile } from './common.js'

const total = Number(process.argv[2] ?? 1_000_000)
const DUE = 1_000
const OPEN_NOT_DUE = 2_000
const clock = new FakeClock()
const now = clock.now()
const open = openDatabase(tempFile('tick.db'))
const repos = createRepos(open)
const streetId = repos.directory.upsertStreet('幸福街道')
const communityId = repos.directory.upsertCommunity('阳光社区', streetId)
const gridId = repos.directory.upsertGrid(communityId, '1号网格')
repos.directory.bindGroup('staff@chatroom', { kind: 'staff', communityId }, now)

const insert = open.sqlite.prepare(`insert into cases (grid_id, community_id, street_id, room_id, reporter_id, reporter_name, text,
  category, urgency, state, assignee_id, assignee_name, created_at, updated_at, sign_for_due_at, respond_due_at, resolve_due_at,
  next_due_at, next_rule_at, accepted_at)
  values (?, ?, ?, 'g@chatroom', ?, '居民', '楼道灯不亮', 'repair', 'normal', ?, 'w1', '李芳', ?, ?, ?, ?, ?, ?, ?, ?)`)
const started = performance.now()
open.sqlite.transaction(() => {
  for (let i = 0; i < total; i++) {
    const due = i >= total - DUE
    const openNotDue = !due && i >= total - DUE - OPEN_NOT_DUE
    const created = due ? now - 25 * MINUTE : openNotDue ? now - 5 * MINUTE : now - (total - i) * MINUTE
    const signFor = created + 30 * MINUTE
    const running = due || openNotDue
    insert.run(
      gridId,
      communityId,
      streetId,
      `r${i % 5000}`,
      running ? 'new' : 'closed',
      created,
      created,
      signFor,
      created + 120 * MINUTE,
      created + 2880 * MINUTE,
      running ? signFor : null,
      running ? signFor - 6 * MINUTE : null,
      running ? null : created + MINUTE,
    )
  }
})()
const buildSeconds = (performance.now() - started) / 1000

const deps = {
  repos,
  clock,
  policy: DEFAULT_POLICY,
  timeZone: 'Asia/Shanghai',
  admins: [],
  bot: { id: 'bot', name: '小助手' },
  mentionsPerMessage: 20,
}
const fail = (rule: string, err: unknown) => {
  throw new Error(`${rule}: ${err}`)
}
// A long-running bot ticks every minute: warm up on a copy of the due set, then measure the real one.
const dueIds = open.sqlite.prepare('select id from cases where next_rule_at is not null and next_rule_at <= ?').all(now) as { id: number }[]
const snapshot = open.sqlite.prepare('select id, next_rule_at, level from cases where next_rule_at <= ?').all(now) as {
  id: number
  next_rule_at: number
  level: number
}[]
runTick(deps, RULES, now, fail)
open.sqlite.transaction(() => {
  const restore = open.sqlite.prepare('update cases set next_rule_at = ?, level = ? where id = ?')
  for (const r of snapshot) restore.run(r.next_rule_at, r.level, r.id)
  open.sqlite.prepare('delete from rule_firings').run()
  open.sqlite.prepare('delete from outbox').run()
  open.sqlite.prepare('delete from case_events').run()
})()
if (dueIds.length !== DUE) throw new Error(`due ${dueIds.length}`)
const t1 = performance.now()
const first = runTick(deps, RULES, now, fail)
const firstMs = performance.now() - t1
const t2 = performance.now()
const second = runTick(deps, RULES, now + 1000, fail)
const idleMs = performance.now() - t2
if (first.fired !== DUE || second.fired !== 0) throw new Error(`fired ${first.fired} then ${second.fired}`)
report({
  scenario: `tick-${total}`,
  stored: total,
  due: DUE,
  fired: first.fired,
  tickMs: Number(firstMs.toFixed(1)),
  idleTickMs: Number(idleMs.toFixed(2)),
  buildSeconds: Number(buildSeconds.toFixed(1)),
})
