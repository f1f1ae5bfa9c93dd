// A district in one process: <accounts> WeChat accounts over gRPC, one PuppetServer (a mock of its own) each, each
// account in <groups per account> groups of <members> members with group nicknames. Measures the time from start to
// every account logged in with every roster synced, peak RSS, and CPU at rest for 10 s after.
// Usage: district-login.ts <accounts> <groups per account> <members>
import { log as wechatyLog } from 'wechaty'
import { PuppetServer } from 'wechaty-puppet-service'
import { createApp } from '../../src/app/create-app.js'
import { systemClock } from '../../src/clock.js'
import { loadConfig } from '../../src/config.js'
import { cases } from '../../src/features/cases.js'
import { directory } from '../../src/features/directory.js'
import { notices } from '../../src/features/notices.js'
import { createLogger } from '../../src/logger.js'
import { SandboxPuppet } from '../../src/sandbox/sandbox-puppet.js'
import { freePort } from '../../src/sandbox/start-sandbox.js'
import { openDatabase } from '../../src/store/database.js'
import { createRepos } from '../../src/store/repos.js'
import { report, tempFile } from './common.js'

const accounts = Number(process.argv[2] ?? 4)
const groupsEach = Number(process.argv[3] ?? 20)
const members = Number(process.argv[4] ?? 300)
wechatyLog.level('silent')
process.env.HOME = tempFile('home')

const setupStarted = performance.now()
const servers: PuppetServer[] = []
const connections = []
for (let a = 0; a < accounts; a++) {
  const puppet = new SandboxPuppet()
  const m = puppet.mocker
  const me = m.createContact({ id: `bot${a}`, name: `小助手${a + 1}` })
  for (let g = 0; g < groupsEach; g++) {
    const roomId = `a${a}-g${g}@chatroom`
    const ids = Array.from({ length: members - 1 }, (_, i) => m.createContact({ id: `a${a}-g${g}-c${i}`, name: `居民${i}` }).id)
    m.createRoom({ id: roomId, topic: `${a * groupsEach + g + 1}号网格群`, memberIdList: [me.id, ...ids] })
    ids.forEach((id, i) => puppet.setRoomAlias(roomId, id, `${(i % 40) + 1}-${(i % 4) + 1}-${101 + i} 居民${i}`))
  }
  const port = await freePort()
  const token = `insecure_bench-district-${a}`
  const server = new PuppetServer({ endpoint: `127.0.0.1:${port}`, puppet, token })
  await server.start()
  servers.push(server)
  m.login(me)
  connections.push({ name: `小助手${a + 1}`, puppet: { token, endpoint: `127.0.0.1:${port}`, cacheDir: tempFile(`cache${a}`) } })
}
const setupMs = performance.now() - setupStarted

const config = loadConfig({ GRIDBOT_DATA_DIR: tempFile('data'), GRIDBOT_QUIET_HOURS: '' })
const repos = createRepos(openDatabase(tempFile('district.db')))
const app = createApp({ config, repos, clock: systemClock, log: createLogger('silent') })
app.use(directory, cases, notices)
const started = performance.now()
const running = await app.start(connections)
await running.allReady
const loggedInMs = performance.now() - started
const owned = [...repos.accounts.ownedCounts().values()].reduce((a, b) => a + b, 0)
const cpu = process.cpuUsage()
await new Promise((r) => setTimeout(r, 10_000))
const rest = process.cpuUsage(cpu)
report({
  accounts,
  groups: accounts * groupsEach,
  members: accounts * groupsEach * members,
  groupsOwned: owned,
  setupMs: Math.round(setupMs),
  loggedInAndSyncedMs: Math.round(loggedInMs),
  cpuAtRestPercent: Number((((rest.user + rest.system) / 1e6 / 10) * 100).toFixed(1)),
})
process.exit(0)
