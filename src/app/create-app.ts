import { createAttachmentFetcher } from '../bot/attachments.js'
import { createOutboxSender, type OutboxSender } from '../bot/outbox.js'
import { SINGLE_ACCOUNT } from '../accounts-config.js'
import { createClockSchedule, createSchedule } from '../bot/schedule.js'
import { createWechatyAccount, type PuppetConnection, type WechatyAccount } from '../bot/wechaty-account.js'
import type { Clock } from '../clock.js'
import type { HandleOutcome } from '../commands/handle-message.js'
import { expectsReply } from '../commands/expects-reply.js'
import type { Config } from '../config.js'
import type { CommandBudgetLimits, CoreDeps } from '../domain/core.js'
import type { InboundMessage } from '../domain/model.js'
import type { Repos } from '../domain/ports.js'
import { adminStaffGroups } from '../domain/staff-groups.js'
import type { Logger } from '../logger.js'
import { runTick } from '../rules/run-tick.js'
import type { AnyRule } from '../rules/rule.js'
import type { OpenDatabase } from '../store/database.js'
import { createHost, type Host, type Job } from './host.js'
import { createAccountHealth, type AccountHealth } from './account-health.js'
import { answersHere } from './answering-account.js'
import { createHeldMessages } from './held-messages.js'
import { enqueue } from '../domain/outgoing.js'
import { failoverNotes } from '../domain/failover.js'
import { accountsText } from '../text/accounts.js'
import { createStorageOutage } from './storage-outage.js'

const THROTTLE_PAUSE_MS = 60_000
const ROSTER_CRON = '*/30 * * * *'
const SHUTDOWN_FLUSH_MS = 5_000
/** Messages converted in the same turn of the event loop are handled in one group commit, this many at most. */
const MAX_BATCH = 200

/** What the app is built on: settings, stores, time and a logger (main.ts makes them). */
export interface AppOptions {
  config: Config
  repos: Repos
  clock: Clock
  log: Logger
  /** The database handle, for the daily online backup (none without it). */
  database?: OpenDatabase
  /** Overrides the per-member command budget (benchmarks of handling turn it off). */
  commandBudget?: CommandBudgetLimits
  /** The clock can be moved (the sandbox's): the rules, the digest, backups and every other job run on its time, not the wall clock's. */
  clockMoves?: boolean
}

/** One WeChat account to run: its GRIDBOT_ACCOUNTS name, whether it only stands by, and how to reach it. */
export interface AccountConnection {
  name: string
  standby?: boolean
  puppet: PuppetConnection
}

/**
 * The app: features register commands, listeners, rules and jobs (`use`); `start` connects the accounts and
 * runs the message handler, one paced outbox per account, the rules tick and the jobs on their crons.
 */
export function createApp(o: AppOptions) {
  const host = createHost()
  return Object.assign(host, {
    /** Connects the account(s) and starts everything; resolves once Wechaty has started (not logged in). */
    start: (accounts: PuppetConnection | AccountConnection[]) =>
      startApp(host, o, Array.isArray(accounts) ? accounts : [{ name: SINGLE_ACCOUNT, puppet: accounts }]),
  })
}

/** A running app. */
export type RunningApp = Awaited<ReturnType<typeof startApp>>

