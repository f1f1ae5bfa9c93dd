import { createServer } from 'node:net'
import { createInterface } from 'node:readline'
import { FileBox } from 'file-box'
import { PuppetServer } from 'wechaty-puppet-service'
import { systemClock, type Clock } from '../clock.js'
import type { Logger } from '../logger.js'
import type { Repos } from '../store/repos.js'
import { sandboxText } from '../text/sandbox.js'
import {
  ADMIN_ID,
  BOT_NAME,
  DEMO,
  demoFirstReport,
  demoSetupScript,
  SECOND_BOT,
  SECOND_BOT_ROOMS,
  seedDemoCommunity,
  seedSecondAccount,
  STREET_ADMIN_ID,
} from './demo-community.js'
import { mentionedIds, type Mentionable } from './mentions.js'
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
/** One message in the simulated community, as the console and the terminal show it. */
export interface TranscriptEntry {
  id: string
  at: number
  /** The group, or null for a private chat between the bot and `peerId`. */
  roomId: string | null
  peerId: string | null
  talkerId: string
  /** The talker's group nickname (or name in private); the bot's name (BOT_NAME) for the bot. */
  talkerName: string
  /** As shown in WeChat: a member's @-mentions written before the text, as the bot's already are. */
  text: string
  mentionIds: string[]
  image: boolean
  fromBot: boolean
  /** Which of the bot's accounts said it (the sandbox runs two); absent for members. */
  account?: string
}

const HISTORY = 2_000
const GRPC_START_DEPRECATION = 'Calling start() is no longer necessary'

/**
 * Runs `fn` without the one DeprecationWarning grpc-js prints when PuppetServer.start() calls its Server.start()
 * (bindAsync starts the server since grpc-js 1.10; wechaty-puppet-service still calls it). Any other warning passes.
 */
export async function withoutGrpcStartWarning<T>(fn: () => Promise<T>): Promise<T> {
  const emit = process.emitWarning
  process.emitWarning = function (this: unknown, warning: string | Error, ...rest: unknown[]) {
    if (String(typeof warning === 'string' ? warning : warning.message).startsWith(GRPC_START_DEPRECATION)) return
    return (emit as (...args: unknown[]) => void).call(process, warning, ...rest)
  } as typeof process.emitWarning
  try {
    return await fn()
  } finally {
    process.emitWarning = emit
  }
}
const t = sandboxText.terminal

