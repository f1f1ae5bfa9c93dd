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
  /** While the service cannot be reached (restarts fail), retries are at most this far apart, so its return is noticed soon. */
  maxDelayWhileDownMs?: number
  /** A restart that has not logged in by then has failed. */
  loginTimeoutMs?: number
  /** Called when the connection is found dead (the outbox holds its messages). */
  onDown?(): void
}

/**
 * The gRPC client does not reconnect by itself: this notices a dead connection (logout, error, silence)
 * and restarts it with exponential backoff, until a login proves it alive again. While restarts fail
 * (the service is down) the backoff stops growing at a few seconds; a service that answers but does
 * not log in is retried with the full backoff.
 */
export function createSupervisor(o: SupervisorOptions) {
  const base = o.baseDelayMs ?? 1_000
  const max = o.maxDelayMs ?? 60_000
  const maxWhileDown = Math.min(max, o.maxDelayWhileDownMs ?? 3_000)
  const silence = o.heartbeatTimeoutMs ?? 2 * 60_000
  const loginTimeout = o.loginTimeoutMs ?? 10_000
  let failures = 0
  let lastAlive = o.now()
  let pending: unknown
  let watchdog: unknown
  let stopped = false
  let restarting = false
  /** A sign of death (an error, a logout) that came while a restart was running: that restart failed. */
  let diedWhileRestarting: string | undefined
  /** A login or a QR code that came while a restart was running: the new connection works. */
  let answeredWhileRestarting = false
  let loginCheck: unknown

  function watch(): void {
    watchdog = o.timers.setTimeout(
      () => {
        if (stopped) return
        const quiet = o.now() - lastAlive
        if (quiet > silence) reportDead('no heartbeat')
        else if (quiet > silence / 2) probe()
        watch()
      },
      Math.min(silence / 4, 30_000),
    )
  }

  /** A probe that cannot even be sent (no puppet while one replaces another) proves nothing; silence decides. */
  function probe(): void {
    try {
      o.probe()
    } catch (err) {
      o.log.debug({ err }, 'cannot probe the connection')
    }
  }

  function reportDead(reason: string): void {
    if (stopped) return
    if (restarting) {
      diedWhileRestarting ??= reason
      return
    }
    if (pending !== undefined) return
    o.onDown?.()
    if (loginCheck !== undefined) o.timers.clearTimeout(loginCheck)
    loginCheck = undefined
    // A restart that failed means the service is still down: keep polling it every few seconds, no slower.
    const delay = Math.min(reason === RESTART_FAILED ? maxWhileDown : max, base * 2 ** failures)
    failures++
    o.log.warn({ reason, delayMs: delay, attempt: failures }, 'puppet connection lost, restarting')
    pending = o.timers.setTimeout(async () => {
      pending = undefined
      restarting = true
      diedWhileRestarting = undefined
      answeredWhileRestarting = false
      try {
        await withTimeout(o.restart(), loginTimeout, o.timers)
        lastAlive = o.now()
        // Wechaty's start() resolves even when its puppet could not connect; the error it emitted tells.
        if (diedWhileRestarting !== undefined && !answeredWhileRestarting) throw new Error(diedWhileRestarting)
      } catch (err) {
        o.log.error({ err }, 'puppet restart failed')
        restarting = false
        reportDead(RESTART_FAILED)
        return
      }
      restarting = false
      if (answeredWhileRestarting) return
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
      if (restarting) answeredWhileRestarting = true
      if (loginCheck !== undefined) o.timers.clearTimeout(loginCheck)
      loginCheck = undefined
    },
    /** A QR code is waiting for a person: the line is alive, only the login is slow. */
    awaitingScan(): void {
      lastAlive = o.now()
      if (restarting) answeredWhileRestarting = true
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

const RESTART_FAILED = 'restart failed'

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
