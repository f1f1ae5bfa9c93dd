// The WeChat side of the district login bench, in a process of its own so the bot's memory and CPU are measured
// apart from the mocks': <accounts> PuppetServers (a mock each), each account in <groups per account> groups of
// <members> members with group nicknames, every account logged in.
// Prints one JSON line with the connections when every server listens; then answers each line "stats" on stdin with
// one JSON line of its peak RSS, CPU time and longest event-loop delay so far.
// Usage: district-servers.ts <accounts> <groups per account> <members>
import { createInterface } from 'node:readline'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { log as wechatyLog } from 'wechaty'
import { PuppetServer } from 'wechaty-puppet-service'
import { SandboxPuppet } from '../../src/sandbox/sandbox-puppet.js'
import { freePort } from '../../src/sandbox/start-sandbox.js'

const accounts = Number(process.argv[2] ?? 4)
const groupsEach = Number(process.argv[3] ?? 20)
const members = Number(process.argv[4] ?? 300)
wechatyLog.level('silent')

const loopDelay = monitorEventLoopDelay({ resolution: 20 })
loopDelay.enable()
const started = performance.now()
const connections: { name: string; token: string; endpoint: string }[] = []
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
  const endpoint = `127.0.0.1:${await freePort()}`
  const token = `insecure_bench-district-${a}`
  await new PuppetServer({ endpoint, puppet, token }).start()
  m.login(me)
  connections.push({ name: `小助手${a + 1}`, token, endpoint })
}
process.stdout.write(`${JSON.stringify({ setupMs: Math.round(performance.now() - started), connections })}\n`)

createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() !== 'stats') return
  const cpu = process.cpuUsage()
  process.stdout.write(
    `${JSON.stringify({
      maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      maxLoopDelayMs: Math.round(loopDelay.max / 1e6),
    })}\n`,
  )
})
process.stdin.on('end', () => process.exit(0))
