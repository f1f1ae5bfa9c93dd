import { createServer } from 'node:net'
import { createInterface } from 'node:readline'
import { PuppetServer } from 'wechaty-puppet-service'
import type { Logger } from '../logger.js'
import type { Repos } from '../store/repos.js'
import { ADMIN_ID, DEMO, demoFirstReport, demoSetupScript, seedDemoCommunity } from './demo-community.js'
import { SandboxPuppet } from './sandbox-puppet.js'

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => resolve(port))
    })
  })
}

/**
 * The simulated community: wechaty-puppet-mock behind a real PuppetServer on loopback, so the bot
 * reaches it over gRPC exactly as it reaches a production puppet service.
 */
export async function startSandbox(log: Logger, opts: { transcript?: boolean } = {}) {
  const puppet = new SandboxPuppet()
  const { bot, people } = seedDemoCommunity(puppet)
  const port = await freePort()
  const token = 'insecure_gridbot-sandbox'
  const server = new PuppetServer({ endpoint: `127.0.0.1:${port}`, puppet, token })
  await server.start()
  puppet.mocker.login(bot)
  const mocker = puppet.mocker
  const rooms = [...DEMO.grids.map((g) => ({ id: g.roomId, topic: g.topic })), { id: DEMO.staffRoom.roomId, topic: DEMO.staffRoom.topic }]

  if (opts.transcript) {
    puppet.on('message', ({ messageId }) => {
      const p = mocker.messagePayload(messageId) as { roomId?: string; talkerId: string; listenerId?: string; text?: string; mentionIdList?: string[] }
      const where = p.roomId ? rooms.find((r) => r.id === p.roomId)?.topic ?? p.roomId : `私聊 → ${people.get(p.listenerId ?? '')?.name ?? p.listenerId}`
      const who = p.talkerId === bot.id ? '小助手' : people.get(p.talkerId)?.nick ?? p.talkerId
      // The bot's text already starts with Wechaty's "@nickname" prefixes; a simulated member's does not.
      const at = p.talkerId === bot.id ? '' : (p.mentionIdList ?? []).map((id) => `@${people.get(id)?.name ?? id}`).join(' ')
      process.stdout.write(`[${where}] ${who}: ${at ? at + ' ' : ''}${p.text ?? '[图片]'}\n`)
    })
  }

  /** Makes a simulated member say something in a group (or privately to the bot when roomId is null). */
  function say(memberId: string, roomId: string | null, text: string, mentionIds: string[] = []): void {
    const who = mocker.ContactMock.load(memberId)
    const to = roomId ? mocker.RoomMock.load(roomId) : mocker.ContactMock.load(bot.id)
    who.say(text, mentionIds.map((id) => mocker.ContactMock.load(id))).to(to)
  }

  /** True once the demo groups were bound (the database outlives the process). */
  function isSetUp(repos: Repos): boolean {
    return DEMO.grids.every((g) => repos.directory.group(g.roomId)?.kind === 'grid')
  }

  /** Binds groups and sets roles by having the demo admin type the commands, as a real admin would. */
  function runSetup(): void {
    for (const step of demoSetupScript()) say(ADMIN_ID, step.roomId, step.text, step.mentionIds)
    const first = demoFirstReport()
    say(first.memberId, first.roomId, first.text)
  }

  /** Reads `name: text` (first grid group) or `name@2: text` (grid group 2, `@0` the staff group) from stdin. */
  function attachConsole(): void {
    if (!process.stdin.isTTY) return
    const rl = createInterface({ input: process.stdin })
    process.stdout.write('沙盒：输入 “张三: #报事 3号楼楼道灯不亮” 以居民身份发言；“刘洋@2: …” 在2号网格群；“刘社工@0: …” 在工作群\n')
    rl.on('line', (line) => {
      const m = /^\s*([^:：@]+?)(?:@(\d))?\s*[:：]\s*(.+)$/.exec(line)
      if (!m) return
      const member = [...people.values()].find((p) => p.name === m[1] || p.nick === m[1])
      if (!member) return void process.stdout.write(`没有成员“${m[1]}”\n`)
      const idx = m[2] === undefined ? 1 : Number(m[2])
      const roomId = idx === 0 ? DEMO.staffRoom.roomId : DEMO.grids[idx - 1]?.roomId ?? null
      say(member.id, roomId, m[3]!)
    })
  }

  log.info({ endpoint: `127.0.0.1:${port}` }, 'sandbox puppet server listening on loopback')
  return {
    puppet, endpoint: `127.0.0.1:${port}`, token, adminId: ADMIN_ID, say, isSetUp, runSetup, attachConsole,
    async stop(): Promise<void> {
      await server.stop().catch(() => undefined)
    },
  }
}
