import { deadlineAfter, nextDue, resolveDuration, type CaseClocks } from './clocks.js'
import { firstRungAt } from './ladder.js'
import type { Policy } from './policy.js'
import {
  ACTIVE_STATES,
  OPEN_STATES,
  RUNNING_STATES,
  type CaseEventKind,
  type CaseState,
  type Category,
  type Rating,
  type Urgency,
} from './types.js'

/** What the machine needs to know about a case. */
export interface CaseRecord extends CaseClocks {
  reporterId: string
  gridId: number
  communityId: number | null
  streetId: number | null
  category: Category
  urgency: Urgency
  assigneeId: string | null
  level: number
  heldFrom: CaseState | null
  heldAt: number | null
  closedAt: number | null
  signedOnTime: boolean | null
  resolvedLevel: number | null
  reopenCount: number
  /** When the case was filed: where its clocks started. */
  createdAt: number
}

/** Fields a transition changes. */
export type CasePatch = Partial<Omit<CaseRecord, 'reporterId' | 'gridId' | 'communityId' | 'streetId' | 'createdAt'>> & {
  nextDueAt?: number | null
  nextRuleAt?: number | null
  assigneeName?: string | null
  rating?: Rating
  ratingScore?: number
  ratedAt?: number
}

/** Where a staff member may act: every case, or those of some grids, communities, streets. */
export interface StaffScope {
  all: boolean
  gridIds: number[]
  communityIds: number[]
  streetIds: number[]
}

export const NO_SCOPE: StaffScope = { all: false, gridIds: [], communityIds: [], streetIds: [] }

/** True when the case lies in the scope. */
export function inScope(scope: StaffScope, c: Pick<CaseRecord, 'gridId' | 'communityId' | 'streetId'>): boolean {
  return (
    scope.all ||
    scope.gridIds.includes(c.gridId) ||
    (c.communityId !== null && scope.communityIds.includes(c.communityId)) ||
    (c.streetId !== null && scope.streetIds.includes(c.streetId))
  )
}

/** A request to change a case. */
export type CaseCommand =
  | { action: 'accept' }
  | { action: 'assign'; assignee: { id: string; name: string } }
  | { action: 'progress' }
  | { action: 'resolve' }
  | { action: 'return' }
  | { action: 'hold' }
  | { action: 'resume' }
  | { action: 'reopen' }
  | { action: 'rate'; rating: Rating; score: number }
  | { action: 'cancel' }
  | { action: 'closeUnrated' }
  /** #改类 by staff: a new category and the urgency it gives the report's text. */
  | { action: 'recategorize'; category: Category; urgency: Urgency }
  /** The same, asked by the reporter (answering the bot's confirmation). */
  | { action: 'correctCategory'; category: Category; urgency: Urgency }

export type CaseAction = CaseCommand['action']

/** Who may ask for an action: the reporter, the handler (assignee or staff in scope), staff in scope, or the bot. */
type Actor = 'reporter' | 'handler' | 'staff' | 'system'

/** The transition table: from which states each action applies, and who may ask for it. */
export const TRANSITIONS: Record<CaseAction, { from: readonly CaseState[]; by: Actor; event: CaseEventKind }> = {
  accept: { from: ['new', 'returned'], by: 'handler', event: 'accepted' },
  assign: { from: RUNNING_STATES, by: 'staff', event: 'assigned' },
  progress: { from: ACTIVE_STATES, by: 'handler', event: 'progress' },
  resolve: { from: ACTIVE_STATES, by: 'handler', event: 'resolved' },
  return: { from: ACTIVE_STATES, by: 'handler', event: 'returned' },
  hold: { from: RUNNING_STATES, by: 'staff', event: 'held' },
  resume: { from: ['on_hold'], by: 'staff', event: 'resumed' },
  reopen: { from: ['resolved', 'closed'], by: 'staff', event: 'reopened' },
  rate: { from: ['resolved'], by: 'reporter', event: 'rated' },
  cancel: { from: OPEN_STATES, by: 'reporter', event: 'cancelled' },
  closeUnrated: { from: ['resolved'], by: 'system', event: 'closed' },
  // Any case not finished for good: a resolved one's category still counts in the statistics and the learning.
  recategorize: { from: [...OPEN_STATES, 'resolved'], by: 'handler', event: 'recategorized' },
  correctCategory: { from: OPEN_STATES, by: 'reporter', event: 'recategorized' },
}

/** Why a transition was refused ('unchanged': a new category that is the case's category already). */
export type Refusal = 'state' | 'not-reporter' | 'out-of-scope' | 'unchanged'

export type Decision = { ok: true; patch: CasePatch; event: CaseEventKind } | { ok: false; refusal: Refusal }

/** Who is asking: their id and staff scope ('system' for the bot's own rules). */
export interface Requester {
  id: string
  scope: StaffScope
}

function permitted(by: Actor, c: CaseRecord, who: Requester): Refusal | undefined {
  if (by === 'system') return who.id === 'system' ? undefined : 'out-of-scope'
  if (by === 'reporter') return c.reporterId === who.id ? undefined : 'not-reporter'
  if (by === 'handler' && c.assigneeId === who.id) return undefined
  return inScope(who.scope, c) ? undefined : 'out-of-scope'
}

