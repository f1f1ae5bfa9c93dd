import qrcodeTerminal from 'qrcode-terminal'
import { types, WechatyBuilder, type Message, type Wechaty } from 'wechaty'
import type { Puppet } from 'wechaty-puppet'
import type { Clock } from '../clock.js'
import type { InboundMessage } from '../domain/model.js'
import type { Repos } from '../domain/ports.js'
import type { Logger } from '../logger.js'
import { membersLeft } from '../domain/roster.js'
import { SessionKeepingPuppetService } from './drop-connection.js'
import { recordAllRooms, ROSTER_RETRY_MS, ROSTERS_FRESH_MS, syncAllRooms, syncRoom, syncRooms } from './roster-sync.js'
import { isThrottleNotice } from '../parse/wechat-notices.js'
import { createSupervisor } from './supervisor.js'
import { createNicknameCache, toInboundMessage } from './to-inbound-message.js'
import { createWechatyTransport } from './wechaty-transport.js'

// room.sync() dirties RoomMember payloads under the room's id, and Wechaty looks that id up as a contact.
const SYNC_NOISE = /no payload found for id \S+@chatroom/
const DEAD_LINE = /UNAVAILABLE|Connection dropped|stream|ECONNREFUSED/i

/**
 * wechaty-puppet's own watchdog resets a puppet that heard nothing for this long (its default is 60 s). While a
 * district's forty accounts read their rosters, every account was reset about a minute after its start and began
 * its sync again. The supervisor (2 minutes of silence, probed after one) decides when a line is dead.
 */
const PUPPET_WATCHDOG_SECONDS = 180

/**
 * A puppet-service connection (production and sandbox), with the folder for its payload cache (default
 * $HOME/.wechaty), or a puppet instance (the in-process adapter test).
 */
export type PuppetConnection = { token: string; endpoint?: string; cacheDir?: string } | { instance: Puppet }

/** What the account tells the app. */
export interface AccountEvents {
  /** A message from someone else, converted; messages of one conversation arrive in order. */
  inbound(m: InboundMessage): void
  /** Logged in and every group recorded (and claimed); the rosters are read after. */
  login(): void
  /** Rosters were read (after a login, and after each retry of those that failed): who of ours is in which group. */
  rostersRead?(): void
  /** WeChat said we send too often. */
  throttled(): void
  /** The connection was found dead (the outbox holds its messages). */
  down(): void
  /** A QR code waits for a person to scan it. */
  scan?(): void
}

/**
 * One WeChat account through Wechaty: turns its events into inbound messages and roster updates, sends what
 * the outbox hands it, and keeps the connection up (supervisor). Nothing of the core's logic lives here.
 */
