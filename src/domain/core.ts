import type { Clock } from '../clock.js'
import type { Pacing } from './broadcast-plan.js'
import type { Policy } from './policy.js'
import type { Repos } from './ports.js'
import type { QuietHours } from './quiet-hours.js'

/** How many commands one member may give in a window, and how many members are tracked at most. */
export interface CommandBudgetLimits {
  perWindow: number
  windowMs: number
  /** Bound on the members held in memory; the oldest windows go first. */
  maxMembers: number
}

/** What the core needs from the world: stores, settings and time. Commands, listeners and rules all get it. */
export interface CoreDeps {
  repos: Repos
  clock: Clock
  policy: Policy
  timeZone: string
  /** GRIDBOT_ADMINS: the first admins, by WeChat id. */
  admins: string[]
  /** The account the bot runs as (filled in at login); with several, the first listed. */
  bot: { id: string; name: string }
  /** With several accounts: the identity of the one named (a message is handled as the account that received it). */
  botOf?: (account: string) => { id: string; name: string } | undefined
  /** True for the contact id of any of our accounts (none of them is a member to remind, @ or count). */
  ours?: (contactId: string) => boolean
  /** How each account is paced (a broadcast's plan says when it will be out); PRODUCT.md's when not given. */
  pacing?: Pacing
  /** @-mentions per outgoing message. */
  mentionsPerMessage: number
  /** Pushes wait for the end of the quiet hours (notice rounds are made when they go out). */
  quietHours?: QuietHours
  /** Largest report text accepted. */
  maxReportChars?: number
  /** Commands per member and window (default: 10 a minute). */
  commandBudget?: CommandBudgetLimits
}
