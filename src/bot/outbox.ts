import type { Clock } from '../clock.js'
import type { Config } from '../config.js'
import { coalesceBacklog } from '../domain/outgoing.js'
import { isQuiet, quietEnd } from '../domain/quiet-hours.js'
import type { Logger } from '../logger.js'
import type { Outgoing, OutboxRow } from '../domain/model.js'
import { toParts } from '../domain/outgoing.js'
import type { OutboxRepo, SendingAccount } from '../domain/ports.js'

/** Delivers one outbox message (Wechaty in production, a recorder in tests). */
export interface Transport {
  /** Sends the text, or with `file` the picture stored there (a case photo). */
  send(row: Pick<OutboxRow, 'conversationId' | 'isRoom' | 'text' | 'mentionIds'> & { file?: string }): Promise<void>
}

/** Timers, injectable so tests can use fake ones. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms)
    t.unref?.()
    return t
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
}

const MAX_ATTEMPTS = 5
const RETRY_BASE_MS = 5_000
/** How long the outbox leaves the database alone after it failed to read or record a send. */
const DATABASE_RETRY_MS = 5_000

type Row = Pick<OutboxRow, 'conversationId' | 'isRoom' | 'text' | 'mentionIds'>

/** What the sender needs. */
export interface OutboxSenderOptions {
  repo: OutboxRepo
  transport: Transport
  clock: Clock
  send: Config['send']
  quietHours?: Config['quietHours']
  timeZone: string
  log: Logger
  timers?: Timers
  random?: () => number
  /** Where a case photo's downloaded file is (for photo rows). */
  photoFile?: (attachmentId: number) => string | undefined
  /** With several accounts: the rows this sender takes (its account's, paced on their own); without, every row. */
  account?: SendingAccount
  /** A row went out (proof the account is alive), or a send failed. */
  onSent?(at: number): void
  onFailed?(err: unknown): void
}

/**
 * The one paced sender: at least minGap (+ jitter) between messages, at most maxPerMinute, quiet hours
 * holding pushes (replies to what a person just said and urgent messages go at once), conversations taking
 * turns within a priority (the repo's order) and a private chat's backed-up pushes merged before they go.
 * Rows stay in SQLite until sent, so a crash loses nothing. Messages given to `sendNow` skip the database (it
 * cannot write) and go first, paced the same way; a send the database could not record is recorded before the
 * next is read, so it is never sent twice.
 */
