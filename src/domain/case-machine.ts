import { deadlineAfter, nextDue, resolveDuration, type CaseClocks } from './clocks.js'
import { firstRungAt } from './ladder.js'
import type { Policy } from './policy.js'
import {
  ACTIVE_STATES,
  COMMUNITY_LEVEL,
  DEPARTMENT_LEVEL,
  GRID_LEVEL,
  OPEN_STATES,
  RUNNING_STATES,
  STREET_LEVEL,
  SUPERVISION,
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
  /** The owner: 0 grid, 1 community, 2 street, 3 department (departmentId, dispatched by dispatchLevel). */
  level: number
  departmentId: number | null
  dispatchLevel: number | null
  /** What the ladder told the levels above the owner this cycle (SUPERVISION). */
  supervision: number
  /** Hand-ons so far; with reopenCount, the ladder's cycle. */
  handOns: number
  heldFrom: CaseState | null
  heldAt: number | null
  closedAt: number | null
  signedOnTime: boolean | null
  resolvedLevel: number | null
  reopenCount: number
  /** When the case was filed: where its clocks started. */
  createdAt: number
}

/** Fields a transition changes (a hand-on to another grid moves the case's grid, community and street too). */
export type CasePatch = Partial<Omit<CaseRecord, 'reporterId' | 'createdAt'>> & {
  nextDueAt?: number | null
  nextRuleAt?: number | null
  assigneeName?: string | null
  rating?: Rating
  ratingScore?: number
  ratedAt?: number
}

/** Where a staff member may act: every case, or those of some grids, communities, streets, departments. */
export interface StaffScope {
  all: boolean
  gridIds: number[]
  communityIds: number[]
  streetIds: number[]
  /** Departments whose handler they are: the cases those departments own. */
  departmentIds: number[]
}

export const NO_SCOPE: StaffScope = { all: false, gridIds: [], communityIds: [], streetIds: [], departmentIds: [] }

type Placed = Pick<CaseRecord, 'gridId' | 'communityId' | 'streetId'> & { departmentId?: number | null }

/** True when the case lies in the scope (to see it: #查询, #案件, #统计). */
export function inScope(scope: StaffScope, c: Placed): boolean {
  return (
    scope.all ||
    scope.gridIds.includes(c.gridId) ||
    (c.communityId !== null && scope.communityIds.includes(c.communityId)) ||
    (c.streetId !== null && scope.streetIds.includes(c.streetId)) ||
    (c.departmentId != null && scope.departmentIds.includes(c.departmentId))
  )
}

/** Admins stand above every level. */
export const ADMIN_AUTHORITY = 9

/** The highest level at which a scope covers the case's place: 2 street, 1 community, 0 grid, -1 none. */
export function authority(scope: StaffScope, c: Placed): number {
  if (scope.all) return ADMIN_AUTHORITY
  if (c.streetId !== null && scope.streetIds.includes(c.streetId)) return STREET_LEVEL
  if (c.communityId !== null && scope.communityIds.includes(c.communityId)) return COMMUNITY_LEVEL
  return scope.gridIds.includes(c.gridId) ? GRID_LEVEL : -1
}

/**
 * True when the scope may act for the case's owner: staff at the owner's level or above (a 网格员 on their grid's
 * cases, community staff on the community's and its grids'), and for a department's case its handlers and the
 * staff of the level that dispatched it or above.
 */
export function actsForOwner(scope: StaffScope, c: Placed & Pick<CaseRecord, 'level' | 'dispatchLevel'>): boolean {
  if (c.level === DEPARTMENT_LEVEL)
    return (
      (c.departmentId != null && scope.departmentIds.includes(c.departmentId)) ||
      authority(scope, c) >= (c.dispatchLevel ?? COMMUNITY_LEVEL)
    )
  return authority(scope, c) >= c.level
}

/** Who owns a case after a hand-on; a move to another grid (#指派 to its worker) names the grid's place too. */
export interface Owner {
  level: number
  departmentId: number | null
  dispatchLevel: number | null
  place?: { gridId: number; communityId: number | null; streetId: number | null }
}

/** A request to change a case. */
export type CaseCommand =
  | { action: 'accept' }
  /** To another staff member; `owner` when that hands the case on (another level, grid or department). */
  | { action: 'assign'; assignee: { id: string; name: string }; owner?: Owner }
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
  /** #上报: one level up (grid → community → street), which now owns it. */
  | { action: 'escalate' }
  /** #派单: to a department, which now owns it; `fromLevel` is the dispatching level (#退回 sends it back there). */
  | { action: 'dispatch'; departmentId: number; fromLevel: number }

export type CaseAction = CaseCommand['action']

/**
 * Who may ask for an action: the reporter; the handler (the assignee, or staff acting for the owner); staff acting
 * for the owner; anyone who sees the case (the assignee or staff in scope); or the bot.
 */
type Actor = 'reporter' | 'handler' | 'staff' | 'viewer' | 'system'

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
  recategorize: { from: [...OPEN_STATES, 'resolved'], by: 'viewer', event: 'recategorized' },
  correctCategory: { from: OPEN_STATES, by: 'reporter', event: 'recategorized' },
  escalate: { from: RUNNING_STATES, by: 'handler', event: 'escalated' },
  dispatch: { from: RUNNING_STATES, by: 'handler', event: 'dispatched' },
}

/**
 * Why a transition was refused: 'not-owner' someone who sees the case but does not act for its owner; 'unchanged'
 * a new category that is the case's already; 'top' #上报 from the street; 'department' #上报 of a department's case;
 * 'same-department' #派单 to the department that has it.
 */