export async function startSandbox(log: Logger, opts: { transcript?: boolean; clock?: Clock } = {}) {
  const clock = opts.clock ?? systemClock
  const puppet = new SandboxPuppet()
  const { bot, people } = seedDemoCommunity(puppet)
  const port = await freePort()
  const token = 'insecure_gridbot-sandbox'
  const server = new PuppetServer({ endpoint: `127.0.0.1:${port}`, puppet, token })
  await withoutGrpcStartWarning(() => server.start())
  puppet.mocker.login(bot)
  // The second account: a provider session of its own (its own puppet and server), in some of the same groups.
  const second = new SandboxPuppet()
  const secondBot = seedSecondAccount(second, puppet)
  const secondRooms = new Set(SECOND_BOT_ROOMS())
  const secondPort = await freePort()
  const secondToken = 'insecure_gridbot-sandbox-2'
  const secondServer = new PuppetServer({ endpoint: `127.0.0.1:${secondPort}`, puppet: second, token: secondToken })
  await withoutGrpcStartWarning(() => secondServer.start())
  second.mocker.login(secondBot)
  const rooms = [
    ...DEMO.grids.map((g) => ({ id: g.roomId, topic: g.topic })),
    { id: DEMO.staffRoom.roomId, topic: DEMO.staffRoom.topic },
    { id: DEMO.streetRoom.roomId, topic: DEMO.streetRoom.topic },
    { id: DEMO.department.roomId, topic: DEMO.department.topic },
  ]

  const history: TranscriptEntry[] = []
  const listeners = new Set<(e: TranscriptEntry) => void>()
  const nickIn = (roomId: string | null, id: string) =>
    id === bot.id
      ? BOT_NAME
      : id === SECOND_BOT.id
        ? SECOND_BOT.name
        : ((roomId ? puppet.roomAliases.get(roomId)?.get(id) : undefined) ?? people.get(id)?.nick ?? people.get(id)?.name ?? id)
  /** Who can be @-mentioned in a group: its members, by group nickname and WeChat name, and our accounts in it. */
  const mentionable = (roomId: string): Mentionable[] => [
    ...(puppet.mocker.RoomMock.load(roomId).payload?.memberIdList ?? [])
      .filter((id) => people.has(id))
      .map((id) => ({ id, names: [nickIn(roomId, id), people.get(id)?.name] })),
    { id: bot.id, names: [BOT_NAME] },
    ...(secondRooms.has(roomId) ? [{ id: SECOND_BOT.id, names: [SECOND_BOT.name] }] : []),
  ]
  /** The ids a member @-mentions in `text` typed in a group (the longest name written: `@小助手2` is not `@小助手`). */
  const mentionsIn = (roomId: string, text: string) => mentionedIds(text, mentionable(roomId))
  const missingMentions = (text: string, roomId: string | null, ids: string[]) => {
    const written = mentionedIds(text, [
      ...(roomId ? mentionable(roomId) : []),
      ...ids.map((id) => ({ id, names: [nickIn(roomId, id), people.get(id)?.name] })),
    ])
    return ids
      .filter((id) => !written.includes(id))
      .map((id) => `@${nickIn(roomId, id)} `)
      .join('')
  }
  /** Records a message of the first account's world, or (the second's) only what the second account said. */
  const record = (world: SandboxPuppet, botId: string, account: string, messageId: string) => {
    const p = world.mocker.messagePayload(messageId) as {
      roomId?: string
      talkerId: string
      listenerId?: string
      text?: string
      mentionIdList?: string[]
      type?: number
    }
    const fromBot = p.talkerId === botId
    // A member's message reaches both accounts' worlds: the first account's world has every group, so it is the record.
    if (world !== puppet && !fromBot) return
    const roomId = p.roomId ?? null
    const mentionIds = p.mentionIdList ?? []
    // The bot's text already starts with Wechaty's "@nickname" prefixes; a member typing in the console writes the
    // "@nickname" in the text, as in WeChat. Only a mention the text lacks (the demo's setup script) is written before it.
    const at = fromBot ? '' : missingMentions(p.text ?? '', roomId, mentionIds)
    const image = p.text === undefined || p.type === 6
    const entry: TranscriptEntry = {
      id: messageId,
      at: clock.now(),
      roomId,
      peerId: roomId ? null : fromBot ? (p.listenerId ?? null) : p.talkerId,
      talkerId: p.talkerId,
      talkerName: fromBot ? account : nickIn(roomId, p.talkerId),
      text: image ? '' : `${at}${p.text ?? ''}`,
      mentionIds,
      image,
      fromBot,
      ...(fromBot ? { account } : {}),
    }
    history.push(entry)
    if (history.length > HISTORY) history.shift()
    for (const l of listeners) l(entry)
    if (opts.transcript) {
      const where = roomId
        ? (rooms.find((r) => r.id === roomId)?.topic ?? roomId)
        : t.privateChat(people.get(entry.peerId ?? '')?.name ?? String(entry.peerId))
      process.stdout.write(`[${where}] ${entry.talkerName}: ${image ? t.image : entry.text}\n`)
    }
  }
  puppet.on('message', ({ messageId }) => record(puppet, bot.id, BOT_NAME, messageId))
  second.on('message', ({ messageId }) => record(second, secondBot.id, SECOND_BOT.name, messageId))

  /** Makes a simulated member say something in a group (or privately to the bot when roomId is null). */
  function say(memberId: string, roomId: string | null, text: string, mentionIds: string[] = []): void {
    for (const world of worldsOf(roomId))
      world.mocker.ContactMock.load(memberId)
        .say(
          text,
          mentionIds.map((id) => world.mocker.ContactMock.load(id)),
        )
        .to(conversation(roomId, world))
  }

  /** Makes a simulated member send a picture. */
  function sendImage(memberId: string, roomId: string | null, base64: string, name: string): void {
    for (const world of worldsOf(roomId))
      world.mocker.ContactMock.load(memberId).say(FileBox.fromBase64(base64, name)).to(conversation(roomId, world))
  }

  /** Every account in a group hears what is said there; a private chat is with the first account. */
  function worldsOf(roomId: string | null): SandboxPuppet[] {
    return roomId && secondRooms.has(roomId) ? [puppet, second] : [puppet]
  }

  /** A group, or the bot for a private chat. */
  function conversation(roomId: string | null, world: SandboxPuppet = puppet) {
    return roomId ? world.mocker.RoomMock.load(roomId) : world.mocker.ContactMock.load(bot.id)
  }

  const bound = (repos: Repos, roomId: string) => Boolean(repos.directory.group(roomId)?.kind)

  /** True once every demo group was bound (the database outlives the process). */
  function isSetUp(repos: Repos): boolean {
    return rooms.every((r) => bound(repos, r.id))
  }

  /**
   * Binds the groups not yet bound and sets their roles by having the demo admin type the commands, as a real admin
   * would (a sandbox from before the street and department groups gains them); on a fresh database a resident files
   * a first report.
   */
  function runSetup(repos: Repos): void {
    const fresh = !DEMO.grids.some((g) => bound(repos, g.roomId))
    const todo = new Set(rooms.filter((r) => !bound(repos, r.id)).map((r) => r.id))
    for (const step of demoSetupScript()) if (todo.has(step.roomId)) say(step.adminId, step.roomId, step.text, step.mentionIds)
    if (!fresh) return
    const first = demoFirstReport()
    say(first.memberId, first.roomId, first.text)
  }

  /**
   * Reads `name: text` (first grid group) or `name@2: text` (grid group 2; `@0` the community staff group, `@街道` the
   * street's, `@部门` the department's) from stdin.
   */
  function attachConsole(): void {
    if (!process.stdin.isTTY) return
    const rl = createInterface({ input: process.stdin })
    process.stdout.write(`${t.hint}\n`)
    rl.on('line', (line) => {
      const m = t.line.exec(line)
      if (!m) return
      const member = [...people.values()].find((p) => p.name === m[1] || p.nick === m[1])
      if (!member) return void process.stdout.write(`${t.noMember(m[1]!)}\n`)
      const named: Record<string, string> = {
        [t.streetRoom]: DEMO.streetRoom.roomId,
        [t.departmentRoom]: DEMO.department.roomId,
        '0': DEMO.staffRoom.roomId,
      }
      const roomId = m[2] === undefined ? DEMO.grids[0]!.roomId : (named[m[2]] ?? DEMO.grids[Number(m[2]) - 1]?.roomId ?? null)
      say(member.id, roomId, m[3]!)
    })
  }

  log.info({ endpoint: `127.0.0.1:${port}` }, 'sandbox puppet server listening on loopback')
  return {
    puppet,
    endpoint: `127.0.0.1:${port}`,
    token,
    /** The bot's two accounts in the sandbox, the first in every group, the second in grid group 2 and the staff group. */
    accounts: [
      { name: BOT_NAME, token, endpoint: `127.0.0.1:${port}` },
      { name: SECOND_BOT.name, token: secondToken, endpoint: `127.0.0.1:${secondPort}` },
    ],
    adminId: ADMIN_ID,
    /** The demo's admins: the community's and the street office's. */
    adminIds: [ADMIN_ID, STREET_ADMIN_ID],
    say,
    sendImage,
    isSetUp,
    runSetup,
    attachConsole,
    people,
    rooms,
    botId: bot.id,
    botName: BOT_NAME,
    /** Both accounts, as members see them (the console highlights their @-mentions). */
    bots: [
      { id: bot.id, name: BOT_NAME },
      { id: SECOND_BOT.id, name: SECOND_BOT.name },
    ],
    mentionsIn,
    /** The last messages of every conversation, oldest first. */
    history: () => history.slice(),
    /** Calls `fn` with every new message; returns the unsubscribe. */
    onMessage(fn: (e: TranscriptEntry) => void): () => void {
      listeners.add(fn)
      return () => void listeners.delete(fn)
    },
    /** A picture a member sent, as bytes. */
    async image(messageId: string): Promise<{ data: Buffer; name: string } | undefined> {
      for (const world of [puppet, second]) {
        try {
          const box = await world.messageFile(messageId)
          return { data: await box.toBuffer(), name: box.name }
        } catch {
          // not this account's message
        }
      }
      return undefined
    },
    async stop(): Promise<void> {
      await server.stop().catch(() => undefined)
      await secondServer.stop().catch(() => undefined)
    },
  }
}
