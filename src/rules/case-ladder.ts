import { ladder } from '../domain/ladder.js'
import type { Case, Outgoing } from '../domain/model.js'
import { toContact } from '../domain/outgoing.js'
import { toLevelStaff } from '../domain/staff-groups.js'
import { caseSubject } from '../domain/types.js'
import { formatLocation } from '../parse/location.js'
import { caseText } from '../text/cases.js'
import { defineRule } from './rule.js'

const BATCH = 5_000

/**
 * The escalation ladder of each running clock: warn the handler at 80%, at the deadline remind them and
 * raise the case one level, at twice the deadline one more, and remind once a day while overdue. A case
 * that missed several rungs (downtime) gets the highest one, one message; the others are recorded as fired.
 */
export const caseLadder = defineRule<Case>({
  id: 'case-ladder',
  due: (deps, now) => deps.repos.caseQueries.dueForRules(now, BATCH),
  subject: (c) => caseSubject(c.id),
  cycle: (c) => c.reopenCount,
  fire: ({ deps, now, claim }, c) => {
    const { repos, policy } = deps
    const t = caseText.ladder
    const { due, nextAt } = ladder(c, policy, now)
    const fresh = due.filter((s) => claim(s.key))
    const top = fresh.at(-1)
    const level = Math.min(2, Math.max(c.level, ...fresh.map((s) => s.raiseTo ?? 0)))
    repos.cases.setLadder(c.id, nextAt, level, now)
    if (!top) return []
    const late = (now - top.deadline) / 60_000
    // Quiet hours hold every reminder but safety.
    const priority = c.category === 'safety' ? 'urgent' : 'push'
    const grid = () => repos.caseQueries.gridLabel(c.gridId)
    const out: Outgoing[] = []
    if (top.kind === 'warn') {
      if (c.assigneeId) out.push(toContact(c.assigneeId, t.warn(c.id, top.clock, -late), priority))
    } else {
      if (c.assigneeId) out.push(toContact(c.assigneeId, t.overdueToHandler(c.id, top.clock, late, level), priority))
      const raised = level > c.level
      const where = formatLocation(c.location)
      if (raised)
        out.push(
          ...toLevelStaff(
            deps,
            c,
            level,
            t.escalation(c.id, grid(), c.category, where, top.clock, late, c.assigneeName, c.urgency === 'urgent'),
            priority,
          ),
        )
      else if (top.kind === 'daily' && level > 0)
        out.push(...toLevelStaff(deps, c, level, t.dailyToStaff(c.id, grid(), c.category, top.clock, late, c.assigneeName), priority))
    }
    const [kind, text] =
      top.kind === 'warn'
        ? (['warned', t.eventWarned(top.clock)] as const)
        : level > c.level
          ? (['escalated', t.eventEscalated(top.clock, level)] as const)
          : (['reminded', t.eventReminded(top.clock)] as const)
    repos.cases.addEvent(c.id, { at: now, actorId: deps.bot.id, actorName: deps.bot.name, kind, text })
    return out
  },
})
