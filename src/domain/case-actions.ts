import { parseNickname } from '../parse/nickname.js'
import { caseText } from '../text/cases.js'
import type { Actor } from './actor.js'
import { decide, type CaseCommand, type CasePatch } from './case-machine.js'
import type { CoreDeps } from './core.js'
import type { Case } from './model.js'
import { refuse } from './refusal.js'
import { ownerUnit } from './staff-groups.js'
import { DEPARTMENT_LEVEL } from './types.js'

/** A stored transition: the case before and after, and what changed. */
export interface Transition {
  before: Case
  after: Case
  patch: CasePatch
}

/** Case `id`, or a refusal saying there is none. */
export function getCase(deps: Pick<CoreDeps, 'repos'>, id: number): Case {
  return deps.repos.cases.get(id) ?? refuse(caseText.refusal.noSuchCase(id))
}

/** The refusal line for a machine's no. */
function refusalLine(deps: CoreDeps, c: Case, cmd: CaseCommand, refusal: Exclude<ReturnType<typeof decide>, { ok: true }>['refusal']) {
  const r = caseText.refusal
  const action = r.actions[cmd.action]
  switch (refusal) {
    case 'state':
      return r.state(c.id, c.state, action)
    case 'unchanged':
      return r.unchanged(c.id, c.category)
    case 'not-reporter':
      return r.noSuchCase(c.id)
    case 'out-of-scope':
      return r.outOfScope(c.id)
    case 'not-owner':
      return r.notOwner(c.id, ownerUnit(deps, c), action)
    case 'top':
      return r.top(c.id)
    case 'department':
      return r.department(c.id, ownerUnit(deps, c))
    case 'same-department':
      return r.sameDepartment(c.id, ownerUnit(deps, c))
  }
}

/**
 * Keeps a department's dispatch in step with its case: its first response (#受理, #进展 or #办结 while the
 * department owns it), its resolution, the reporter's rating of what it resolved.
 */
function trackDispatch(deps: CoreDeps, before: Case, cmd: CaseCommand, now: number): void {
  if (before.level !== DEPARTMENT_LEVEL) return
  const dispatches = deps.repos.dispatches
  if (cmd.action === 'accept' || cmd.action === 'progress' || cmd.action === 'resolve') dispatches.responded(before.id, now)
  const d = dispatches.current(before.id)
  if (!d) return
  if (cmd.action === 'resolve') dispatches.update(d.id, { resolvedAt: now })
  if (cmd.action === 'rate') dispatches.update(d.id, { reporterRating: cmd.rating })
}

/**
 * Refuses, with the machine's reason, when `cmd` does not apply to `c` for `actor`: what a hand-on asks before it
 * looks for its target (a department, a staff group), so someone who may not act learns nothing more.
 */
export function ensureAllowed(deps: CoreDeps, actor: Actor, c: Case, cmd: CaseCommand, now: number): void {
  const d = decide(c, cmd, { id: actor.id, scope: actor.scope }, now, deps.policy, deps.timeZone)
  if (!d.ok) refuse(refusalLine(deps, c, cmd, d.refusal))
}

/**
 * Loads case `id`, asks the machine, stores the change with its timeline event. Refuses (throws) with the
 * reason when there is no such case or the machine says no. Commands and listeners both call it.
 */
export function transitionCase(deps: CoreDeps, actor: Actor, id: number, cmd: CaseCommand, text: string, now: number): Transition {
  const { repos, policy, bot } = deps
  const before = getCase(deps, id)
  const d = decide(before, cmd, { id: actor.id, scope: actor.scope }, now, policy, deps.timeZone)
  if (!d.ok) refuse(refusalLine(deps, before, cmd, d.refusal))
  // Taking on an unassigned case (#受理 of a returned one) names the new handler too.
  const takesOver = d.patch.assigneeId === actor.id && before.assigneeId !== actor.id && d.patch.assigneeName === undefined
  const patch = takesOver ? { ...d.patch, assigneeName: parseNickname(actor.name).name } : d.patch
  repos.cases.update(id, patch, now)
  trackDispatch(deps, before, cmd, now)
  const actorName = actor.id === before.reporterId ? before.reporterName : actor.name
  repos.cases.addEvent(id, { at: now, actorId: actor.id || bot.id, actorName, kind: d.event, text })
  return { before, after: repos.cases.get(id)!, patch }
}
