import { decide, NO_SCOPE } from '../domain/case-machine.js'
import type { Case } from '../store/cases-repo.js'
import { rmsg } from './messages.js'
import { defineRule } from './rule.js'

/** Resolved cases nobody rated within the follow-up window close as 未评价. */
export const followUpClose = defineRule<Case>({
  id: 'follow-up-close',
  due: (deps, now) => deps.repos.caseQueries.resolvedBefore(now - deps.policy.followUp, 5_000),
  fire: (deps, c, now) => {
    if (!deps.repos.firings.claim('follow-up-close', `case:${c.id}`, 'close', c.reopenCount, now)) return []
    const d = decide(c, { action: 'closeUnrated' }, { id: 'system', scope: NO_SCOPE }, now, deps.policy, deps.timeZone)
    if (!d.ok) return []
    deps.repos.cases.update(c.id, d.patch, now)
    deps.repos.cases.addEvent(c.id, { at: now, actorId: deps.bot.id, actorName: deps.bot.name, kind: d.event, text: rmsg.closedUnrated })
    return []
  },
})
