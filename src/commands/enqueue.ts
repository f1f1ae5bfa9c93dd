import { toParts } from '../domain/outgoing.js'
import type { Repos } from '../store/repos.js'
import type { Outgoing } from './types.js'

/** Writes what to say into the outbox: phones masked in groups, @-mentions batched, long text split. */
export function enqueue(repos: Repos, out: Outgoing[], now: number, mentionsPerMessage: number): void {
  for (const o of out) {
    for (const part of toParts(o, mentionsPerMessage)) {
      repos.outbox.insert({ conversationId: o.conversationId, isRoom: o.isRoom, priority: o.priority, notBefore: now, ...part }, now)
    }
  }
}
