import type { Clock } from '../clock.js'
import type { Policy } from './policy.js'
import type { Repos } from './ports.js'
import type { QuietHours } from './quiet-hours.js'

/** What the core needs from the world: stores, settings and time. Commands, listeners and rules all get it. */
export interface CoreDeps {
  repos: Repos
  clock: Clock
  policy: Policy
  timeZone: string
  /** GRIDBOT_ADMINS: the first admins, by WeChat id. */
  admins: string[]
  /** The account the bot runs as (filled in at login). */
  bot: { id: string; name: string }
  /** @-mentions per outgoing message. */
  mentionsPerMessage: number
  /** Pushes wait for the end of the quiet hours (notice rounds are made when they go out). */
  quietHours?: QuietHours
  /** Largest report text accepted. */
  maxReportChars?: number
}
