import { createApp, type AccountConnection, type AppOptions, type RunningApp } from '../../src/app/create-app.js'
import { createHost, type Host } from '../../src/app/host.js'
import type { PuppetConnection } from '../../src/bot/wechaty-account.js'
import type { CoreDeps } from '../../src/domain/core.js'
import { cases } from '../../src/features/cases.js'
import { directory } from '../../src/features/directory.js'
import { elders } from '../../src/features/elders.js'
import { notices } from '../../src/features/notices.js'
import { stats } from '../../src/features/stats.js'
import { understanding } from '../../src/features/understanding.js'
import type { AnyRule } from '../../src/rules/rule.js'

/** The features main.ts composes, without Wechaty: their commands, listeners and rules. */
export function coreHost(): Host {
  return createHost().use(directory, cases, notices, elders, stats)
}

/** The rules every tick runs (the digest has its own cron). */
export function tickRules(host: Host = coreHost()): AnyRule[] {
  return host.rules().filter((r) => !r.schedule)
}

/** The message handler over every feature's commands and listeners. */
export function coreHandler(deps: CoreDeps) {
  return coreHost().handler(deps)
}

/** The app as main.ts composes it (housekeeping aside), started on a puppet connection. */
export async function startApp(o: AppOptions, puppet: PuppetConnection | AccountConnection[]): Promise<RunningApp> {
  const app = createApp(o)
  app.use(directory, understanding, cases, notices, elders, stats)
  return app.start(puppet)
}
