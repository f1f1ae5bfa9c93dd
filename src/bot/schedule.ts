import cron from 'node-cron'
import type { Logger } from '../logger.js'

/** Cron jobs in one time zone, never overlapping themselves, all stopped together at shutdown. */
export function createSchedule(timeZone: string, log: Logger) {
  const tasks: { stop(): unknown }[] = []
  return {
    every(expression: string, name: string, fn: () => Promise<void> | void): void {
      tasks.push(
        cron.schedule(
          expression,
          async () => {
            try {
              await fn()
            } catch (err) {
              log.error({ job: name, err }, 'scheduled job failed')
            }
          },
          { timezone: timeZone, noOverlap: true, name },
        ),
      )
    },
    stopAll(): void {
      for (const t of tasks) t.stop()
      tasks.length = 0
    },
  }
}
