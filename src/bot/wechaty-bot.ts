import { join } from 'node:path'
import qrcodeTerminal from 'qrcode-terminal'
import { types, WechatyBuilder, type Message, type Wechaty } from 'wechaty'
import type { Puppet } from 'wechaty-puppet'
import { PuppetService } from 'wechaty-puppet-service'
import type { Clock } from '../clock.js'
import type { Config } from '../config.js'
import { createMessageHandler } from '../commands/handle-message.js'
import type { CoreDeps, InboundMessage } from '../commands/types.js'
import type { Logger } from '../logger.js'
import type { OpenDatabase } from '../store/database.js'
import type { Repos } from '../store/repos.js'
import { backupDatabase, backupName, pruneBackups } from '../store/backup.js'
import { createAttachmentFetcher } from './attachments.js'
import { createOutboxSender } from './outbox.js'
import { syncAllRooms, syncRoom } from './roster-sync.js'
import { createSchedule } from './schedule.js'
import { runDigest } from '../rules/digest.js'
import { RULES } from '../rules/index.js'
import { runTick } from '../rules/run-tick.js'
import { createSupervisor } from './supervisor.js'
import { createNicknameCache, toInboundMessage } from './to-inbound-message.js'
import { createWechatyTransport } from './wechaty-transport.js'

const THROTTLED = /操作过于频繁|操作太频繁/
const THROTTLE_PAUSE_MS = 60_000
const ROSTER_CRON = '*/30 * * * *'
const SHUTDOWN_FLUSH_MS = 5_000
const BACKUP_CRON = '0 3 * * *'
const BACKUPS_KEPT = 14
// room.sync() dirties RoomMember payloads under the room's id, and Wechaty looks that id up as a contact.
const SYNC_NOISE = /no payload found for id \S+@chatroom/

/** What the running bot needs from the composition root. */
export interface GridBotOptions {
  config: Config
  repos: Repos
  clock: Clock
  log: Logger
  /** Overrides the admins list (the sandbox adds its demo admin). */
  admins?: string[]
  /** The database handle, for the daily online backup (none without it). */
  database?: OpenDatabase
  /** A puppet-service connection (production and sandbox), or a puppet instance (the in-process adapter test). */
  puppet: { token: string; endpoint?: string } | { instance: Puppet }
}

