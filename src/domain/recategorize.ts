import { formatShort } from '../clock.js'
import { parseNickname } from '../parse/nickname.js'
import { urgencyOf } from '../parse/report.js'
import { caseText } from '../text/cases.js'
import type { Actor } from './actor.js'
import { alertCommunity } from './alert-community.js'
import { getCase, transitionCase } from './case-actions.js'
import type { CoreDeps } from './core.js'
import type { InboundMessage, Outgoing } from './model.js'
import { replyTo, toContact } from './outgoing.js'
import type { Category, CorrectionSource } from './types.js'

/**
 * Gives case `id` a new category, for staff (#改类) or its reporter: the urgency the report's text has in that
 * category (安全隐患 always urgent; any other only with an urgent cue such as 紧急 or 爆管), the clocks timed again
 * (see the case machine), a 'recategorized' event and the correction row, in one transaction. An urgent case
 * whose community alert never went out gets it now, as a new urgent case would. The sender hears the new
 * category and resolve deadline, case number first; the handler, when someone else changed it, is told.
 */
export function recategorizeCase(
  deps: CoreDeps,
  m: InboundMessage,
  actor: Actor,
  id: number,
  category: Category,
  source: CorrectionSource,
  now: number,
): Outgoing[] {
  const t = caseText.recategorize
  return deps.repos.transaction(() => {
    const c = getCase(deps, id)
    const cmd = { action: source === 'staff' ? 'recategorize' : 'correctCategory', category, urgency: urgencyOf(category, c.text) } as const
    const { before: b, after: a } = transitionCase(deps, actor, id, cmd, t.event(c.category, category), now)
    const actorName = actor.id === b.reporterId ? b.reporterName : actor.name
    deps.repos.corrections.add({
      caseId: id,
      text: b.text,
      fromCategory: b.category,
      toCategory: category,
      actorId: actor.id,
      actorName,
      source,
      createdAt: now,
    })
    const urgent = a.urgency === 'urgent'
    const alert = urgent ? alertCommunity(deps, a, deps.repos.caseQueries.gridLabel(a.gridId), now) : []
    const resolveBy = a.resolvedAt === null && a.resolveDueAt !== null ? formatShort(a.resolveDueAt, deps.timeZone) : null
    const done = t.done(id, category, urgent, resolveBy)
    const out = [replyTo(m, alert.length ? `${done}\n${t.alerted}` : done, urgent ? 'urgent' : 'reply')]
    if (a.assigneeId && a.assigneeId !== actor.id) {
      const by = parseNickname(actorName).name
      out.push(toContact(a.assigneeId, t.toAssignee(id, b.category, category, urgent, resolveBy, by), urgent ? 'urgent' : 'push'))
    }
    return [...out, ...alert]
  })
}
