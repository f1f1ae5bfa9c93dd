import { join } from 'node:path'
import type { App } from '../app/host.js'
import { backupDatabase, backupName, pruneBackups } from '../store/backup.js'

const BACKUPS_KEPT = 14

/** Housekeeping: the daily online backup (14 kept) and the retention of tables that grow with traffic. */
export function housekeeping(app: App): void {
  app.job({
    id: 'backup',
    cron: () => '0 3 * * *',
    run: async ({ deps, config, database, log }) => {
      if (!database) return
      const dir = join(config.dataDir, 'backups')
      const file = await backupDatabase(database.sqlite, join(dir, backupName(deps.clock.now(), config.timeZone)))
      log.info({ file, removed: pruneBackups(dir, BACKUPS_KEPT).length }, 'daily backup written')
    },
  })
  app.job({
    id: 'retention',
    cron: () => '30 3 * * *',
    run: ({ deps, log }) => {
      const before = deps.clock.now() - deps.policy.retention
      const pruned = deps.repos.transaction(() => ({
        inbound: deps.repos.inbound.pruneProcessed(before),
        outbox: deps.repos.outbox.pruneSent(before),
      }))
      log.info(pruned, 'old processed message ids and sent messages pruned')
      return pruned
    },
  })
}
