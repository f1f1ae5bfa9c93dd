// Roster sync of one 500-member group with group nicknames: Wechaty over the mock in process,
// or over gRPC through a local PuppetServer (the production path).
import { PuppetServer, PuppetService } from 'wechaty-puppet-service'
import { WechatyBuilder, log as wechatyLog } from 'wechaty'
import { syncRoom } from '../../src/bot/roster-sync.js'
import { systemClock } from '../../src/clock.js'
import { SandboxPuppet } from '../../src/sandbox/sandbox-puppet.js'
import { freePort } from '../../src/sandbox/start-sandbox.js'
import { openDatabase } from '../../src/store/database.js'
import { createRepos } from '../../src/store/repos.js'
import { report, tempFile } from './common.js'

const mode = process.argv[2] === 'grpc' ? 'grpc' : 'mock'
wechatyLog.level('silent')
process.env.HOME = tempFile('home')
const puppet = new SandboxPuppet()
const m = puppet.mocker
const me = m.createContact({ id: 'bot', name: '小助手' })
const ids = Array.from({ length: 499 }, (_, i) => m.createContact({ id: `c${i}`, name: `居民${i}` }).id)
m.createRoom({ id: 'big@chatroom', topic: '大网格群', memberIdList: ['bot', ...ids] })
ids.forEach((id, i) => puppet.setRoomAlias('big@chatroom', id, `${(i % 40) + 1}-${(i % 4) + 1}-${101 + i} 居民${i}`))

let bot
if (mode === 'grpc') {
  const port = await freePort()
  const server = new PuppetServer({ endpoint: `127.0.0.1:${port}`, puppet, token: 'insecure_bench-roster' })
  await server.start()
  m.login(me)
  bot = WechatyBuilder.build({ puppet: new PuppetService({ token: 'insecure_bench-roster', endpoint: `127.0.0.1:${port}` }) })
  bot.on('error', () => undefined) // room.sync() dirties RoomMember payloads; Wechaty then looks the room up as a contact
  const loggedIn = new Promise((r) => bot!.once('login', r))
  await bot.start()
  await loggedIn
} else {
  bot = WechatyBuilder.build({ puppet })
  bot.on('error', () => undefined) // the mock's dirty-payload event trips Wechaty (it looks the room up as a contact)
  await bot.start()
  m.login(me)
}
const repos = createRepos(openDatabase(tempFile('roster.db')))
const room = (await bot.Room.find({ id: 'big@chatroom' }))!
const timings: number[] = []
for (let i = 0; i < 3; i++) {
  const started = performance.now()
  const n = await syncRoom(bot, room.id, repos, systemClock, { refresh: i > 0 })
  timings.push(performance.now() - started)
  if (n !== 500) throw new Error(`synced ${n}`)
}
const parsed = repos.members.list('big@chatroom').filter((x) => x.building && x.unit && x.room).length
report({ scenario: `roster-500-${mode}`, firstMs: Math.round(timings[0]!), refreshMs: Math.round(timings[2]!), membersWithAddress: parsed })
process.exit(0)
