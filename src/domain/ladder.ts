import { resolveDuration, runningClocks, type CaseClocks, type ClockName } from './clocks.js'
import type { Policy } from './policy.js'
import type { Category, Urgency } from './types.js'

export type { ClockName }

/** What the ladder needs to know about a case. */
export type LadderCase = CaseClocks & { category: Category; urgency: Urgency }

/**
 * One rung: warn the owner at 80% of the clock that matters now, remind them at its deadline (the level above is
 * told: 催办), remind them once a day while it is overdue; and past twice the resolve deadline, the level above
 * that is told (督办).
 */
export interface LadderStep {
  key: string
  at: number
  kind: 'warn' | 'due' | 'double' | 'daily'
  clock: ClockName
  deadline: number
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
 * The rungs up to `until` (in time order; of the daily repeats, only the latest), and the first one after it. The
 * warning, the deadline and the daily repeats are the active clock's; twice the deadline is the resolve clock's
 * alone, whichever clock is active (an unsigned case past twice its resolve deadline is still supervised).
 */
export function ladder(c: LadderCase, policy: Policy, until: number): { due: LadderStep[]; nextAt: number | null } {
  const active = activeClock(c, policy)
  if (!active) return { due: [], nextAt: null }
  const { clock, deadline: T, duration: D } = active
  const resolve = runningClocks(c).find(([name]) => name === 'resolve')
  const fixed: LadderStep[] = [
    { key: `${clock}:warn`, at: T - (1 - policy.warnAt) * D, kind: 'warn', clock, deadline: T },
    { key: `${clock}:due`, at: T, kind: 'due', clock, deadline: T },
    ...(resolve
      ? [
          {
            key: 'resolve:double',
            at: resolve[1] + resolveDuration(policy, c.category, c.urgency),
            kind: 'double' as const,
            clock: 'resolve' as const,
            deadline: resolve[1],
          },
        ]
      : []),
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
