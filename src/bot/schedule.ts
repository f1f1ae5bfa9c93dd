import cron from 'node-cron'
import type { Clock } from '../clock.js'
import type { Logger } from '../logger.js'

/** Jobs on crons in one time zone, all stopped together at shutdown. */
export interface Schedule {
  every(expression: string, name: string, fn: () => Promise<void> | void): void
  /** Runs, in the order registered, every job whose time came since the last look (after the clock moved); resolves when they are done. */
  runDue(): Promise<void>
  stopAll(): void
}

/** Cron jobs on the wall clock (node-cron), never overlapping themselves. */
export function createSchedule(timeZone: string, log: Logger): Schedule {
  const tasks: { stop(): unknown }[] = []
  return {
    every(expression, name, fn) {
      tasks.push(cron.schedule(expression, () => guarded(log, name, fn), { timezone: timeZone, noOverlap: true, name }))
    },
    runDue: () => Promise.resolve(), // node-cron runs each job at its time
    stopAll(): void {
      for (const t of tasks) t.stop()
      tasks.length = 0
    },
  }
}

async function guarded(log: Logger, name: string, fn: () => Promise<void> | void): Promise<void> {
  try {
    await fn()
  } catch (err) {
    log.error({ job: name, err }, 'scheduled job failed')
  }
}

const SECOND = 1000
const MINUTE = 60 * SECOND
/** Time the clock skipped further back than this (a laptop asleep for weeks) is not searched for crossed crons. */
const LOOK_BACK = 31 * 24 * 60 * MINUTE

/** A cron's times: whether it fires at some instant in (from, to] — minutes first, then, with a seconds field, that minute's seconds. */
export function cronMatcher(expression: string, timeZone: string) {
  const fields = expression.trim().split(/\s+/)
  const full = cron.createTask(expression, () => undefined, { timezone: timeZone })
  const minutes = fields.length === 6 ? cron.createTask(fields.slice(1).join(' '), () => undefined, { timezone: timeZone }) : full
  return {
    firesBetween(from: number, to: number): boolean {
      const start = Math.max(from, to - LOOK_BACK)
      for (let m = Math.floor(start / MINUTE) * MINUTE; m <= to; m += MINUTE) {
        if (!minutes.match(new Date(m))) continue
        if (minutes === full) {
          if (m > start) return true
          continue
        }
        for (let s = m; s < m + MINUTE; s += SECOND) if (s > start && s <= to && full.match(new Date(s))) return true
      }
      return false
    },
    destroy(): void {
      void full.destroy()
      if (minutes !== full) void minutes.destroy()
    },
  }
}

/**
 * Cron jobs on a clock that can be moved (the sandbox's): looked at every `pollMs` of wall time and whenever
 * runDue() is called, each job runs once when one of its times or more fell in the time the clock went through —
 * at its pace, or in one jump. Jobs run one after another, so none overlaps itself.
 */
export function createClockSchedule(timeZone: string, log: Logger, clock: Clock, pollMs = SECOND): Schedule {
  const jobs: { times: ReturnType<typeof cronMatcher>; name: string; fn: () => Promise<void> | void }[] = []
  let last = clock.now()
  let running: Promise<void> = Promise.resolve()
  let queued = 0
  const look = async () => {
    const now = clock.now()
    if (now <= last) return
    const from = last
    last = now
    for (const j of jobs) if (j.times.firesBetween(from, now)) await guarded(log, j.name, j.fn)
  }
  const runDue = () => {
    queued++
    running = running
      .then(look)
      .catch((err) => log.error({ err }, 'schedule failed'))
      .finally(() => void queued--)
    return running
  }
  const timer = setInterval(() => void (queued || runDue()), pollMs)
  return {
    every(expression, name, fn) {
      jobs.push({ times: cronMatcher(expression, timeZone), name, fn })
    },
    runDue,
    stopAll(): void {
      clearInterval(timer)
      for (const j of jobs.splice(0)) j.times.destroy()
    },
  }
}
