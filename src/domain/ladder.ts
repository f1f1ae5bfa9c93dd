import { resolveDuration, runningClocks, type CaseClocks, type ClockName } from './clocks.js'
import type { Policy } from './policy.js'
import type { Category, Urgency } from './types.js'

export type { ClockName }

/** What the ladder needs to know about a case. */
export type LadderCase = CaseClocks & { category: Category; urgency: Urgency }

/** One rung: warn at 80%, remind and raise at the deadline, raise again at twice, remind daily while overdue. */
export interface LadderStep {
  key: string
  at: number
  kind: 'warn' | 'due' | 'double' | 'daily'
  clock: ClockName
  deadline: number
  /** The level the case is raised to (at least), for due and double. */
  raiseTo?: number
}

function duration(policy: Policy, c: LadderCase, clock: ClockName): number {
  return clock === 'resolve' ? resolveDuration(policy, c.category, c.urgency) : policy.clocks[clock][c.urgency]
}

/** The clock that matters now: the pending one with the earliest deadline; null when no clock runs. */
export function activeClock(c: LadderCase, policy: Policy): { clock: ClockName; deadline: number; duration: number } | null {
  const first = runningClocks(c)[0]
  return first ? { clock: first[0], deadline: first[1], duration: duration(policy, c, first[0]) } : null
}

/**
 * The rungs of the active clock up to `until` (in time order; of the repeats while overdue, only the latest),
 * and the first one after it. Warning and doubling points are measured back and forward from the deadline by
 * the clock's policy duration.
 */
export function ladder(c: LadderCase, policy: Policy, until: number): { due: LadderStep[]; nextAt: number | null } {
  const active = activeClock(c, policy)
  if (!active) return { due: [], nextAt: null }
  const { clock, deadline: T, duration: D } = active
  const fixed: LadderStep[] = [
    { key: `${clock}:warn`, at: T - (1 - policy.warnAt) * D, kind: 'warn', clock, deadline: T },
    { key: `${clock}:due`, at: T, kind: 'due', clock, deadline: T, raiseTo: 1 },
    { key: `${clock}:double`, at: T + D, kind: 'double', clock, deadline: T, raiseTo: 2 },
  ]
  const daysOverdue = until >= T ? Math.floor((until - T) / policy.overdueRepeat) : 0
  // Only the latest repeat: the earlier ones were sent at their time or are past telling (downtime).
  const daily: LadderStep[] =
    daysOverdue === 0
      ? []
      : [{ key: `${clock}:day${daysOverdue}`, at: T + daysOverdue * policy.overdueRepeat, kind: 'daily', clock, deadline: T }]
  const all = [...fixed, ...daily].sort((a, b) => a.at - b.at || order(a) - order(b))
  const upcoming = [...fixed.map((s) => s.at), T + (daysOverdue + 1) * policy.overdueRepeat].filter((at) => at > until)
  return { due: all.filter((s) => s.at <= until), nextAt: upcoming.length ? Math.min(...upcoming) : null }
}

function order(s: LadderStep): number {
  return { warn: 0, due: 1, daily: 2, double: 3 }[s.kind]
}

/** When the rules should first look at a case: its earliest rung (possibly past; the tick sorts it out). */
export function firstRungAt(c: LadderCase, policy: Policy): number | null {
  const active = activeClock(c, policy)
  return active ? active.deadline - (1 - policy.warnAt) * active.duration : null
}
