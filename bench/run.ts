// npm run bench: runs each scenario in its own process (so peak RSS is its own) and prints a table.
import { execFileSync } from 'node:child_process'
import { cpus, totalmem } from 'node:os'

interface Scenario {
  label: string
  file: string
  args: string[]
  env?: Record<string, string>
}

const scenarios: Scenario[] = [
  { label: 'bare, in process', file: 'wechaty-throughput.ts', args: ['bare', '3000', 'inproc'] },
  { label: 'gridbot, in process', file: 'wechaty-throughput.ts', args: ['gridbot', '3000', 'inproc'] },
  { label: 'bare, gRPC, chat', file: 'wechaty-throughput.ts', args: ['bare', '3000', 'grpc'], env: { BENCH_TRAFFIC: 'chat' } },
  { label: 'gridbot, gRPC, chat', file: 'wechaty-throughput.ts', args: ['gridbot', '3000', 'grpc'], env: { BENCH_TRAFFIC: 'chat' } },
  { label: 'bare, gRPC, mixed', file: 'wechaty-throughput.ts', args: ['bare', '3000', 'grpc'] },
  { label: 'gridbot, gRPC, mixed', file: 'wechaty-throughput.ts', args: ['gridbot', '3000', 'grpc'] },
  { label: 'raw inserts', file: 'intake.ts', args: ['raw', '20000'] },
  { label: 'understand', file: 'understand.ts', args: ['5'] },
  { label: 'intake, 1 tx each', file: 'intake.ts', args: ['intake', '20000'] },
  { label: 'intake, group commit', file: 'intake.ts', args: ['intake-batched', '20000'] },
  { label: '#案件, 1k stored', file: 'case-list.ts', args: ['1000'] },
  { label: '#案件, 100k stored', file: 'case-list.ts', args: ['100000'] },
  { label: 'tick, 10k stored', file: 'tick.ts', args: ['10000'] },
  { label: 'tick, 1M stored', file: 'tick.ts', args: ['1000000'] },
  { label: 'roster 500, in process', file: 'roster.ts', args: ['mock'] },
  { label: 'roster 500, gRPC', file: 'roster.ts', args: ['grpc'] },
  { label: 'notice, 500 recipients', file: 'notice.ts', args: [] },
  { label: 'elders, 10k in 500 grids', file: 'elders.ts', args: ['10000'] },
  { label: 'district notice, 40 accounts', file: 'district-notice.ts', args: ['800', '40'] },
  { label: 'district notice, 4 accounts', file: 'district-notice.ts', args: ['800', '4'] },
  { label: 'district login, 40 accounts', file: 'district-login.ts', args: ['40', '2', '300'] },
  { label: 'flood, 2k commands', file: 'flood.ts', args: ['commands'] },
  { label: 'flood, no budget', file: 'flood.ts', args: ['commands', 'no-budget'] },
  { label: 'flood, 1k #补充', file: 'flood.ts', args: ['add'] },
]

const results = new Map<string, Record<string, unknown>>()
for (const s of scenarios) {
  const out = execFileSync(process.execPath, ['--import', 'tsx', `bench/scenarios/${s.file}`, ...s.args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    env: { ...process.env, ...s.env },
  })
  const r = JSON.parse(out.trim().split('\n').pop()!) as Record<string, unknown>
  results.set(s.label, r)
  console.log(`${s.label.padEnd(24)} ${JSON.stringify(r)}`)
}
const rate = (label: string) => results.get(label)!.perSecond as number
const ratio = (a: string, b: string) => (rate(a) / rate(b)).toFixed(2)
console.log(`\nmachine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`)
console.log(
  `gridbot / bare messages/s (target ≥ 0.8): gRPC chat ${ratio('gridbot, gRPC, chat', 'bare, gRPC, chat')}, gRPC mixed ${ratio('gridbot, gRPC, mixed', 'bare, gRPC, mixed')}, in process ${ratio('gridbot, in process', 'bare, in process')}`,
)
const list = (label: string) => results.get(label)!.listMs as number
console.log(`#案件 over 100k vs 1k stored cases (target < 3×): ${(list('#案件, 100k stored') / list('#案件, 1k stored')).toFixed(2)}×`)
const tick = (label: string) => results.get(label)!.tickMs as number
console.log(
  `rules tick with 1,000 due (target < 50 ms, < 2× apart): ${tick('tick, 1M stored')} ms over 1M stored, ${tick('tick, 10k stored')} ms over 10k (${(tick('tick, 1M stored') / tick('tick, 10k stored')).toFixed(2)}×)`,
)
const elders = results.get('elders, 10k in 500 grids')!
console.log(
  `daily elder check, 10,000 elders in 500 grids: judged in ${elders.judgeMs} ms (${elders.nudges} nudges), lists in ${elders.listMs} ms (${elders.listMessages} messages, one per worker)`,
)
console.log(
  `intake reports/s (target ≥ 5000): ${rate('intake, 1 tx each')} one transaction each, ${rate('intake, group commit')} group-committed; raw inserts/s ${rate('raw inserts')}`,
)
const n = results.get('notice, 500 recipients')!
console.log(
  `notice round, 500 recipients, 450 acknowledged (target: list < 20 ms, 20+20+10 @): list ${n.pendingMs} ms, whole round ${n.roundMs} ms, messages ${JSON.stringify(n.mentionsPerMessage)} sent at ${JSON.stringify(n.sentAfterSeconds)} s; per message: acknowledgement ${n.ackUsPerMessage} µs, chat ${n.chatUsPerMessage} µs`,
)
const f = results.get('flood, 2k commands')!
const fq = results.get('flood, no budget')!
const fa = results.get('flood, 1k #补充')!
console.log(
  `flood, 2,000 commands in 60 s, another member's report at 30 s (target: their reply within ~5 s): sent after ${f.otherReplyAfterSeconds} s (${fq.otherReplyAfterSeconds} s with fair queuing alone, no budget); outbox rows ${f.outboxRows} (${fq.outboxRows} without the budget); 1,000 #补充 of 4,900 characters: ${fa.outboxRows} rows, ${fa.outboxTextKb} KB of text`,
)
