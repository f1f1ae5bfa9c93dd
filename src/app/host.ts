import { createHelp } from '../commands/help.js'
import { createMessageHandler, runCommand } from '../commands/handle-message.js'
import type { CommandSpec, Listener, Observer } from '../commands/types.js'
import type { Config } from '../config.js'
import type { CoreDeps } from '../domain/core.js'
import type { Logger } from '../logger.js'
import type { AnyRule } from '../rules/rule.js'
import type { OpenDatabase } from '../store/database.js'

/** What a scheduled job gets: the core, the settings, the database handle (for backups) and its logger. */
export interface JobContext {
  deps: CoreDeps
  config: Config
  database?: OpenDatabase
  log: Logger
}

/** Work on a cron that is not a rule over subjects: backups, retention. */
export interface Job {
  id: string
  cron: (config: Config) => string
  /** Also run once when the app starts, before the account connects. */
  atStart?: boolean
  run(ctx: JobContext): Promise<unknown> | unknown
}

/** What a feature registers itself with. */
export interface App {
  /** Chat commands (#帮助 lists them by role, in the order registered). */
  command(...specs: CommandSpec[]): void
  /** Listeners for plain messages; which one takes a message is PLAIN_MESSAGE_ORDER's, not the order registered. */
  listen(...listeners: Listener[]): void
  /** Observers of every handled message (commands too), before it is routed. */
  observe(...observers: Observer[]): void
  /** Rules: run on every rules tick, or on their own `schedule`. */
  rule(...rules: AnyRule[]): void
  /** Jobs on a cron of their own. */
  job(...jobs: Job[]): void
}

/** A feature: one function that registers what it brings. */
export type Feature = (app: App) => void

/** What the features registered, and the core built from it (no Wechaty, no scheduler). */
export interface Host extends App {
  use(...features: Feature[]): Host
  commands(): CommandSpec[]
  rules(): AnyRule[]
  jobs(): Job[]
  /** The message handler over these commands and listeners (#帮助 first, a private message nobody took gets it). */
  handler(deps: CoreDeps): ReturnType<typeof createMessageHandler>
}

/** Collects features' commands, listeners, rules and jobs. */
export function createHost(): Host {
  const commands: CommandSpec[] = []
  const listeners: Listener[] = []
  const observers: Observer[] = []
  const rules: AnyRule[] = []
  const jobs: Job[] = []
  const help = createHelp(() => commands)
  const privateHelp: Listener = {
    id: 'private-help',
    take: ({ deps, msg, now }) => (msg.roomId ? undefined : runCommand(deps, help, msg, '', now)),
  }
  const host: Host = {
    command: (...specs) => void commands.push(...specs),
    listen: (...ls) => void listeners.push(...ls),
    observe: (...os) => void observers.push(...os),
    rule: (...rs) => void rules.push(...rs),
    job: (...js) => void jobs.push(...js),
    use(...features) {
      for (const f of features) f(host)
      return host
    },
    commands: () => [help, ...commands],
    rules: () => rules,
    jobs: () => jobs,
    handler: (deps) => createMessageHandler(deps, { commands: [help, ...commands], listeners: [...listeners, privateHelp], observers }),
  }
  return host
}