export function createWechatyAccount(o: {
  puppet: PuppetConnection
  repos: Repos
  clock: Clock
  log: Logger
  on: AccountEvents
  /** Its name among several accounts (it claims the unowned groups it is in, unless a standby). */
  name?: string
  standby?: boolean
  /** Pauses before a login's failed roster reads are tried again (tests shorten them). */
  rosterRetryMs?: readonly number[]
}) {
  const { repos, clock, log } = o
  const claim = o.name && !o.standby ? { claimAs: o.name } : {}
  const makePuppet = () =>
    'instance' in o.puppet
      ? o.puppet.instance
      : new SessionKeepingPuppetService(
          { token: o.puppet.token, timeoutSeconds: PUPPET_WATCHDOG_SECONDS, ...(o.puppet.endpoint ? { endpoint: o.puppet.endpoint } : {}) },
          o.puppet.cacheDir,
        )
  let bot: Wechaty = WechatyBuilder.build({ name: 'gridbot', puppet: makePuppet() })
  const identity = { id: '', name: '' }
  const nicknames = createNicknameCache()
  let stopping = false
  const supervisor = createSupervisor({
    log: log.child({ module: 'supervisor' }),
    now: () => Date.now(),
    timers: { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) },
    probe: () => bot.puppet.ding('gridbot'),
    onDown: () => o.on.down(),
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
    const next = (chains.get(key) ?? Promise.resolve()).then(fn).catch((err) => log.error({ err }, 'message conversion failed'))
    chains.set(key, next)
    void next.finally(() => chains.get(key) === next && chains.delete(key))
  }

  async function onMessage(message: Message): Promise<void> {
    supervisor.alive()
    if (message.self()) {
      if (message.type() === types.Message.Unknown && isThrottleNotice(message.text())) o.on.throttled()
      return
    }
    const m = await toInboundMessage(message, nicknames)
    o.on.inbound(o.name ? { ...m, account: o.name } : m)
  }

  /** Full roster reads running (the login's, the periodic one), and when the last one ended. */
  let readingRosters = 0
  let rostersReadAt: number | undefined
  /** Runs one full read of the rosters, counted so that the periodic one does not start beside it. */
  async function fullRead<T>(read: () => Promise<T>): Promise<T> {
    readingRosters++
    try {
      return await read()
    } finally {
      readingRosters--
    }
  }

  /** Reads again the rosters a login could not read, a few times with growing pauses, while `b` is still the bot. */
  async function retryRosters(b: Wechaty, roomIds: string[]): Promise<void> {
    let left = roomIds
    for (const pause of o.rosterRetryMs ?? ROSTER_RETRY_MS) {
      await new Promise((resolve) => setTimeout(resolve, pause).unref())
      if (stopping || b !== bot) return
      left = (await syncRooms(b, left, repos, clock, log, { nicknames, ...claim })).failed
      log.info({ groups: roomIds.length, stillFailing: left.length }, 'rosters read again')
      if (b === bot) o.on.rostersRead?.()
      if (!left.length) return
    }
  }

  /** Listens to one Wechaty instance; once the supervisor replaced it, its events are ignored. */
  function wire(b: Wechaty): void {
    const on = ((event: string, fn: (...args: unknown[]) => unknown) =>
      b.on(
        event as never,
        ((...args: unknown[]) => {
          if (b === bot) return fn(...args)
        }) as never,
      )) as Wechaty['on']
    on('message', (message) => serial(message.room()?.id ?? message.talker().id, () => onMessage(message)))
    on('scan', (qrcode, status) => {
      supervisor.awaitingScan()
      o.on.scan?.()
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
      const b = bot
      const opts = { nicknames, ...claim }
      // Every group recorded and claimed (one read each), then the account sends while the rosters are read: in a
      // district's cold start those take minutes, and the replies to what residents say meanwhile need not wait.
      const roomIds = await recordAllRooms(b, repos, clock, log, opts).catch((err) => {
        log.error({ err }, 'cannot list the groups')
        return []
      })
      if (b !== bot) return
      o.on.login()
      const synced = await fullRead(() => syncRooms(b, roomIds, repos, clock, log, opts)).catch((err) => {
        log.error({ err }, 'roster sync failed')
        return undefined
      })
      // A login whose groups could not be listed read nothing: the periodic read then does not wait.
      if (synced && roomIds.length) rostersReadAt = clock.now()
      if (b !== bot) return
      o.on.rostersRead?.()
      if (synced?.failed.length) void retryRosters(b, synced.failed).catch((err) => log.warn({ err }, 'roster retry failed'))
    })
    on('logout', () => {
      if (!stopping) supervisor.reportDead('logout')
    })
    on('error', (err) => {
      const message = String((err as Error).message)
      if (SYNC_NOISE.test(message)) return void log.debug({ err }, 'wechaty error after a roster refresh')
      log.error({ err }, 'wechaty error')
      if (!stopping && DEAD_LINE.test(message)) supervisor.reportDead('error')
    })
    on('heartbeat', () => supervisor.alive())
    on('dong', () => supervisor.alive())
    on('room-join', async (room) => {
      await syncRoom(bot, room.id, repos, clock, { nicknames, ...claim }).catch((err) => log.warn({ err }, 'roster sync on join failed'))
    })
    on('room-leave', (room, leavers) =>
      repos.transaction(() =>
        membersLeft(
          repos,
          room.id,
          leavers.map((c) => c.id),
          clock.now(),
        ),
      ),
    )
    on('room-topic', (room, topic) => repos.directory.touchGroup(room.id, topic, clock.now()))
  }

  return {
    identity,
    transport: createWechatyTransport(() => bot),
    /** The bytes of an image message. */
    async loadAttachment(messageId: string) {
      const box = await bot.puppet.messageFile(messageId)
      return { name: box.name, data: await box.toBuffer() }
    },
    /** The health probe: a short message to `to` (default the account itself); rejects when it did not go through. */
    async probe(to: string | undefined, text: string): Promise<void> {
      const id = to ?? identity.id
      const contact = id ? await bot.Contact.find({ id }) : undefined
      if (!contact) throw new Error(`probe target ${id || '(not logged in)'} not found`)
      await contact.say(text)
    },
    /** Re-reads the rosters and nicknames of these groups (before a notice round @s anyone). */
    async syncRooms(roomIds: string[]): Promise<void> {
      await syncRooms(bot, roomIds, repos, clock, log, { refresh: true, nicknames, ...claim })
    },
    /**
     * Re-reads every group's roster (every 30 minutes: join/leave events miss members, nicknames change without one),
     * unless a read is running or the last ended less than ROSTERS_FRESH_MS ago: a district's 240,000 members keep
     * its accounts busy for about 5 minutes (most of a core), not to be read twice because a login's read came just before.
     */
    async syncAll(): Promise<void> {
      if (readingRosters || (rostersReadAt !== undefined && clock.now() - rostersReadAt < ROSTERS_FRESH_MS)) return
      await fullRead(() => syncAllRooms(bot, repos, clock, log, { refresh: true, nicknames, ...claim }))
      rostersReadAt = clock.now()
    },
    async start(): Promise<void> {
      wire(bot)
      await bot.start()
      supervisor.start()
    },
    async stop(): Promise<void> {
      stopping = true
      supervisor.stop()
      await withDeadline(bot.stop(), 5_000).catch(() => undefined)
    },
    /** The current Wechaty (the supervisor may have replaced it). */
    get wechaty(): Wechaty {
      return bot
    },
  }
}

/** One running account. */
export type WechatyAccount = ReturnType<typeof createWechatyAccount>

/** Resolves when `p` does, or after `ms` at the latest. */
function withDeadline(p: Promise<unknown>, ms: number): Promise<unknown> {
  return Promise.race([p, new Promise((r) => setTimeout(r, ms).unref())])
}
