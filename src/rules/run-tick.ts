import { enqueue } from '../commands/enqueue.js'
import type { Rule, RuleDeps } from './rule.js'

/** What one tick did. */
export interface TickResult { fired: number; messages: number; failed: number }

/**
 * Runs every rule once: for each due subject, the firing, its changes and its outbox rows commit in one
 * transaction. A subject that fails rolls back alone and is retried next tick.
 */
export function runTick(deps: RuleDeps & { mentionsPerMessage: number }, rules: Rule<never>[], now: number, onError?: (rule: string, err: unknown) => void): TickResult {
  const result: TickResult = { fired: 0, messages: 0, failed: 0 }
  for (const rule of rules) {
    for (const subject of rule.due(deps, now)) {
      try {
        const out = deps.repos.transaction(() => {
          const o = rule.fire(deps, subject, now)
          enqueue(deps.repos, o, now, deps.mentionsPerMessage)
          return o
        })
        if (out.length) result.fired++
        result.messages += out.length
      } catch (err) {
        result.failed++
        onError?.(rule.id, err)
      }
    }
  }
  return result
}
