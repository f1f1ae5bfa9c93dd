import type { App } from '../app/host.js'
import { stats as statsCommand } from '../commands/stats.js'

/** Statistics: #统计 with the three rates. */
export function stats(app: App): void {
  app.command(statsCommand)
}
