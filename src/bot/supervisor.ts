import type { Logger } from '../logger.js'
import type { Timers } from './outbox.js'

/** What the supervisor needs. */
export interface SupervisorOptions {
  /** Stops and starts the puppet connection. */
  restart(): Promise<void>
  /** Asks the other side for a sign of life (a ding, answered by a dong). */
  probe(): void
  log: Logger
  now(): number
  timers: Timers
  /** No heartbeat for this long means the connection is dead. */
  heartbeatTimeoutMs?: number
  baseDelayMs?: number
  maxDelayMs?: number
  /** A restart that has not logged in by then has failed. */
  loginTimeoutMs?: number
  /** Called when the connection is found dead (the outbox holds its messages). */
  onDown?(): void
}

/**
 * The gRPC client does not reconnect by itself: this notices a dead connection (logout, error, silence)
 * and restarts it with exponential backoff, until a login proves it alive again.
 */
export function createSupervisor(o: SupervisorOptions) {
  const base = o.baseDelayMs ?? 1_000
  const max = o.maxDelayMs ?? 60_000
  const silence = o.heartbeatTimeoutMs ?? 2 * 60_000
  const loginTimeout = o.loginTimeoutMs ?? 10_000
  let failures = 0
  let lastAlive = o.now()
  let pending: unknown
  let watchdog: unknown
  let stopped = false
  let restarting = false
  let loginCheck: unknown

  function watch(): void {
    watchdog = o.timers.setTimeout(
      () => {
        if (stopped) return
        const quiet = o.now() - lastAlive
        if (quiet > silence) reportDead('no heartbeat')
        else if (quiet > silence / 2) o.probe()
        watch()
      },
      Math.min(silence / 4, 30_000),
    )
  }

  function reportDead(reason: string): void {
    if (stopped || pending !== undefined || restarting) return
    o.onDown?.()
    if (loginCheck !== undefined) o.timers.clearTimeout(loginCheck)
    loginCheck = undefined
    const delay = Math.min(max, base * 2 ** failures)
    failures++
    o.log.warn({ reason, delayMs: delay, attempt: failures }, 'puppet connection lost, restarting')
    pending = o.timers.setTimeout(async () => {
      pending = undefined
      restarting = true
      try {
        await withTimeout(o.restart(), loginTimeout, o.timers)
        lastAlive = o.now()
      } catch (err) {
        o.log.error({ err: (err as Error).message }, 'puppet restart failed')
        restarting = false
        reportDead('restart failed')
        return
      }
      restarting = false
      loginCheck = o.timers.setTimeout(() => {
        loginCheck = undefined
        reportDead('no login after restart')
      }, loginTimeout)
    }, delay)
  }

  return {
    start(): void {
      lastAlive = o.now()
      watch()
    },
    /** Any sign of life: heartbeat, message, login. */
    alive(): void {
      lastAlive = o.now()
    },
    /** A login proves the connection works: the backoff starts over. */
    loggedIn(): void {
      lastAlive = o.now()
      failures = 0
      if (loginCheck !== undefined) o.timers.clearTimeout(loginCheck)
      loginCheck = undefined
    },
    /** A QR code is waiting for a person: the line is alive, only the login is slow. */
    awaitingScan(): void {
      lastAlive = o.now()
      if (loginCheck !== undefined) o.timers.clearTimeout(loginCheck)
      loginCheck = undefined
    },
    reportDead,
    stop(): void {
      stopped = true
      if (pending !== undefined) o.timers.clearTimeout(pending)
      if (watchdog !== undefined) o.timers.clearTimeout(watchdog)
      if (loginCheck !== undefined) o.timers.clearTimeout(loginCheck)
    },
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, timers: Timers): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = timers.setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms)
    p.then(
      (v) => {
        timers.clearTimeout(t)
        resolve(v)
      },
      (e) => {
        timers.clearTimeout(t)
        reject(e)
      },
    )
  })
}