async function startApp(host: Host, o: AppOptions, connections: AccountConnection[]) {
  const { config, repos, clock, log } = o
  repos.accounts.register(
    connections.map((c) => ({ name: c.name, standby: c.standby ?? false })),
    clock.now(),
  )
  const identity = { id: '', name: '' }
  const identities = new Map<string, { id: string; name: string }>()
  const deps: CoreDeps = {
    repos,
    clock,
    policy: config.policy,
    timeZone: config.timeZone,
    admins: config.admins,
    bot: identity,
    botOf: (account) => identities.get(account),
    ours: (contactId) => [...identities.values()].some((i) => i.id === contactId),
    mentionsPerMessage: config.send.mentionsPerMessage,
    pacing: config.send,
    ...(config.quietHours ? { quietHours: config.quietHours } : {}),
    ...(o.commandBudget ? { commandBudget: o.commandBudget } : {}),
  }
  const handler = host.handler(deps)
  const { accounts, ready, allReady, storage, presence } = connect(o, handler, deps, identities, connections)
  const primary = accounts[0]!
  const ruleLog = log.child({ module: 'rules' })
  /** The running account that answers a group (or the first one): it re-reads that group's roster. */
  const accountFor = (roomId: string) => accounts.find((a) => a.name === repos.accounts.answererOf(roomId)) ?? primary
  /** One tick of `rules` now, once logged in (the timeline needs the bot's id, and nothing could be sent before). */
  async function tick(rules: AnyRule[], syncNoticeRooms: boolean): Promise<void> {
    if (!identity.id) return
    presence.stillOnline()
    if (syncNoticeRooms) {
      const rooms = repos.notices.roomsDue(clock.now())
      for (const a of accounts) await a.account.syncRooms(rooms.filter((r) => accountFor(r) === a))
    }
    const started = Date.now()
    const r = runTick(deps, rules, clock.now(), (rule, err) => ruleLog.error({ rule, err }, 'rule failed'))
    if (r.messages) for (const a of accounts) a.outbox.kick()
    if (r.fired && !r.failed) storage.retry() // the database wrote: the kept messages may go now
    if (r.fired || r.failed) ruleLog.info({ ...r, ms: Date.now() - started }, 'rules tick')
  }
  const everyTick = host.rules().filter((r) => !r.schedule)
  const schedule = o.clockMoves ? createClockSchedule(config.timeZone, log, clock) : createSchedule(config.timeZone, log)
  const runJob = (job: Job) => async () =>
    void (await job.run({ deps, config, log: log.child({ job: job.id }), ...(o.database ? { database: o.database } : {}) }))
  for (const job of host.jobs().filter((j) => j.atStart)) await runJob(job)()
  // In the order listed: the first to see a group at start-up owns it.
  for (const a of accounts) {
    await a.account.start()
    a.health.start()
  }
  schedule.every(ROSTER_CRON, 'roster-sync', async () => {
    for (const a of accounts) await a.account.syncAll()
  })
  schedule.every(config.rulesCron, 'rules', () => tick(everyTick, true))
  for (const rule of host.rules().filter((r) => r.schedule))
    schedule.every(rule.schedule!(config.policy), rule.id, () => tick([rule], false))
  for (const job of host.jobs()) schedule.every(job.cron(config), job.id, runJob(job))
  return {
    handler,
    /** The first account's outbox (the only one with a single account). */
    outbox: primary.outbox,
    /** Every account: its name, Wechaty connection and outbox. */
    accounts,
    identity,
    get bot() {
      return primary.account.wechaty
    },
    /** Resolves after the first login and roster sync (of the first account, or of whichever logged in first). */
    ready,
    /** Resolves once every account logged in (and read its rosters) once. */
    allReady,
    /** Runs the rules once now. */
    tick: () => tick(everyTick, true),
    /** After the clock moved (the sandbox's clock control): every job whose time it went past (the 08:30 digest, the 03:00 backup …), then the rules. */
    async clockMoved(): Promise<void> {
      await schedule.runDue()
      await tick(everyTick, true)
    },
    /** Messages kept in memory while the database cannot write. */
    storage,
    /** Stops schedules and supervision, sends what is due for up to 5 s, stops Wechaty. */
    async stop(): Promise<void> {
      presence.stillOnline()
      schedule.stopAll()
      storage.stop()
      for (const a of accounts) a.health.stop()
      await Promise.all(accounts.map((a) => a.outbox.flush(SHUTDOWN_FLUSH_MS)))
      await Promise.all(accounts.map((a) => a.outbox.stop()))
      await Promise.all(accounts.map((a) => a.account.stop()))
    },
  }
}

/** One running account: its Wechaty connection and its own paced outbox. */
export interface RunningAccount {
  name: string
  standby: boolean
  account: WechatyAccount
  outbox: OutboxSender
  health: AccountHealth
}

/**
 * The accounts wired to the core: each one's group messages go to the handler only where it answers the group
 * (answersHere; the others are held a few minutes, for the account that answers after a failover), in group commits kept in memory while the database cannot write; what the handler and the
 * rules queue goes out through each account's own paced outbox; photos are fetched through the account that
 * received them; each account's identity is set at its login.
 */
