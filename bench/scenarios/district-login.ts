// A district's cold start: the bot's app with <accounts> WeChat accounts over gRPC, the WeChat side (one
// PuppetServer and mock per account, district-servers.ts) in a child process so each side's memory and CPU are
// its own. Measures, from start: every account sending (logged in, its groups recorded), every account's rosters
// read (`allReady`), every group owned and every roster stored (all members in the database), and CPU in 10 s
// windows after until the bot is at rest, for the bot and the mocks apart.
// Usage: district-login.ts <accounts> <groups per account> <members> [timeout minutes, default 30]
import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { createInterface } from 'node:readline'
import Database from 'better-sqlite3'
import { log as wechatyLog } from 'wechaty'
import { createApp } from '../../src/app/create-app.js'
import { systemClock } from '../../src/clock.js'
import { loadConfig } from '../../src/config.js'
import { cases } from '../../src/features/cases.js'
import { directory } from '../../src/features/directory.js'
import { notices } from '../../src/features/notices.js'
import { createLogger } from '../../src/logger.js'
import { openDatabase } from '../../src/store/database.js'
import { createRepos } from '../../src/store/repos.js'
import { report, tempFile } from './common.js'

const accounts = Number(process.argv[2] ?? 4)
const groupsEach = Number(process.argv[3] ?? 20)
const members = Number(process.argv[4] ?? 300)
const timeoutMs = Number(process.argv[5] ?? 30) * 60_000
wechatyLog.level('silent')
process.env.HOME = tempFile('home')

const child = spawn(
  process.execPath,
  ['--import', 'tsx', new URL('./district-servers.ts', import.meta.url).pathname, ...process.argv.slice(2, 5)],
  {
    stdio: ['pipe', 'pipe', 'inherit'],
  },
)
const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
const nextLine = async () => JSON.parse(((await lines.next()).value as string | undefined) ?? 'null') as Record<string, unknown>
const servers = (await nextLine()) as { setupMs: number; connections: { name: string; token: string; endpoint: string }[] }
const mockStats = async () => {
  child.stdin.write('stats\n')
  return (await nextLine()) as { maxRssMb: number; cpuMs: number; maxLoopDelayMs: number }
}

const dbFile = tempFile('district.db')
const config = loadConfig({ GRIDBOT_DATA_DIR: tempFile('data'), GRIDBOT_QUIET_HOURS: '' })
const repos = createRepos(openDatabase(dbFile))
const app = createApp({ config, repos, clock: systemClock, log: createLogger(process.env.BENCH_LOG ?? 'silent') })
app.use(directory, cases, notices)
const reader = new Database(dbFile, { readonly: true })
const stored = () =>
  reader
    .prepare(
      `select (select count(*) from groups where account is not null) as owned,
              (select count(*) from members where present = 1) as members`,
    )
    .get() as { owned: number; members: number }

const groups = accounts * groupsEach
// Each group's roster holds every member, the bot's own account included.
const expectedMembers = groups * members
const loopDelay = monitorEventLoopDelay({ resolution: 20 })
loopDelay.enable()
const started = performance.now()
const seconds = (at: number) => Number(((at - started) / 1000).toFixed(1))
const running = await app.start(
  servers.connections.map((c, a) => ({ name: c.name, puppet: { token: c.token, endpoint: c.endpoint, cacheDir: tempFile(`cache${a}`) } })),
)
// When every account is sending (its login event, once its groups are recorded and claimed; its rosters after).
let sendingAt: number | undefined
const sending = setInterval(() => {
  const n = (reader.prepare('select count(*) as n from accounts where logged_in = 1').get() as { n: number }).n
  if (sendingAt === undefined && n === accounts) sendingAt = seconds(performance.now())
}, 1_000)
await running.allReady
clearInterval(sending)
const loggedIn = { at: seconds(performance.now()), ...stored() }
let settled = stored()
while ((settled.owned < groups || settled.members < expectedMembers) && performance.now() - started < timeoutMs) {
  await new Promise((r) => setTimeout(r, 1_000))
  settled = stored()
}
const settledAt = seconds(performance.now())
// CPU in 10 s windows after the last roster, until the bot is at rest (under 5% of a core) or 3 minutes passed.
const windows: { bot: number; mocks: number }[] = []
while (windows.length < 18 && (windows.length === 0 || windows.at(-1)!.bot >= 5)) {
  const botCpu = process.cpuUsage()
  const mockBefore = await mockStats()
  await new Promise((r) => setTimeout(r, 10_000))
  const botRest = process.cpuUsage(botCpu)
  const mockAfter = await mockStats()
  windows.push({
    bot: Number((((botRest.user + botRest.system) / 1e3 / 10_000) * 100).toFixed(1)),
    mocks: Number((((mockAfter.cpuMs - mockBefore.cpuMs) / 10_000) * 100).toFixed(1)),
  })
}
// BENCH_PROFILE=<file>: when the bot is not at rest, a 10 s CPU profile of it then (open in Chrome's DevTools).
let profiled: string | undefined
if (process.env.BENCH_PROFILE && windows.at(-1)!.bot >= 5) {
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.start')
  await new Promise((r) => setTimeout(r, 10_000))
  const { profile } = await session.post('Profiler.stop')
  writeFileSync(process.env.BENCH_PROFILE, JSON.stringify(profile))
  profiled = process.env.BENCH_PROFILE
}
const mockAfter = await mockStats()
report({
  profiled,
  accounts,
  groups,
  members: groups * members,
  mockSetupMs: servers.setupMs,
  allSendingS: sendingAt ?? null,
  allLoggedInS: loggedIn.at,
  atLogin: { groupsOwned: loggedIn.owned, membersStored: loggedIn.members },
  everyGroupAndRosterS: settled.owned === groups && settled.members >= expectedMembers ? settledAt : null,
  settled: { groupsOwned: settled.owned, membersStored: settled.members, membersExpected: expectedMembers },
  cpuPercentPer10sAfter: windows,
  atRestS: windows.at(-1)!.bot < 5 ? Number((settledAt + windows.length * 10).toFixed(1)) : null,
  mocksMaxRssMb: mockAfter.maxRssMb,
  botMaxLoopDelayMs: Math.round(loopDelay.max / 1e6),
  mocksMaxLoopDelayMs: mockAfter.maxLoopDelayMs,
})
child.stdin.end()
process.exit(0)
