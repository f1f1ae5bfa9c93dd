import type { Outgoing } from '../commands/types.js'
import type { QuietHours } from '../config.js'
import type { Policy } from '../domain/policy.js'
import type { Repos } from '../store/repos.js'

/** What a rule sees: the stores, the policy, the zone and the bot. */
export interface RuleDeps {
  repos: Repos
  policy: Policy
  timeZone: string
  bot: { id: string; name: string }
  /** Notice reminders wait for the end of the quiet hours (the list is made when they go out). */
  quietHours?: QuietHours
}

/**
 * One rule: `due` selects only what is due (an indexed query), `fire` handles one subject inside the
 * tick's transaction — claiming each step in rule_firings so it fires once — and returns what to say.
 */
export interface Rule<S> {
  id: string
  due(deps: RuleDeps, now: number): S[]
  fire(deps: RuleDeps, subject: S, now: number): Outgoing[]
}

/** Declares a rule. */
export function defineRule<S>(rule: Rule<S>): Rule<S> {
  return rule
}
