import type { Clock } from '../clock.js'
import type { Config } from '../config.js'
import { coalesceBacklog } from '../domain/outgoing.js'
import { isQuiet, quietEnd } from '../domain/quiet-hours.js'
import type { Logger } from '../logger.js'
import type { OutboxRow } from '../domain/model.js'
import type { OutboxRepo } from '../domain/ports.js'

/** Delivers one outbox message (Wechaty in production, a recorder in tests). */
export interface Transport {
  send(row: Pick<OutboxRow, 'conversationId' | 'isRoom' | 'text' | 'mentionIds'>): Promise<void>
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
}

/**
 * The one paced sender: at least minGap (+ jitter) between messages, at most maxPerMinute, quiet hours
 * holding pushes (replies to what a person just said and urgent messages go at once), conversations taking
 * turns within a priority (the repo's order) and a private chat's backed-up pushes merged before they go.
 * Rows stay in SQLite until sent, so a crash loses nothing.
 */
export function createOutboxSender(o: OutboxSenderOptions) {
  const timers = o.timers ?? realTimers
  const random = o.random ?? Math.random
  let timer: unknown
  let running: Promise<void> | undefined
  let stopped = false
  let lastSentAt = Number.NEGATIVE_INFINITY
  let gap = 0
  let pausedUntil = 0
  let held = false
  const recent: number[] = []

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

  async function pump(): Promise<void> {
    for (;;) {
      if (stopped || held) return
      const now = o.clock.now()
      const row = o.repo.nextDue(now)
      if (!row) {
        const at = o.repo.nextWakeAt(now)
        if (at !== undefined) schedule(at - now)
        return
      }
      if (row.priority === 'push' && o.quietHours && isQuiet(now, o.quietHours, o.timeZone)) {
        o.repo.defer(row.id, quietEnd(now, o.quietHours, o.timeZone))
        continue
      }
      const wait = Math.max(pausedUntil - now, lastSentAt + gap - now, rateWait(now))
      if (wait > 0) return schedule(wait)
      // Merged here, not when queued: nothing is in flight while the sender itself rewrites the backlog.
      if (coalesceBacklog(o.repo, row, now)) continue
      try {
        await o.transport.send(row)
        o.repo.markSent(row.id, o.clock.now())
      } catch (err) {
        const attempts = row.attempts + 1
        const retryAt = attempts >= MAX_ATTEMPTS ? undefined : o.clock.now() + RETRY_BASE_MS * 2 ** (attempts - 1)
        o.repo.markFailedAttempt(row.id, (err as Error).message ?? String(err), retryAt)
        o.log.warn({ outboxId: row.id, attempts, err }, retryAt ? 'send failed, will retry' : 'send failed, giving up')
      }
      lastSentAt = o.clock.now()
      recent.push(lastSentAt)
      gap = o.send.minGapMs + random() * o.send.jitterMs
    }
  }

  /** Starts sending whatever is due (idempotent). */
  function kick(): void {
    if (running || stopped) return
    running = pump()
      .catch((err) => o.log.error({ err }, 'outbox pump failed'))
      .finally(() => {
        running = undefined
      })
  }

  return {
    kick,
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
      while (!stopped && !held && o.clock.now() < end && o.repo.nextDue(o.clock.now())) {
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
