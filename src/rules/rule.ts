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
 * `schedule` runs on that cron (read from the policy) instead of every rules tick. A rule with `flush` says
 * nothing per subject: `fire` returns notes, and `flush` turns all the notes of one tick into the messages (one
 * per recipient, listing its subjects), in the same transaction.
 */
export interface Rule<S, N = Outgoing> {
  id: string
  schedule?: (policy: Policy) => string
  due(deps: CoreDeps, now: number): S[]
  /** The subject's key in rule_firings: `case:12`, `notice:3`, `room:…`. */
  subject(s: S): string
  /** Steps fire once per cycle (a reopened case starts its ladder over); 0 when the rule has no cycles. */
  cycle?(s: S): number
  fire(ctx: RuleContext, subject: S): N[]
  flush?(ctx: Pick<RuleContext, 'deps' | 'now'>, notes: N[]): Outgoing[]
}

/** Any rule, whatever its subject and notes. */
export type AnyRule = Rule<never, unknown>

/** Declares a rule. */
export function defineRule<S, N = Outgoing>(rule: Rule<S, N>): AnyRule {
  return rule as unknown as AnyRule
}
