import { createAttachmentFetcher } from '../bot/attachments.js'
import { createOutboxSender } from '../bot/outbox.js'
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

/**
 * The app: features register commands, listeners, rules and jobs (`use`); `start` connects an account and
 * runs the message handler, the paced outbox, the rules tick and the jobs on their crons.
 */
export function createApp(o: AppOptions) {
  const host = createHost()
  return Object.assign(host, {
    /** Connects the account and starts everything; resolves once Wechaty has started (not logged in). */
    start: (puppet: PuppetConnection) => startApp(host, o, puppet),
  })
}

/** A running app. */
export type RunningApp = Awaited<ReturnType<typeof startApp>>

async function startApp(host: Host, o: AppOptions, puppet: PuppetConnection) {
  const { config, repos, clock, log } = o
  const identity = { id: '', name: '' }
  const deps: CoreDeps = {
    repos,
    clock,
    policy: config.policy,
    timeZone: config.timeZone,
    admins: config.admins,
    bot: identity,
    mentionsPerMessage: config.send.mentionsPerMessage,
    ...(config.quietHours ? { quietHours: config.quietHours } : {}),
    ...(o.commandBudget ? { commandBudget: o.commandBudget } : {}),
  }
  const handler = host.handler(deps)
  const { account, outbox, ready, storage, presence } = connect(o, handler, identity, puppet)
  const ruleLog = log.child({ module: 'rules' })
  /** One tick of `rules` now, once logged in (the timeline needs the bot's id, and nothing could be sent before). */
  async function tick(rules: AnyRule[], syncNoticeRooms: boolean): Promise<void> {
    if (!identity.id) return
    presence.stillOnline()
    if (syncNoticeRooms) await account.syncRooms(repos.notices.roomsDue(clock.now()))
    const started = Date.now()
    const r = runTick(deps, rules, clock.now(), (rule, err) => ruleLog.error({ rule, err }, 'rule failed'))
    if (r.messages) outbox.kick()
    if (r.fired && !r.failed) storage.retry() // the database wrote: the kept messages may go now
    if (r.fired || r.failed) ruleLog.info({ ...r, ms: Date.now() - started }, 'rules tick')
  }
  const everyTick = host.rules().filter((r) => !r.schedule)
  const schedule = o.clockMoves ? createClockSchedule(config.timeZone, log, clock) : createSchedule(config.timeZone, log)
  const runJob = (job: Job) => async () =>
    void (await job.run({ deps, config, log: log.child({ job: job.id }), ...(o.database ? { database: o.database } : {}) }))
  for (const job of host.jobs().filter((j) => j.atStart)) await runJob(job)()
  await account.start()
  schedule.every(ROSTER_CRON, 'roster-sync', () => account.syncAll())
  schedule.every(config.rulesCron, 'rules', () => tick(everyTick, true))
  for (const rule of host.rules().filter((r) => r.schedule))
    schedule.every(rule.schedule!(config.policy), rule.id, () => tick([rule], false))
  for (const job of host.jobs()) schedule.every(job.cron(config), job.id, runJob(job))
  return {
    handler,
    outbox,
    identity,
    get bot() {
      return account.wechaty
    },
    /** Resolves after the first login and roster sync. */
    ready,
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
      await outbox.flush(SHUTDOWN_FLUSH_MS)
      await outbox.stop()
      await account.stop()
    },
  }
}

/**
 * One account wired to the core: its messages go to the handler in group commits (kept in memory while the
 * database cannot write), what the handler and the rules queue goes out through the paced outbox, photos are
 * fetched, and the bot's identity is set at login.
 */
function connect(o: AppOptions, handler: ReturnType<Host['handler']>, identity: { id: string; name: string }, puppet: PuppetConnection) {
  const { config, repos, clock, log } = o
  const presence = createPresence(o)
  let markReady: () => void = () => undefined
  const ready = new Promise<void>((resolve) => (markReady = resolve))
  // The account's events fire only after start(), when the outbox and the fetcher below exist.
  const account: WechatyAccount = createWechatyAccount({
    puppet,
    repos,
    clock,
    log,
    on: {
      inbound: (m) => receive(m),
      login: () => {
        presence.loggedIn()
        Object.assign(identity, account.identity)
        storage.refreshRooms()
        markReady()
        outbox.resume()
        void attachments.retryPending()
      },
      throttled: () => {
        log.warn('WeChat says we send too often; pausing the outbox')
        outbox.pause(THROTTLE_PAUSE_MS)
      },
      down: () => {
        presence.down()
        outbox.hold()
      },
    },
  })
  const outbox = createOutboxSender({
    repo: repos.outbox,
    transport: account.transport,
    clock,
    send: config.send,
    quietHours: config.quietHours,
    timeZone: config.timeZone,
    log: log.child({ module: 'outbox' }),
    photoFile: (id) => repos.cases.attachment(id)?.path ?? undefined,
  })
  const attachments = createAttachmentFetcher({
    repos,
    dataDir: config.dataDir,
    log: log.child({ module: 'attachments' }),
    load: (id) => account.loadAttachment(id),
    released: () => outbox.kick(),
  })
  const storage = createStorageOutage({
    handleBatch: handler.handleBatch,
    handled: (taken, outcomes) => handled(taken, outcomes, log, outbox.kick, (id) => void attachments.fetch(id)),
    sendNow: outbox.sendNow,
    expectsReply: (m) => expectsReply(m, identity, handler.registry.words),
    alertRooms: () => adminStaffGroups(repos, config.admins),
    log: log.child({ module: 'storage' }),
  })
  const receive = createBatcher(storage.receive)
  return { account, outbox, ready, storage, presence }
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