/** Sign-for, if not yet done: an implicit one when work is reported before #受理. */
function signFor(c: CaseRecord, now: number): CasePatch {
  if (c.acceptedAt !== null) return {}
  return { acceptedAt: now, signedOnTime: c.signedOnTime ?? (c.signForDueAt === null || now <= c.signForDueAt) }
}

function withClocks(c: CaseRecord, patch: CasePatch, policy: Policy): CasePatch {
  const next = { ...c, ...patch }
  return { ...patch, nextDueAt: nextDue(next), nextRuleAt: firstRungAt(next, policy) }
}

/**
 * The case machine: whether `cmd` applies to `c` for `who`, and if so what changes. Pure: the caller
 * stores the patch and the timeline event in one transaction.
 */
export function decide(c: CaseRecord, cmd: CaseCommand, who: Requester, now: number, policy: Policy, timeZone = 'Asia/Shanghai'): Decision {
  const rule = TRANSITIONS[cmd.action]
  // Permission first: someone out of scope learns nothing about the case's state.
  const refusal = permitted(rule.by, c, who)
  if (refusal) return { ok: false, refusal }
  if (!rule.from.includes(c.state)) return { ok: false, refusal: 'state' }
  const ok = (patch: CasePatch): Decision => ({ ok: true, patch: withClocks(c, patch, policy), event: rule.event })
  switch (cmd.action) {
    case 'accept':
      return ok({ state: 'accepted', assigneeId: c.assigneeId ?? who.id, ...signFor(c, now) })
    case 'assign':
      return ok({ assigneeId: cmd.assignee.id, assigneeName: cmd.assignee.name, state: c.state === 'returned' ? 'new' : c.state })
    case 'progress':
      return ok({ state: 'in_progress', ...signFor(c, now), respondedAt: c.respondedAt ?? now })
    case 'resolve':
      return ok({ state: 'resolved', ...signFor(c, now), respondedAt: c.respondedAt ?? now, resolvedAt: now, resolvedLevel: c.level })
    case 'return':
      return ok({ state: 'returned', assigneeId: null, assigneeName: null, level: Math.max(c.level, 1) })
    case 'hold':
      return ok({ state: 'on_hold', heldFrom: c.state, heldAt: now })
    case 'resume': {
      // Deadlines move by the calendar time held (in working-time mode too: a simplification).
      const shift = now - (c.heldAt ?? now)
      const move = (d: number | null) => (d === null ? null : d + shift)
      return ok({
        state: c.heldFrom ?? 'accepted',
        heldFrom: null,
        heldAt: null,
        signForDueAt: move(c.signForDueAt),
        respondDueAt: move(c.respondDueAt),
        resolveDueAt: move(c.resolveDueAt),
      })
    }
    case 'reopen':
      return ok(reopened(c, now, policy, timeZone))
    case 'rate':
      return cmd.rating === 'unsatisfied'
        ? ok({ ...reopened(c, now, policy, timeZone), rating: cmd.rating, ratingScore: cmd.score, ratedAt: now })
        : ok({ state: 'closed', closedAt: now, rating: cmd.rating, ratingScore: cmd.score, ratedAt: now })
    case 'cancel':
      return ok({ state: 'cancelled', closedAt: now })
    case 'closeUnrated':
      return ok({ state: 'closed', closedAt: now })
    case 'recategorize':
    case 'correctCategory':
      return cmd.category === c.category
        ? { ok: false, refusal: 'unchanged' }
        : ok(recategorized(c, cmd.category, cmd.urgency, policy, timeZone))
  }
}

/**
 * A new category and urgency, and the clocks they imply: each clock still running is timed again with the new
 * durations from where it started, so a corrected case stands as if it had been filed right. A clock that never
 * moved is counted afresh from the filing (in working time too); one moved by a hold or restarted by a reopening
 * moves by the difference of the two durations (in calendar time, as #恢复 does). A clock already met stays met.
 */
function recategorized(c: CaseRecord, category: Category, urgency: Urgency, policy: Policy, timeZone: string): CasePatch {
  const retime = (due: number | null, met: boolean, before: number, after: number) => {
    if (due === null || met) return due
    return due === deadlineAfter(policy, c.createdAt, before, timeZone)
      ? deadlineAfter(policy, c.createdAt, after, timeZone)
      : due + after - before
  }
  const { signFor, respond } = policy.clocks
  return {
    category,
    urgency,
    signForDueAt: retime(c.signForDueAt, c.acceptedAt !== null, signFor[c.urgency], signFor[urgency]),
    respondDueAt: retime(c.respondDueAt, c.respondedAt !== null, respond[c.urgency], respond[urgency]),
    resolveDueAt: retime(
      c.resolveDueAt,
      c.resolvedAt !== null,
      resolveDuration(policy, c.category, c.urgency),
      resolveDuration(policy, category, urgency),
    ),
  }
}

/** Back to work: the resolve clock and the escalation ladder start over. */
function reopened(c: CaseRecord, now: number, policy: Policy, timeZone: string): CasePatch {
  return {
    state: 'in_progress',
    resolvedAt: null,
    closedAt: null,
    resolvedLevel: null,
    level: 0,
    reopenCount: c.reopenCount + 1,
    resolveDueAt: deadlineAfter(policy, now, resolveDuration(policy, c.category, c.urgency), timeZone),
  }
}
