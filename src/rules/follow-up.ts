import { decide, NO_SCOPE } from '../domain/case-machine.js'
import type { Case } from '../domain/model.js'
import { caseSubject } from '../domain/types.js'
import { caseText } from '../text/cases.js'
import { defineRule } from './rule.js'

/** Resolved cases nobody rated within the follow-up window close as 未评价. */
export const followUpClose = defineRule<Case>({
  id: 'follow-up-close',
  due: (deps, now) => deps.repos.caseQueries.resolvedBefore(now - deps.policy.followUp, 5_000),
  subject: (c) => caseSubject(c.id),
  cycle: (c) => c.reopenCount,
  fire: ({ deps, now, claim }, c) => {
    if (!claim('close')) return []
    const d = decide(c, { action: 'closeUnrated' }, { id: 'system', scope: NO_SCOPE }, now, deps.policy, deps.timeZone)
    if (!d.ok) return []
    deps.repos.cases.update(c.id, d.patch, now)
    deps.repos.cases.addEvent(c.id, {
      at: now,
      actorId: deps.bot.id,
      actorName: deps.bot.name,
      kind: d.event,
      text: caseText.followUp.closedUnrated,
    })
    return []
  },
})