export type Refusal = 'state' | 'not-reporter' | 'out-of-scope' | 'not-owner' | 'unchanged' | 'top' | 'department' | 'same-department'

export type Decision = { ok: true; patch: CasePatch; event: CaseEventKind } | { ok: false; refusal: Refusal }

/** Who is asking: their id and staff scope ('system' for the bot's own rules). */
export interface Requester {
  id: string
  scope: StaffScope
}

function permitted(by: Actor, c: CaseRecord, who: Requester): Refusal | undefined {
  if (by === 'system') return who.id === 'system' ? undefined : 'out-of-scope'
  if (by === 'reporter') return c.reporterId === who.id ? undefined : 'not-reporter'
  if ((by === 'handler' || by === 'viewer') && c.assigneeId === who.id) return undefined
  if (!inScope(who.scope, c)) return 'out-of-scope'
  return by === 'viewer' || actsForOwner(who.scope, c) ? undefined : 'not-owner'
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

/** True when `o` is another owner than the case's: another level, department or grid. */
function changesOwner(c: CaseRecord, o: Owner): boolean {
  return o.level !== c.level || o.departmentId !== c.departmentId || (o.place !== undefined && o.place.gridId !== c.gridId)
}

/**
 * A hand-on: the new owner, and its clocks. Every clock not yet met starts afresh from now with its policy
 * duration — the new owner signs for the case, answers the reporter (unless the reporter had an answer) and
 * resolves it, each in the policy's time — and the ladder starts over (a new cycle, no supervision marks). The
 * first sign-for verdict stays the one of the owner who had the case first (handing it on counts as their
 * response).
 */
function handedOn(c: CaseRecord, o: Owner, now: number, policy: Policy, timeZone: string): CasePatch {
  const after = (ms: number) => deadlineAfter(policy, now, ms, timeZone)
  return {
    level: o.level,
    departmentId: o.departmentId,
    dispatchLevel: o.dispatchLevel,
    ...(o.place ?? {}),
    acceptedAt: null,
    signedOnTime: c.signedOnTime ?? (c.signForDueAt === null || now <= c.signForDueAt),
    signForDueAt: after(policy.clocks.signFor[c.urgency]),
    respondDueAt: c.respondedAt === null ? after(policy.clocks.respond[c.urgency]) : c.respondDueAt,
    resolveDueAt: after(resolveDuration(policy, c.category, c.urgency)),
    supervision: SUPERVISION.none,
    handOns: c.handOns + 1,
  }
}

const unassigned = { assigneeId: null, assigneeName: null }

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
  const handOn = (o: Owner) => handedOn(c, o, now, policy, timeZone)
  switch (cmd.action) {
    case 'accept':
      return ok({ state: 'accepted', assigneeId: c.assigneeId ?? who.id, ...signFor(c, now) })
    case 'assign': {
      const to = { assigneeId: cmd.assignee.id, assigneeName: cmd.assignee.name }
      return cmd.owner && changesOwner(c, cmd.owner)
        ? ok({ ...to, state: 'new', ...handOn(cmd.owner) })
        : ok({ ...to, state: c.state === 'returned' ? 'new' : c.state })
    }
    case 'progress':
      return ok({ state: 'in_progress', ...signFor(c, now), respondedAt: c.respondedAt ?? now })
    case 'resolve': {
      // A department's case counts in the 721 split at the level that dispatched it.
      const resolvedLevel = c.level === DEPARTMENT_LEVEL ? (c.dispatchLevel ?? COMMUNITY_LEVEL) : c.level
      return ok({ state: 'resolved', ...signFor(c, now), respondedAt: c.respondedAt ?? now, resolvedAt: now, resolvedLevel })
    }
    case 'return': {
      // A department's case goes back to the level that dispatched it; any other to its level's staff, at least the community's.
      const level = c.level === DEPARTMENT_LEVEL ? (c.dispatchLevel ?? COMMUNITY_LEVEL) : Math.max(c.level, COMMUNITY_LEVEL)
      const owner: Owner = { level, departmentId: null, dispatchLevel: null }
      return ok({ state: 'returned', ...unassigned, ...(changesOwner(c, owner) ? handOn(owner) : {}) })
    }
    case 'escalate':
      if (c.level === DEPARTMENT_LEVEL) return { ok: false, refusal: 'department' }
      if (c.level >= STREET_LEVEL) return { ok: false, refusal: 'top' }
      return ok({ state: 'new', ...unassigned, ...handOn({ level: c.level + 1, departmentId: null, dispatchLevel: null }) })
    case 'dispatch':
      if (c.level === DEPARTMENT_LEVEL && c.departmentId === cmd.departmentId) return { ok: false, refusal: 'same-department' }
      return ok({
        state: 'new',
        ...unassigned,
        ...handOn({ level: DEPARTMENT_LEVEL, departmentId: cmd.departmentId, dispatchLevel: cmd.fromLevel }),
      })
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

/** Back to work with the owner who resolved it: the resolve clock and the escalation ladder start over. */
function reopened(c: CaseRecord, now: number, policy: Policy, timeZone: string): CasePatch {
  return {
    state: 'in_progress',
    resolvedAt: null,
    closedAt: null,
    resolvedLevel: null,
    supervision: SUPERVISION.none,
    reopenCount: c.reopenCount + 1,
    resolveDueAt: deadlineAfter(policy, now, resolveDuration(policy, c.category, c.urgency), timeZone),
  }
}