function connect(
  o: AppOptions,
  handler: ReturnType<Host['handler']>,
  deps: CoreDeps,
  identities: Map<string, { id: string; name: string }>,
  connections: AccountConnection[],
) {
  const { config, repos, clock, log } = o
  const several = connections.length > 1
  const presence = createPresence(o)
  /** Accounts logged in now: the bot is online while any is. */
  const online = new Set<string>()
  let markReady: () => void = () => undefined
  const ready = new Promise<void>((resolve) => (markReady = resolve))
  let markAllReady: () => void = () => undefined
  const allReady = new Promise<void>((resolve) => (markAllReady = resolve))
  /** The accounts that have read their rosters after a login. */
  const rostered = new Set<string>()
  const firstOwner = connections.find((c) => !c.standby) ?? connections[0]!
  const held = createHeldMessages(() => clock.now())
  /** Contact id → account name, of every account that logged in. */
  const ours = new Map<string, string>()
  const safely = (what: string, fn: () => void) => {
    try {
      fn()
    } catch (err) {
      log.warn({ err }, what)
    }
  }
  const accounts: RunningAccount[] = connections.map((c) => {
    const alog = several ? log.child({ account: c.name }) : log
    const me = { name: c.name, standby: c.standby ?? false, contactId: '' }
    // The account's events fire only after start(), when the outbox and the fetcher below exist.
    const account: WechatyAccount = createWechatyAccount({
      puppet: c.puppet,
      repos,
      clock,
      log: alog,
      name: c.name,
      standby: me.standby,
      on: {
        inbound: (m) => {
          if (ours.has(m.senderId)) return // another of our accounts speaking in a shared group
          if (several && m.roomId) {
            let mine = c === firstOwner
            safely('cannot tell which account answers a group', () => (mine = answersHere(repos, me, ours, m, clock.now())))
            // Left to the answering account, which may never have got it (its connection died unnoticed): held a while.
            if (!mine) return held.hold(m)
            if (!held.handling(m)) return // another account of ours handled its copy when this one was down
          }
          receive(m)
        },
        login: () => {
          online.add(c.name)
          presence.loggedIn()
          // A login proves nothing (zombie sessions stay online): an unhealthy account must send to be trusted again.
          health.loggedIn()
          me.contactId = account.identity.id
          identities.set(c.name, { ...account.identity })
          ours.set(account.identity.id, c.name)
          safely('cannot record the login', () => repos.accounts.loggedIn(c.name, account.identity.id, clock.now()))
          // The bot's identity (the rules' timeline entries) is the first listed account's, or, while it has not logged
          // in, the first that did: one account that cannot log in does not stop the rules.
          if (c === connections[0] || !deps.bot.id) Object.assign(deps.bot, account.identity)
          storage.refreshRooms()
          // Group messages that waited for an account of ours in their group may have one now.
          safely('cannot route waiting messages', () => repos.outbox.reroute(null, clock.now()))
          outbox.resume()
          void attachments.retryPending()
        },
        // Our accounts' places in the groups are known now: a standby's groups, a person's shared group.
        rostersRead: () => {
          safely('cannot route waiting messages', () => {
            if (repos.outbox.reroute(null, clock.now())) kickAll()
          })
          // Ready once the bot's own account (the first listed, or the first that logged in) has read its rosters.
          rostered.add(c.name)
          if (deps.bot.id === account.identity.id) markReady()
          if (rostered.size === connections.length) markAllReady()
        },
        throttled: () => {
          alog.warn('WeChat says we send too often; pausing the outbox')
          outbox.pause(THROTTLE_PAUSE_MS)
          health.throttled()
        },
        down: () => {
          online.delete(c.name)
          if (!online.size) presence.down()
          safely('cannot record the logout', () => repos.accounts.loggedOut(c.name, clock.now()))
          outbox.hold()
          health.loggedOut()
          takeOver(c.name)
        },
        scan: () => health.awaitingScan(),
      },
    })
    const outbox = createOutboxSender({
      repo: repos.outbox,
      transport: account.transport,
      clock,
      send: config.send,
      quietHours: config.quietHours,
      timeZone: config.timeZone,
      log: alog.child({ module: 'outbox' }),
      photoFile: (id) => repos.cases.attachment(id)?.path ?? undefined,
      ...(several ? { account: { name: c.name, unrouted: c === firstOwner } } : {}),
      onSent: (at) => {
        health.sent()
        safely('cannot record a send', () => repos.accounts.sent(c.name, at))
      },
      onFailed: () => {
        health.failed()
        safely('cannot record a failed send', () => repos.accounts.failed(c.name, clock.now()))
      },
    })
    const health = createAccountHealth({
      name: c.name,
      log: alog,
      now: () => Date.now(),
      timers: { setTimeout: (fn, ms) => setTimeout(fn, ms).unref(), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) },
      probeEveryMs: config.probe.everyMs,
      probe: async () => {
        await account.probe(config.probe.to, accountsText.probe(c.name))
        safely('cannot record a send', () => repos.accounts.sent(c.name, clock.now()))
      },
      changed: (healthy) => failover(c.name, healthy),
    })
    return { name: c.name, standby: me.standby, account, outbox, health }
  })
  const byName = (name: string | undefined) => accounts.find((a) => a.name === name)
  const kickAll = () => accounts.forEach((a) => a.outbox.kick())
  /**
   * An account became unhealthy: its queued messages move to a healthy account of ours in the same group (or wait
   * where there is none) and each community it serves is told through its staff group; recovered, its groups'
   * messages come back to it. Only with several accounts: one alone has nobody to hand over to.
   */
  function failover(name: string, healthy: boolean): void {
    safely('cannot record the health', () => repos.accounts.setHealthy(name, healthy, clock.now()))
    if (!several) return
    safely('failover failed', () =>
      repos.transaction(() => {
        const moved = healthy ? repos.outbox.returnTo(name) : repos.outbox.reroute(name, clock.now())
        repos.outbox.reroute(null, clock.now())
        enqueue(repos.outbox, failoverNotes(deps, name, healthy), clock.now(), config.send.mentionsPerMessage)
        log.warn({ account: name, healthy, moved, waiting: repos.outbox.waiting() }, healthy ? 'groups returned' : 'groups handed over')
      }),
    )
    if (!healthy) takeOver(name)
    kickAll()
  }
  /**
   * `name` went down or unhealthy: the accounts that answer its groups now handle what they heard there in the
   * meantime that it never handled (a message sent between its connection dying and the bot noticing), in order.
   */
  function takeOver(name: string): void {
    if (!several) return
    safely('cannot hand over the held messages', () => {
      const answerers = new Map<string, string | undefined>()
      const answerer = (roomId: string) => {
        if (!answerers.has(roomId)) answerers.set(roomId, repos.accounts.answererOf(roomId))
        return answerers.get(roomId)
      }
      const taken = held.takeOver((account, roomId) => answerer(roomId) === account)
      if (taken.length)
        log.warn({ account: name, messages: taken.length }, 'messages its groups got while it was failing handled by another account')
      for (const m of taken) receive(m)
    })
  }
  const attachments = createAttachmentFetcher({
    repos,
    dataDir: config.dataDir,
    log: log.child({ module: 'attachments' }),
    // A message id belongs to the account that received it: the one answering its group first, then the others.
    load: async (messageId) => {
      const row = repos.cases.pendingAttachments().find((a) => a.messageId === messageId)
      const first = row?.roomId ? byName(repos.accounts.answererOf(row.roomId)) : undefined
      let failure: unknown
      for (const a of first ? [first, ...accounts.filter((x) => x !== first)] : accounts) {
        try {
          return await a.account.loadAttachment(messageId)
        } catch (err) {
          failure = err
        }
      }
      throw failure
    },
    released: kickAll,
  })
  const storage = createStorageOutage({
    handleBatch: handler.handleBatch,
    handled: (taken, outcomes) => handled(taken, outcomes, log, kickAll, (id) => void attachments.fetch(id)),
    // Without the database: from the account named (a reply's), else the first.
    sendNow: (out) => {
      for (const a of accounts) {
        const mine = out.filter((m) => (byName(m.account) ?? accounts[0]) === a)
        if (mine.length) a.outbox.sendNow(mine)
      }
    },
    expectsReply: (m) => expectsReply(m, identities.get(m.account ?? '') ?? deps.bot, handler.registry.words),
    alertRooms: () => adminStaffGroups(repos, config.admins),
    log: log.child({ module: 'storage' }),
  })
  const receive = createBatcher(storage.receive)
  return { accounts, ready, allReady, storage, presence }
}

