// Reports/s through intake without Wechaty (dedupe, parse, case, timeline event, outbox rows) on a real
// SQLite file in WAL mode, next to raw better-sqlite3 inserts of a case-sized row, one transaction each.
import Database from 'better-sqlite3'
import { coreHandler } from '../../tests/support/core.js'
import { systemClock } from '../../src/clock.js'
import { openDatabase } from '../../src/store/database.js'
import { createRepos } from '../../src/store/repos.js'
import { benchDeps, report, tempFile } from './common.js'

const mode = (process.argv[2] ?? 'intake') as 'raw' | 'intake' | 'intake-batched'
const BATCH = 50
const N = Number(process.argv[3] ?? 20000)
const texts = [
  '3号楼楼道灯不亮好几天了',
  '121号楼2单元楼上卫生间漏水',
  '5栋门口垃圾两天没人清理',
  '12号楼楼道里有人给电动车充电',
  '建设路12号门口路灯不亮',
]

if (mode === 'raw') {
  const db = new Database(tempFile('raw.db'))
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.exec(
    'create table cases (id integer primary key, grid_id int, room_id text, reporter_id text, text text, category text, urgency text, building text, state text, created_at int)',
  )
  const insert = db.prepare(
    'insert into cases (grid_id, room_id, reporter_id, text, category, urgency, building, state, created_at) values (?,?,?,?,?,?,?,?,?)',
  )
  const started = performance.now()
  for (let i = 0; i < N; i++)
    insert.run(1, 'g@chatroom', `r${i % 500}`, texts[i % texts.length], 'repair', 'normal', '3', 'new', Date.now())
  const seconds = (performance.now() - started) / 1000
  report({ scenario: 'sqlite-raw-insert', rows: N, seconds: Number(seconds.toFixed(3)), perSecond: Math.round(N / seconds) })
} else {
  const open = openDatabase(process.env.BENCH_DB ?? tempFile('intake.db'))
  const repos = createRepos(open)
  const handler = coreHandler(benchDeps(repos, systemClock))
  const inbound = (id: string, senderId: string, text: string, mentionIds: string[] = []) => ({
    id,
    roomId: 'g@chatroom',
    senderId,
    senderName: senderId === 'admin' ? '周主任' : `3-2-${senderId} 居民`,
    kind: 'text' as const,
    text,
    mentionIds,
    self: false,
  })
  const msg = (id: string, senderId: string, text: string, mentionIds: string[] = []) =>
    handler.handle(inbound(id, senderId, text, mentionIds))
  msg('setup-1', 'admin', '#绑定网格 阳光社区 1号网格')
  msg('setup-2', 'admin', '#设置 网格员', ['worker'])
  const started = performance.now()
  if (mode === 'intake-batched') {
    // As the bot does under load: what arrived together is handled in one group commit.
    for (let i = 0; i < N; i += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, N - i) }, (_, j) =>
        inbound(`m${i + j}`, `r${(i + j) % 500}`, `#报事 ${texts[(i + j) % texts.length]}`),
      )
      for (const outcome of handler.handleBatch(batch)) if (outcome.status !== 'handled') throw new Error(outcome.status)
    }
  } else {
    for (let i = 0; i < N; i++) {
      const outcome = msg(`m${i}`, `r${i % 500}`, `#报事 ${texts[i % texts.length]}`)
      if (outcome.status !== 'handled') throw new Error(outcome.status)
    }
  }
  const seconds = (performance.now() - started) / 1000
  const cases = (open.sqlite.prepare('select count(*) n from cases').get() as { n: number }).n
  report({
    scenario: mode === 'intake' ? 'intake-reports' : `intake-reports-batched-${BATCH}`,
    reports: N,
    cases,
    seconds: Number(seconds.toFixed(3)),
    perSecond: Math.round(N / seconds),
  })
}
