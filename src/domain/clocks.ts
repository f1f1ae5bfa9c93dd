import { addWorkingTime } from './calendar.js'
import type { Policy } from './policy.js'
import { RUNNING_STATES, type CaseState, type Category, type Urgency } from './types.js'

/** The clock fields of a case. */
export interface CaseClocks {
  state: CaseState
  acceptedAt: number | null
  respondedAt: number | null
  resolvedAt: number | null
  signForDueAt: number | null
  respondDueAt: number | null
  resolveDueAt: number | null
}

/** How long a case has to be resolved: urgent cases (safety first) on the urgent clock, others by category. */
export function resolveDuration(policy: Policy, category: Category, urgency: Urgency): number {
  return urgency === 'urgent' || category === 'safety' ? policy.clocks.resolve.urgent : policy.clocks.resolve[category]
}

/** A deadline `ms` after `start`, in calendar time or, when the policy sets working hours, in working time. */
export function deadlineAfter(policy: Policy, start: number, ms: number, timeZone: string): number {
  return policy.workingHours ? addWorkingTime(start, ms, policy.workingHours, timeZone) : start + ms
}

/** The three deadlines of a case filed at `at`, and the first of them. */
export function initialDeadlines(policy: Policy, category: Category, urgency: Urgency, at: number, timeZone: string) {
  const deadlines = {
    signForDueAt: deadlineAfter(policy, at, policy.clocks.signFor[urgency], timeZone),
    respondDueAt: deadlineAfter(policy, at, policy.clocks.respond[urgency], timeZone),
    resolveDueAt: deadlineAfter(policy, at, resolveDuration(policy, category, urgency), timeZone),
  }
  const fresh: CaseClocks = { state: 'new', acceptedAt: null, respondedAt: null, resolvedAt: null, ...deadlines }
  return { ...deadlines, nextDueAt: nextDue(fresh) }
}

/** The three clocks of a case. */
export type ClockName = 'signFor' | 'respond' | 'resolve'

/** The clocks still running, with their deadlines, earliest first. */
export function runningClocks(c: CaseClocks): [ClockName, number][] {
  if (!(RUNNING_STATES as readonly CaseState[]).includes(c.state)) return []
  const all: [ClockName, number | null][] = [
    ['signFor', c.acceptedAt === null ? c.signForDueAt : null],
    ['respond', c.respondedAt === null ? c.respondDueAt : null],
    ['resolve', c.resolvedAt === null ? c.resolveDueAt : null],
  ]
  return all.filter((p): p is [ClockName, number] => p[1] !== null).sort((x, y) => x[1] - y[1])
}

/** The earliest deadline still running, or null when no clock runs (resolved, closed, cancelled, on hold). */
export function nextDue(c: CaseClocks): number | null {
  return runningClocks(c)[0]?.[1] ?? null
}

/** True when a running clock has passed its deadline. */
export function isOverdue(nextDueAt: number | null, now: number): boolean {
  return nextDueAt !== null && nextDueAt <= now
}