export function createOutboxSender(o: OutboxSenderOptions) {
  const timers = o.timers ?? realTimers
  const random = o.random ?? Math.random
  let timer: unknown
  let running: Promise<void> | undefined
  let again = false
  let stopped = false
  let lastSentAt = Number.NEGATIVE_INFINITY
  let gap = 0
  let pausedUntil = 0
  let held = false
  const recent: number[] = []
  /** Messages that never touch the database, in order. */
  const direct: Row[] = []
  /** Rows sent whose markSent failed (the database could not write), with when they were sent. */
  const unmarked: { id: number; at: number }[] = []
  let databaseBackAt = 0

  function schedule(ms: number): void {
    if (timer !== undefined) timers.clearTimeout(timer)
    timer = timers.setTimeout(
      () => {
        timer = undefined
        kick()
      },
      Math.max(0, Math.ceil(ms)),
    )
  }

  function rateWait(now: number): number {
    while (recent.length && recent[0]! <= now - 60_000) recent.shift()
    return recent.length < o.send.maxPerMinute ? 0 : recent[0]! + 60_000 - now
  }

  /** Runs a database step; when the database fails, leaves it alone for a while (direct messages still go). */
  function withDatabase<T>(now: number, step: () => T): T | undefined {
    try {
      const r = step()
      if (databaseBackAt) o.log.info('outbox can use the database again')
      databaseBackAt = 0
      return r
    } catch (err) {
      if (!databaseBackAt) o.log.warn({ err }, 'outbox cannot use the database, trying again every few seconds')
      databaseBackAt = now + DATABASE_RETRY_MS
      schedule(DATABASE_RETRY_MS)
      return undefined
    }
  }

  /** The next due row from the database, once what was sent is recorded; undefined when none (or no database). */
  function nextFromDatabase(now: number): OutboxRow | undefined {
    if (now < databaseBackAt) return void schedule(databaseBackAt - now)
    return withDatabase(now, () => {
      while (unmarked.length) {
        o.repo.markSent(unmarked[0]!.id, unmarked[0]!.at, o.account?.name)
        unmarked.shift()
      }
      const row = o.repo.nextDue(now, o.account)
      const at = row ? undefined : o.repo.nextWakeAt(now, o.account)
      if (at !== undefined) schedule(at - now)
      return row
    })
  }

  async function pump(): Promise<void> {
    for (;;) {
      if (stopped || held) return
      const now = o.clock.now()
      const row = direct.length ? undefined : nextFromDatabase(now)
      if (!row && !direct.length) return
      if (row?.priority === 'push' && o.quietHours && isQuiet(now, o.quietHours, o.timeZone)) {
        const deferred = withDatabase(now, () => (o.repo.defer(row.id, quietEnd(now, o.quietHours!, o.timeZone)), true))
        if (deferred) continue
        return
      }
      const wait = Math.max(pausedUntil - now, lastSentAt + gap - now, rateWait(now))
      if (wait > 0) return schedule(wait)
      // Merged here, not when queued: nothing is in flight while the sender itself rewrites the backlog.
      if (row && withDatabase(now, () => coalesceBacklog(o.repo, row, now))) continue
      if (row) await sendRow(row)
      else await sendDirect(direct.shift()!)
      lastSentAt = o.clock.now()
      recent.push(lastSentAt)
      gap = o.send.minGapMs + random() * o.send.jitterMs
    }
  }

  async function sendDirect(row: Row): Promise<void> {
    try {
      await o.transport.send(row)
    } catch (err) {
      o.log.warn({ conversationId: row.conversationId, err }, 'direct send failed')
    }
  }

  async function sendRow(row: OutboxRow): Promise<void> {
    let sent = false
    try {
      if (row.kind === 'image') {
        const file = row.attachmentId === null ? undefined : o.photoFile?.(row.attachmentId)
        if (!file) throw new Error(`photo ${row.attachmentId} has no stored file`)
        await o.transport.send({ ...row, file })
      } else await o.transport.send(row)
      sent = true
      o.onSent?.(o.clock.now())
    } catch (err) {
      o.onFailed?.(err)
      const attempts = row.attempts + 1
      const retryAt = attempts >= MAX_ATTEMPTS ? undefined : o.clock.now() + RETRY_BASE_MS * 2 ** (attempts - 1)
      withDatabase(o.clock.now(), () => o.repo.markFailedAttempt(row.id, (err as Error).message ?? String(err), retryAt))
      o.log.warn({ outboxId: row.id, attempts, err }, retryAt ? 'send failed, will retry' : 'send failed, giving up')
    }
    if (sent && withDatabase(o.clock.now(), () => (o.repo.markSent(row.id, o.clock.now(), o.account?.name), true)) === undefined)
      unmarked.push({ id: row.id, at: o.clock.now() })
  }

  /** Starts sending whatever is due (idempotent). */
  function kick(): void {
    if (stopped) return
    // A pump that already looked and found nothing may still be finishing: it looks again when it is done.
    if (running) return void (again = true)
    again = false
    running = pump()
      .catch((err) => o.log.error({ err }, 'outbox pump failed'))
      .finally(() => {
        running = undefined
        if (again) kick()
      })
  }

  return {
    kick,
    /** Sends these messages first, without the database (it cannot write): masked for groups, @-mentions batched, paced. */
    sendNow(out: Outgoing[]): void {
      // Photos need their stored file and the database: they wait for it like everything else.
      for (const m of out)
        if (m.attachmentId === undefined) for (const part of toParts(m, o.send.mentionsPerMessage)) direct.push({ ...m, ...part })
      kick()
    },
    /** Holds every message for `ms` (WeChat said 操作过于频繁). */
    pause(ms: number): void {
      pausedUntil = o.clock.now() + ms
    },
    /** Holds everything while the connection is down: no attempts are spent on a dead line. */
    hold(): void {
      held = true
    },
    /** Sends again after a login. */
    resume(): void {
      held = false
      kick()
    },
    /** Sends what is due, paced as usual, for at most `maxMs`; then stop() leaves the rest in SQLite. */
    async flush(maxMs: number): Promise<void> {
      const end = o.clock.now() + maxMs
      const due = () => direct.length > 0 || withDatabase(o.clock.now(), () => o.repo.nextDue(o.clock.now(), o.account)) !== undefined
      while (!stopped && !held && o.clock.now() < end && due()) {
        kick()
        await running
        const wait = Math.min(Math.max(lastSentAt + gap - o.clock.now(), pausedUntil - o.clock.now(), 50), end - o.clock.now())
        if (wait > 0) await new Promise((r) => setTimeout(r, wait))
      }
    },
    /** Lets an in-flight send finish, then stops; what is still queued stays in SQLite for the next start. */
    async stop(): Promise<void> {
      stopped = true
      if (timer !== undefined) timers.clearTimeout(timer)
      await running
    },
    /** Resolves once nothing due remains (or stopped); for tests and shutdown flushing. */
    async idle(): Promise<void> {
      while (running) await running
    },
  }
}

export type OutboxSender = ReturnType<typeof createOutboxSender>
