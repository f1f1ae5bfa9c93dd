import { parseNickname } from '../parse/nickname.js'
import { caseText } from '../text/cases.js'
import type { Actor } from './actor.js'
import { decide, type CaseCommand, type CasePatch } from './case-machine.js'
import type { CoreDeps } from './core.js'
import type { Case } from './model.js'
import { refuse } from './refusal.js'

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

/**
 * Loads case `id`, asks the machine, stores the change with its timeline event. Refuses (throws) with the
 * reason when there is no such case or the machine says no. Commands and listeners both call it.
 */
export function transitionCase(deps: CoreDeps, actor: Actor, id: number, cmd: CaseCommand, text: string, now: number): Transition {
  const { repos, policy, bot } = deps
  const before = getCase(deps, id)
  const d = decide(before, cmd, { id: actor.id, scope: actor.scope }, now, policy, deps.timeZone)
  if (!d.ok) {
    const r = caseText.refusal
    refuse(
      d.refusal === 'state'
        ? r.state(id, before.state, r.actions[cmd.action])
        : d.refusal === 'unchanged'
          ? r.unchanged(id, before.category)
          : d.refusal === 'not-reporter'
            ? r.noSuchCase(id)
            : r.outOfScope(id),
    )
  }
  // Taking on an unassigned case (#受理 of a returned one) names the new handler too.
  const takesOver = d.patch.assigneeId === actor.id && before.assigneeId !== actor.id && d.patch.assigneeName === undefined
  const patch = takesOver ? { ...d.patch, assigneeName: parseNickname(actor.name).name } : d.patch
  repos.cases.update(id, patch, now)
  const actorName = actor.id === before.reporterId ? before.reporterName : actor.name
  repos.cases.addEvent(id, { at: now, actorId: actor.id || bot.id, actorName, kind: d.event, text })
  return { before, after: repos.cases.get(id)!, patch }
}