/**
 * When the bot is online, kept in the database so a day's elder check can tell whether messages could have been
 * lost: a login starts (or, after a short gap, continues) an interval, each rules tick while the connection is up
 * extends it, and a connection found dead ends it. A write that fails (a full disk) is logged and skipped.
 */
function createPresence(o: AppOptions) {
  let up = false
  const mark = (continuing: boolean) => {
    try {
      o.repos.presence.mark(o.clock.now(), continuing)
    } catch (err) {
      o.log.warn({ err }, 'presence not recorded')
    }
  }
  return {
    loggedIn(): void {
      mark(up)
      up = true
    },
    down(): void {
      if (up) mark(true)
      up = false
    },
    stillOnline(): void {
      if (up) mark(true)
    },
  }
}

/** Collects messages that arrive in the same turn of the event loop and hands them over together. */
function createBatcher(flush: (taken: InboundMessage[]) => void): (m: InboundMessage) => void {
  const batch: InboundMessage[] = []
  let scheduled = false
  const run = () => {
    scheduled = false
    const taken = batch.splice(0, MAX_BATCH)
    if (batch.length) schedule()
    flush(taken)
  }
  const schedule = () => {
    if (!scheduled) {
      scheduled = true
      setImmediate(run)
    }
  }
  return (m) => {
    batch.push(m)
    schedule()
  }
}

/** Logs what became of each message of a stored batch, then lets the outbox and the photo fetcher run. */
function handled(
  taken: InboundMessage[],
  outcomes: HandleOutcome[],
  log: Logger,
  kick: () => void,
  fetch: (attachmentId: number) => void,
): void {
  outcomes.forEach((outcome, i) => {
    const inbound = taken[i]!
    if (outcome.status === 'error') log.error({ messageId: inbound.id, err: outcome.error }, 'message handling failed')
    else log.debug({ messageId: inbound.id, roomId: inbound.roomId, status: outcome.status, replies: outcome.out.length }, 'message')
    for (const id of outcome.fetchAttachments) fetch(id)
  })
  if (outcomes.some((x) => x.out.length)) kick()
}
