// Messages/s through Wechaty over wechaty-puppet-mock: a bare bot with an empty handler, or the full gridbot
// (inbound mapping, dedupe, parse, store, outbox and its sends); in process, or over gRPC through a local
// PuppetServer (the production transport).
import { WechatyBuilder, log as wechatyLog } from 'wechaty'
import { PuppetServer, PuppetService } from 'wechaty-puppet-service'
import { freePort } from '../../src/sandbox/start-sandbox.js'
import { startApp } from '../../tests/support/core.js'
import { systemClock } from '../../src/clock.js'
import { loadConfig } from '../../src/config.js'
import { createLogger } from '../../src/logger.js'
import { SandboxPuppet } from '../../src/sandbox/sandbox-puppet.js'
import { openDatabase } from '../../src/store/database.js'
import { createRepos } from '../../src/store/repos.js'
import { report, sleep, tempFile, TRAFFIC, NO_BUDGET } from './common.js'

const mode = process.argv[2] === 'gridbot' ? 'gridbot' : 'bare'
const N = Number(process.argv[3] ?? 3000)
const transport = process.argv[4] === 'grpc' ? 'grpc' : 'inproc'
wechatyLog.level('silent')

const puppet = new SandboxPuppet()
const m = puppet.mocker
const me = m.createContact({ id: 'bot', name: '小助手' })
const residents = Array.from({ length: 100 }, (_, i) => m.createContact({ id: `r${i}`, name: `居民${i}` }))
const worker = m.createContact({ id: 'worker', name: '李芳' })
const admin = m.createContact({ id: 'admin', name: '周主任' })
const room = m.createRoom({
  id: 'bench@chatroom',
  topic: '1号网格群',
  memberIdList: ['bot', 'worker', 'admin', ...residents.map((r) => r.id)],
})
residents.forEach((r, i) => puppet.setRoomAlias(room.id, r.id, `${(i % 30) + 1}-${(i % 3) + 1}-${100 + i} 居民${i}`))

process.env.HOME = tempFile('home')
let connection: { instance: SandboxPuppet } | { token: string; endpoint: string } = { instance: puppet }
if (transport === 'grpc') {
  const port = await freePort()
  const token = `insecure_bench-${mode}`
  await new PuppetServer({ endpoint: `127.0.0.1:${port}`, puppet, token }).start()
  m.login(me)
  connection = { token, endpoint: `127.0.0.1:${port}` }
}
const loginMock = () => transport === 'inproc' && m.login(me)

let handled = 0
let count: () => number
if (mode === 'bare') {
  const bot = WechatyBuilder.build({ puppet: 'instance' in connection ? puppet : new PuppetService(connection) })
  bot.on('message', () => void handled++)
  const loggedIn = new Promise((r) => bot.once('login', r))
  await bot.start()
  loginMock()
  await loggedIn
  // Warm the same caches gridbot's roster sync warms at login, so both start equal.
  const r = await bot.Room.find({ id: room.id })
  await Promise.all((await r!.memberAll()).map((c) => r!.alias(c)))
  count = () => handled
} else {
  const db = openDatabase(tempFile('bench.db'))
  const repos = createRepos(db)
  const config = loadConfig({
    GRIDBOT_SEND_MIN_GAP_MS: '0',
    GRIDBOT_SEND_JITTER_MS: '0',
    GRIDBOT_SEND_MAX_PER_MINUTE: '1000000',
    GRIDBOT_QUIET_HOURS: '',
    GRIDBOT_ADMINS: 'admin',
  })
  const gb = await startApp({ config, repos, clock: systemClock, log: createLogger('silent'), commandBudget: NO_BUDGET }, connection)
  loginMock()
  await gb.ready
  admin.say('#绑定网格 阳光社区 1号网格').to(room)
  admin.say('#设置 网格员', [worker]).to(room)
  while (
    (db.sqlite.prepare('select count(*) n from inbound_messages').get() as { n: number }) &&
    (db.sqlite.prepare('select count(*) n from inbound_messages').get() as { n: number }).n < 2
  )
    await sleep(5)
  const base = 2
  const stmt = db.sqlite.prepare('select count(*) n from inbound_messages')
  count = () => (stmt.get() as { n: number }).n - base
}

await sleep(200)
const started = performance.now()
// BENCH_TRAFFIC=chat: chit-chat only, so nothing is sent back (isolates handling from sending).
const traffic = process.env.BENCH_TRAFFIC === 'chat' ? TRAFFIC.slice(0, 8) : TRAFFIC
for (let i = 0; i < N; i++) residents[i % residents.length]!.say(traffic[i % traffic.length]).to(room)
while (count() < N) await sleep(2)
const seconds = (performance.now() - started) / 1000
report({ scenario: `wechaty-${mode}-${transport}`, messages: N, seconds: Number(seconds.toFixed(3)), perSecond: Math.round(N / seconds) })
process.exit(0)
