import { decide, type CaseCommand, type CasePatch } from '../domain/case-machine.js'
import { parseNickname } from '../parse/nickname.js'
import type { Case } from '../store/cases-repo.js'
import { msg } from './messages.js'
import { replyTo } from './replies.js'
import type { CommandContext, Outgoing } from './types.js'
import { wmsg } from './workflow-messages.js'

/** The outcome of asking the case machine: the case before and after, or the one line saying why not. */
export type ActResult = { ok: true; before: Case; after: Case; patch: CasePatch } | { ok: false; out: Outgoing[] }

/** Loads case `id`, asks the machine, stores the change with its timeline event. */
export function act(ctx: CommandContext, id: number, cmd: CaseCommand, text = ''): ActResult {
  const { repos, policy, bot } = ctx.deps
  const before = repos.cases.get(id)
  if (!before) return { ok: false, out: [replyTo(ctx.msg, msg.noSuchCase(id))] }
  const d = decide(before, cmd, { id: ctx.actor.id, scope: ctx.actor.scope }, ctx.now, policy, ctx.deps.timeZone)
  if (!d.ok) {
    const line = d.refusal === 'state' ? wmsg.refusedState(id, before.state, wmsg.actionLabels[cmd.action])
      : d.refusal === 'not-reporter' ? wmsg.notReporter(id) : wmsg.outOfScope(id)
    return { ok: false, out: [replyTo(ctx.msg, line)] }
  }
  // Taking on an unassigned case (#受理 of a returned one) names the new handler too.
  const takesOver = d.patch.assigneeId === ctx.actor.id && before.assigneeId !== ctx.actor.id && d.patch.assigneeName === undefined
  const patch = takesOver ? { ...d.patch, assigneeName: parseNickname(ctx.actor.name).name } : d.patch
  repos.cases.update(id, patch, ctx.now)
  const actorName = ctx.actor.id === before.reporterId ? before.reporterName : ctx.actor.name
  repos.cases.addEvent(id, { at: ctx.now, actorId: ctx.actor.id || bot.id, actorName, kind: d.event, text })
  return { ok: true, before, after: repos.cases.get(id)!, patch }
}
