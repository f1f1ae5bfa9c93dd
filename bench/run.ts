// npm run bench: runs each scenario in its own process (so peak RSS is its own) and prints a table.
import { execFileSync } from 'node:child_process'
import { cpus, totalmem } from 'node:os'

const scenarios: [string, string[]][] = [
  ['wechaty-throughput.ts', ['bare', '3000']],
  ['wechaty-throughput.ts', ['gridbot', '3000']],
  ['intake.ts', ['raw', '20000']],
  ['intake.ts', ['intake', '20000']],
  ['roster.ts', ['mock']],
  ['roster.ts', ['grpc']],
]

const results: Record<string, unknown>[] = []
for (const [file, args] of scenarios) {
  const out = execFileSync(process.execPath, ['--import', 'tsx', `bench/scenarios/${file}`, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
  const line = out.trim().split('\n').pop()!
  const r = JSON.parse(line) as Record<string, unknown>
  results.push(r)
  console.log(JSON.stringify(r))
}
const by = (name: string) => results.find((r) => r.scenario === name)!
const ratio = (by('wechaty-gridbot').perSecond as number) / (by('wechaty-bare').perSecond as number)
console.log(`\nmachine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`)
console.log(`gridbot / bare Wechaty messages/s: ${ratio.toFixed(2)} (target ≥ 0.8)`)
console.log(`intake reports/s: ${by('intake-reports').perSecond} (target ≥ 5000); raw inserts/s: ${by('sqlite-raw-insert').perSecond}`)
