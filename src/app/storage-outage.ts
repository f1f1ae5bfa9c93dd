import type { HandleOutcome } from '../commands/handle-message.js'
import type { InboundMessage, Outgoing } from '../domain/model.js'
import { replyTo, toRoom } from '../domain/outgoing.js'
import { isStorageFailure } from '../domain/storage-failure.js'
import type { Logger } from '../logger.js'
import { commonText } from '../text/common.js'

/** Messages kept in memory while the database cannot write; beyond this, newer ones are dropped (and counted). */
export const MAX_KEPT = 1000
/** At most this many kept messages per group commit when they are handled again. */
const RETRY_CHUNK = 200
const RETRY_FIRST_MS = 2_000
const RETRY_MAX_MS = 60_000

/** A staff group to tell of an outage, and the admins present in it (to @-mention). */
export interface AlertRoom {
  roomId: string
  adminIds: string[]
}

/** Timers, injectable so tests can use fake ones. */
export interface OutageTimers {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

/** What the outage keeper is built on. */
export interface StorageOutageOptions {
  /** The message handler's group commit; throws a storage failure when the database cannot write. */
  handleBatch(ms: InboundMessage[]): HandleOutcome[]
  /** What follows a batch that was stored: logs, photo fetches, the outbox kick. */
  handled(ms: InboundMessage[], outcomes: HandleOutcome[]): void
  /** Sends without the database (the outbox's direct lane). */
  sendNow(out: Outgoing[]): void
  /** Whether the sender waits for an answer to this message (they are told once per outage). */
  expectsReply(m: InboundMessage): boolean
  /** The staff groups to tell, read from the database while it works (see README: the admins' staff groups). */
  alertRooms(): AlertRoom[]
  log: Logger
  limit?: number
  timers?: OutageTimers
}

const realTimers: OutageTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
}

/**
 * Stores messages through the handler; when the database cannot write (a full disk), keeps them in memory in
 * order (at most `limit`), tells each sender once and the admins' staff groups once — all without the database —
 * and handles them again, in order and through the same handler, with backoff or at `retry()`; the inbound ids
 * make each stored once. When they are all stored, the staff groups hear how many were kept.
 */
export function createStorageOutage(o: StorageOutageOptions) {
  const limit = o.limit ?? MAX_KEPT
  const timers = o.timers ?? realTimers
  const kept: InboundMessage[] = []
  const told = new Set<string>()
  let down = false
  let total = 0
  let dropped = 0
  let delay = RETRY_FIRST_MS
  let timer: unknown
  let rooms: AlertRoom[] = []

  const alert = (text: string) => o.sendNow(rooms.map((r) => toRoom(r.roomId, text, r.adminIds, 'urgent')))

  function keep(ms: InboundMessage[]): void {
    for (const m of ms) {
      if (m.self) continue
      if (kept.length < limit) kept.push(m)
      else dropped++
      total++
      if (!told.has(m.senderId) && o.expectsReply(m)) {
        told.add(m.senderId)
        o.sendNow([replyTo(m, commonText.storage.toSender)])
      }
    }
  }

  function retryLater(): void {
    if (timer !== undefined) timers.clearTimeout(timer)
    timer = timers.setTimeout(() => ((timer = undefined), retry()), delay)
    delay = Math.min(delay * 2, RETRY_MAX_MS)
  }

  function begin(err: unknown, ms: InboundMessage[]): void {
    if (!down) {
      down = true
      o.log.error({ err, limit }, 'the database cannot write: keeping messages in memory and retrying')
      alert(commonText.storage.down(limit))
      retryLater()
    }
    keep(ms)
  }

  function refreshRooms(): void {
    try {
      rooms = o.alertRooms()
    } catch (err) {
      o.log.warn({ err }, 'could not read the staff groups to tell of a database outage')
    }
  }

  /** Handles one batch; false (the batch kept) when the database cannot write. */
  function attempt(ms: InboundMessage[]): boolean {
    let outcomes: HandleOutcome[]
    try {
      outcomes = o.handleBatch(ms)
    } catch (err) {
      if (isStorageFailure(err)) return false
      // A bug, not the disk: trying again would fail the same way.
      o.log.error({ err, messages: ms.length }, 'message batch failed to commit')
      return true
    }
    o.handled(ms, outcomes)
    return true
  }

  /** Handles the kept messages again, in order; on success the staff groups hear how many were kept. */
  function retry(): void {
    if (!down) return
    if (timer !== undefined) timers.clearTimeout(timer)
    timer = undefined
    while (kept.length) {
      const chunk = kept.slice(0, RETRY_CHUNK)
      if (!attempt(chunk)) {
        o.log.warn({ kept: kept.length, dropped, retryInMs: delay }, 'the database still cannot write')
        return retryLater()
      }
      kept.splice(0, chunk.length)
    }
    o.log.info({ kept: total - dropped, dropped }, 'the database writes again: kept messages stored')
    alert(commonText.storage.recovered(total - dropped, dropped))
    down = false
    told.clear()
    total = dropped = 0
    delay = RETRY_FIRST_MS
  }

  return {
    /** A batch of inbound messages: stored now, or kept behind those already kept. */
    receive(ms: InboundMessage[]): void {
      if (down) return keep(ms)
      try {
        const outcomes = o.handleBatch(ms)
        o.handled(ms, outcomes)
        // A few indexed reads: the groups to tell must be known before the database fails (a binding may just have changed them).
        refreshRooms()
      } catch (err) {
        if (isStorageFailure(err)) return begin(err, ms)
        o.log.error({ err, messages: ms.length }, 'message batch failed to commit')
      }
    },
    /** Tries the kept messages now (another write just succeeded). */
    retry,
    /** Re-reads which staff groups to tell (while the database works); keeps the last list when it cannot read. */
    refreshRooms,
    /** Whether messages are being kept. */
    get down(): boolean {
      return down
    },
    /** How many messages are kept now. */
    get size(): number {
      return kept.length
    },
    /** Stops retrying; what is still kept is lost (logged). */
    stop(): void {
      if (timer !== undefined) timers.clearTimeout(timer)
      timer = undefined
      if (kept.length) o.log.error({ kept: kept.length }, 'stopping with messages the database could not store')
    },
  }
}

/** A running outage keeper. */
export type StorageOutage = ReturnType<typeof createStorageOutage>
