import type { Timers } from '../bot/outbox.js'
import type { Logger } from '../logger.js'

/** Failed sends in a row that make an account unhealthy (a zombie session: online, every send failing). */
export const FAILURES_UNHEALTHY = 3
/** 操作过于频繁 this often, or logouts this often, within HEALTH_WINDOW_MS: risk control or a logout loop. */
export const STORM_COUNT = 3
export const HEALTH_WINDOW_MS = 30 * 60_000
/** Down (the connection lost) this long without a login again: its messages move to another account. */
export const DOWN_UNHEALTHY_MS = 2 * 60_000
/** While unhealthy (or after a probe failed), the probe comes this often, so a recovery is seen soon. */
export const RETRY_PROBE_MS = 60_000

/** What the health of one account is built on. */
export interface AccountHealthOptions {
  name: string
  log: Logger
  now(): number
  timers: Timers
  /** The probe: a real message (to the account itself or a staff member); resolves when it went through. */
  probe(): Promise<void>
  /** Hourly by default; sent only when no real send succeeded since the last one was due. */
  probeEveryMs: number
  /** The account became unhealthy (with why) or healthy again. */
  changed(healthy: boolean, reason: string): void
}

/**
 * Whether an account works, judged by sends: a send that goes through proves it (a login does not: zombie
 * sessions stay online while every send fails). Repeated send failures, 操作过于频繁 storms, a QR code to scan
 * and logout loops make it unhealthy; the next successful send, usually the probe, makes it healthy again.
 */
export function createAccountHealth(o: AccountHealthOptions) {
  let healthy = true
  let failures = 0
  let lastSuccess = o.now()
  let timer: unknown
  let stopped = false
  let probing = false
  const throttles: number[] = []
  const logouts: number[] = []
  let downTimer: unknown

  function mark(ok: boolean, reason: string): void {
    if (ok === healthy) return
    healthy = ok
    o.log[ok ? 'info' : 'warn']({ account: o.name, reason }, ok ? 'account healthy again' : 'account unhealthy')
    o.changed(ok, reason)
    schedule(ok ? o.probeEveryMs : RETRY_PROBE_MS)
  }

  function storm(list: number[], reason: string): void {
    const now = o.now()
    list.push(now)
    while (list.length && list[0]! <= now - HEALTH_WINDOW_MS) list.shift()
    if (list.length >= STORM_COUNT) mark(false, reason)
  }

  function schedule(ms: number): void {
    if (stopped) return
    if (timer !== undefined) o.timers.clearTimeout(timer)
    timer = o.timers.setTimeout(() => void tick(), ms)
  }

  async function tick(): Promise<void> {
    timer = undefined
    // A real send since the last probe was due already proved the account; the probe waits its turn again.
    const quiet = o.now() - lastSuccess
    if (healthy && failures === 0 && quiet < o.probeEveryMs) return schedule(o.probeEveryMs - quiet)
    await probeNow()
  }

  async function probeNow(): Promise<void> {
    if (probing || stopped) return
    probing = true
    try {
      await o.probe()
      health.sent()
    } catch (err) {
      o.log.warn({ account: o.name, err }, 'probe failed')
      health.failed()
    } finally {
      probing = false
    }
    schedule(healthy && failures === 0 ? o.probeEveryMs : RETRY_PROBE_MS)
  }

  const health = {
    get healthy() {
      return healthy
    },
    start(): void {
      schedule(o.probeEveryMs)
    },
    /** A real send or the probe went through. */
    sent(): void {
      lastSuccess = o.now()
      failures = 0
      mark(true, 'a send went through')
    },
    /** A send failed. */
    failed(): void {
      failures++
      if (failures >= FAILURES_UNHEALTHY) mark(false, `${failures} sends failed in a row`)
      else if (healthy) schedule(RETRY_PROBE_MS)
    },
    throttled: () => storm(throttles, 'WeChat throttles it again and again'),
    /** The connection was found dead: a loop of these, or one that lasts, is unhealthy. */
    loggedOut(): void {
      storm(logouts, 'it keeps logging out')
      if (downTimer === undefined && !stopped)
        downTimer = o.timers.setTimeout(() => {
          downTimer = undefined
          mark(false, 'it has been down for 2 minutes')
        }, DOWN_UNHEALTHY_MS)
    },
    /** Logged in again (not proof it works: an unhealthy account still has to send). */
    loggedIn(): void {
      if (downTimer !== undefined) o.timers.clearTimeout(downTimer)
      downTimer = undefined
      if (!healthy) void probeNow()
    },
    /** A QR code waits: a person must log it in again. */
    awaitingScan: () => mark(false, 'it must be scanned again'),
    /** Sends the probe now (tests, and after a login while unhealthy). */
    probeNow,
    stop(): void {
      stopped = true
      if (timer !== undefined) o.timers.clearTimeout(timer)
      if (downTimer !== undefined) o.timers.clearTimeout(downTimer)
    },
  }
  return health
}

/** One account's health. */
export type AccountHealth = ReturnType<typeof createAccountHealth>
