import { addWorkingTime } from './calendar.js'
import type { Policy } from './policy.js'
import type { CaseState, Category, Urgency } from './types.js'

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

const RUNNING: readonly CaseState[] = ['new', 'accepted', 'in_progress', 'returned']

/** The earliest deadline still running, or null when no clock runs (resolved, closed, cancelled, on hold). */
export function nextDue(c: CaseClocks): number | null {
  if (!RUNNING.includes(c.state)) return null
  const pending = [
    c.acceptedAt === null ? c.signForDueAt : null,
    c.respondedAt === null ? c.respondDueAt : null,
    c.resolvedAt === null ? c.resolveDueAt : null,
  ].filter((d): d is number => d !== null)
  return pending.length ? Math.min(...pending) : null
}

/** True when a running clock has passed its deadline. */
export function isOverdue(nextDueAt: number | null, now: number): boolean {
  return nextDueAt !== null && nextDueAt <= now
}
