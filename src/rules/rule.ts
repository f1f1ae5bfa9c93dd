import type { CoreDeps } from '../domain/core.js'
import type { Outgoing } from '../domain/model.js'
import type { Policy } from '../domain/policy.js'

/** What a rule's `fire` gets: the core, the time, and the firing record of this rule and subject. */
export interface RuleContext {
  deps: CoreDeps
  now: number
  /** Records a step of this rule for this subject (and cycle); true the first time, false when it had fired. */
  claim(step: string): boolean
  /** The steps already recorded for this subject (and cycle). */
  fired(): Set<string>
}

/**
 * One rule: `due` selects only what is due (an indexed query), `fire` handles one subject inside the
 * tick's transaction — claiming each step so it fires once — and returns what to say. A rule with a
 * `schedule` runs on that cron (read from the policy) instead of every rules tick.
 */
export interface Rule<S> {
  id: string
  schedule?: (policy: Policy) => string
  due(deps: CoreDeps, now: number): S[]
  /** The subject's key in rule_firings: `case:12`, `notice:3`, `room:…`. */
  subject(s: S): string
  /** Steps fire once per cycle (a reopened case starts its ladder over); 0 when the rule has no cycles. */
  cycle?(s: S): number
  fire(ctx: RuleContext, subject: S): Outgoing[]
}

/** Any rule, whatever its subject. */
export type AnyRule = Rule<never>

/** Declares a rule. */
export function defineRule<S>(rule: Rule<S>): AnyRule {
  return rule as unknown as AnyRule
}