/** Builds the Wechaty bot over wechaty-puppet-service and wires it to the core, outbox, roster and supervisor. */
export async function startGridBot(o: GridBotOptions) {
  const { config, repos, clock, log } = o
  const makePuppet = () => ('instance' in o.puppet
    ? o.puppet.instance
    : new PuppetService({ token: o.puppet.token, ...(o.puppet.endpoint ? { endpoint: o.puppet.endpoint } : {}) }))
  let bot: Wechaty = WechatyBuilder.build({ name: 'gridbot', puppet: makePuppet() })
  const identity = { id: '', name: '' }
  const deps: CoreDeps & { mentionsPerMessage: number } = {
    repos, clock, policy: config.policy, timeZone: config.timeZone, admins: o.admins ?? config.admins,
    bot: identity, mentionsPerMessage: config.send.mentionsPerMessage,
  }
  const handler = createMessageHandler(deps)
  const outbox = createOutboxSender({
    repo: repos.outbox, transport: createWechatyTransport(() => bot), clock, send: config.send,
    quietHours: config.quietHours, timeZone: config.timeZone, log: log.child({ module: 'outbox' }),
  })
  const attachments = createAttachmentFetcher({
    repos, dataDir: config.dataDir, log: log.child({ module: 'attachments' }),
    load: async (messageId) => {
      const box = await bot.puppet.messageFile(messageId)
      return { name: box.name, data: await box.toBuffer() }
    },
  })
  const schedule = createSchedule(config.timeZone, log)
  const nicknames = createNicknameCache()
  let stopping = false
  const supervisor = createSupervisor({
    log: log.child({ module: 'supervisor' }),
    now: () => Date.now(),
    timers: { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) },
    probe: () => bot.puppet.ding('gridbot'),
    onDown: () => outbox.hold(),
    // A Wechaty whose start() once failed does not log in again after stop()/start(): build a new one.
    restart: async () => {
      const old = bot
      bot = WechatyBuilder.build({ name: 'gridbot', puppet: makePuppet() })
      await withDeadline(old.stop(), 15_000).catch(() => undefined)
      wire(bot)
      await bot.start()
    },
  })

  const chains = new Map<string, Promise<void>>()
  /** Messages of one conversation are handled in order (a report before its photo), conversations in parallel. */
  function serial(key: string, fn: () => Promise<void>): void {
    const next = (chains.get(key) ?? Promise.resolve()).then(fn).catch((err) => log.error({ err }, 'message handling failed'))
    chains.set(key, next)
    void next.finally(() => chains.get(key) === next && chains.delete(key))
  }

  // Messages converted in the same turn of the event loop are handled in one group commit.
  const MAX_BATCH = 200
  const batch: InboundMessage[] = []
  let flushScheduled = false
  function flush(): void {
    flushScheduled = false
    const taken = batch.splice(0, MAX_BATCH)
    if (batch.length) scheduleFlush()
    let outcomes
    try {
      outcomes = handler.handleBatch(taken)
    } catch (err) {
      log.error({ err: (err as Error).message, messages: taken.length }, 'message batch failed to commit')
      return
    }
    outcomes.forEach((outcome, i) => {
      const inbound = taken[i]!
      if (outcome.status === 'error') log.error({ messageId: inbound.id, err: (outcome.error as Error)?.stack }, 'message handling failed')
      else log.debug({ messageId: inbound.id, roomId: inbound.roomId, status: outcome.status, replies: outcome.out.length }, 'message')
      for (const id of outcome.fetchAttachments) void attachments.fetch(id)
    })
    if (outcomes.some((o) => o.out.length)) outbox.kick()
  }
  function scheduleFlush(): void {
    if (!flushScheduled) {
      flushScheduled = true
      setImmediate(flush)
    }
  }

  async function onMessage(message: Message): Promise<void> {
    supervisor.alive()
    if (message.self()) {
      if (message.type() === types.Message.Unknown && THROTTLED.test(message.text())) {
        log.warn('WeChat says we send too often; pausing the outbox')
        outbox.pause(THROTTLE_PAUSE_MS)
      }
      return
    }
    batch.push(await toInboundMessage(message, nicknames))
    scheduleFlush()
  }

  let markReady: () => void = () => undefined
  const ready = new Promise<void>((resolve) => {
    markReady = resolve
  })
  /** Listens to one Wechaty instance; once the supervisor replaced it, its events are ignored. */
  function wire(b: Wechaty): void {
    const on = ((event: string, fn: (...args: any[]) => unknown) => b.on(event as never, ((...args: any[]) => {
      if (b === bot) return fn(...args)
    }) as never)) as Wechaty['on']
    on('message', (message) => serial(message.room()?.id ?? message.talker().id, () => onMessage(message)))
    on('scan', (qrcode, status) => {
      supervisor.awaitingScan()
      if (status === types.ScanStatus.Waiting || status === types.ScanStatus.Timeout) {
        log.info('scan the QR code below with the WeChat account the bot runs as')
        qrcodeTerminal.generate(qrcode, { small: true })
      }
    })
    on('login', async (user) => {
      supervisor.loggedIn()
      identity.id = user.id
      identity.name = user.name()
      log.info({ userId: user.id }, 'logged in')
      await syncAllRooms(bot, repos, clock, log, { nicknames }).catch((err) => log.error({ err: (err as Error).message }, 'roster sync failed'))
      markReady()
      outbox.resume()
      void attachments.retryPending()
    })
    on('logout', () => {
      if (!stopping) supervisor.reportDead('logout')
    })
    on('error', (err) => {
      const message = String((err as Error).message)
      if (SYNC_NOISE.test(message)) return void log.debug({ err: message }, 'wechaty error after a roster refresh')
      log.error({ err: message }, 'wechaty error')
      if (!stopping && /UNAVAILABLE|Connection dropped|stream|ECONNREFUSED/i.test(message)) supervisor.reportDead('error')
    })
    on('heartbeat', () => supervisor.alive())
    on('dong', () => supervisor.alive())
    on('room-join', async (room) => {
      await syncRoom(room, repos, clock, { nicknames }).catch((err) => log.warn({ err: (err as Error).message }, 'roster sync on join failed'))
    })
    on('room-leave', (room, leavers) => {
      repos.members.markLeft(room.id, leavers.map((c) => c.id), clock.now())
    })
    on('room-topic', (room, topic) => repos.directory.touchGroup(room.id, topic, clock.now()))
  }
  wire(bot)

  await bot.start()
  supervisor.start()
  schedule.every(ROSTER_CRON, 'roster-sync', () => syncAllRooms(bot, repos, clock, log, { refresh: true, nicknames }))
  const ruleDeps = {
    repos, policy: config.policy, timeZone: config.timeZone, bot: identity, mentionsPerMessage: config.send.mentionsPerMessage,
    ...(config.quietHours ? { quietHours: config.quietHours } : {}),
  }
  const ruleLog = log.child({ module: 'rules' })
  /** Notices about to remind or close: their groups' rosters and nicknames are re-read first. */
  async function syncNoticeRooms(): Promise<void> {
    for (const roomId of repos.notices.roomsDue(clock.now())) {
      const room = await bot.Room.find({ id: roomId }).catch(() => undefined)
      if (room) await syncRoom(room, repos, clock, { refresh: true, nicknames }).catch((err) => ruleLog.warn({ roomId, err: (err as Error).message }, 'roster re-read before a notice round failed'))
    }
  }
  /** One rules tick now: rosters of due notices re-read, then every rule (the sandbox's clock control calls it too). */
  async function runRules(): Promise<void> {
    if (!identity.id) return // not logged in yet: the timeline needs the bot's id, and nothing could be sent
    await syncNoticeRooms()
    const started = Date.now()
    const r = runTick(ruleDeps, RULES, clock.now(), (rule, err) => ruleLog.error({ rule, err: (err as Error).message }, 'rule failed'))
    if (r.messages) outbox.kick()
    if (r.fired || r.failed) ruleLog.info({ ...r, ms: Date.now() - started }, 'rules tick')
  }
  schedule.every(config.rulesCron, 'rules', runRules)
  if (o.database) {
    const db = o.database
    const dir = join(config.dataDir, 'backups')
    schedule.every(BACKUP_CRON, 'backup', async () => {
      const file = await backupDatabase(db.sqlite, join(dir, backupName(clock.now(), config.timeZone)))
      const removed = pruneBackups(dir, BACKUPS_KEPT)
      log.info({ file, removed: removed.length }, 'daily backup written')
    })
  }
  schedule.every(config.policy.digest, 'digest', () => {
    if (!identity.id) return
    const r = runDigest(ruleDeps, clock.now())
    if (r.messages) outbox.kick()
    ruleLog.info(r, 'daily digest')
  })

  return {
    get bot() {
      return bot
    },
    outbox,
    handler,
    identity,
    /** Resolves after the first login and roster sync. */
    ready,
    /** Runs the rules once now. */
    tick: runRules,
    /** Stops schedules and supervision, sends what is due for up to 5 s, stops Wechaty. */
    async stop(): Promise<void> {
      stopping = true
      schedule.stopAll()
      supervisor.stop()
      await outbox.flush(SHUTDOWN_FLUSH_MS)
      await outbox.stop()
      await withDeadline(bot.stop(), 5_000).catch(() => undefined)
    },
  }
}

export type GridBot = Awaited<ReturnType<typeof startGridBot>>

/** Resolves when `p` does, or after `ms` at the latest. */
function withDeadline(p: Promise<unknown>, ms: number): Promise<unknown> {
  return Promise.race([p, new Promise((r) => setTimeout(r, ms).unref())])
}
