import type { CoreDeps } from '../domain/core.js'
import { enqueue } from '../domain/outgoing.js'
import type { AnyRule, RuleContext } from './rule.js'

/** What one tick did. */
export interface TickResult {
  fired: number
  messages: number
  failed: number
}

/** A rule's context for one subject: claim and fired bound to the rule, the subject and its cycle. */
function contextFor(deps: CoreDeps, rule: AnyRule, subject: never, now: number): RuleContext {
  const key = rule.subject(subject)
  const cycle = rule.cycle?.(subject) ?? 0
  return {
    deps,
    now,
    claim: (step) => deps.repos.firings.claim(rule.id, key, step, cycle, now),
    fired: () => deps.repos.firings.fired(rule.id, key, cycle),
  }
}

function fireAll(deps: CoreDeps, rules: AnyRule[], now: number, each: (fire: () => number, rule: string) => void): void {
  for (const rule of rules) {
    for (const subject of rule.due(deps, now)) {
      each(() => {
        const out = rule.fire(contextFor(deps, rule, subject, now), subject)
        enqueue(deps.repos.outbox, out, now, deps.mentionsPerMessage)
        return out.length
      }, rule.id)
    }
  }
}

/**
 * Runs every rule once, in one transaction (one write to disk per tick): each due subject's firing, its
 * changes and its outbox rows are written together. Should a subject fail, the whole tick rolls back and
 * runs again with a savepoint per subject, so the failing one rolls back alone and is tried next tick.
 * (Savepoints cost ~40 µs a subject, measured: the fast path skips them.)
 */
export function runTick(deps: CoreDeps, rules: AnyRule[], now: number, onError?: (rule: string, err: unknown) => void): TickResult {
  const tally = (): TickResult => ({ fired: 0, messages: 0, failed: 0 })
  const count = (r: TickResult, messages: number) => {
    if (messages) r.fired++
    r.messages += messages
  }
  try {
    return deps.repos.transaction(() => {
      const r = tally()
      fireAll(deps, rules, now, (fire) => count(r, fire()))
      return r
    })
  } catch {
    return deps.repos.transaction(() => {
      const r = tally()
      fireAll(deps, rules, now, (fire, rule) => {
        try {
          count(r, deps.repos.transaction(fire))
        } catch (err) {
          r.failed++
          onError?.(rule, err)
        }
      })
      return r
    })
  }
}
