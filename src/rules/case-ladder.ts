import { ladder } from '../domain/ladder.js'
import { formatLocation } from '../parse/location.js'
import { toContact, toRoom } from '../commands/replies.js'
import type { Outgoing } from '../commands/types.js'
import type { Case } from '../store/cases-repo.js'
import { rmsg } from './messages.js'
import { defineRule, type RuleDeps } from './rule.js'

const BATCH = 5_000

/** The staff group(s) of a level (1 community, 2 street, falling back to the community), @-mentioning that level's staff. */
function toLevel(deps: RuleDeps, c: Case, level: number, text: string, priority: Outgoing['priority']): Outgoing[] {
  const dir = deps.repos.directory
  const target = level >= 2 && c.streetId ? { rooms: dir.staffGroups({ streetId: c.streetId }), staff: dir.holders('street', c.streetId, 'street') } : undefined
  const chosen = target?.rooms.length ? target
    : c.communityId ? { rooms: dir.staffGroups({ communityId: c.communityId }), staff: dir.holders('community', c.communityId, 'community') } : undefined
  if (!chosen) return []
  return chosen.rooms.map((roomId) => {
    const present = new Set(deps.repos.members.list(roomId).map((m) => m.contactId))
    return toRoom(roomId, text, chosen.staff.map((s) => s.contactId).filter((id) => present.has(id)), priority)
  })
}

/**
 * The escalation ladder of each running clock: warn the handler at 80%, at the deadline remind them and
 * raise the case one level, at twice the deadline one more, and remind once a day while overdue. A case
 * that missed several rungs (downtime) gets the highest one, one message; the others are recorded as fired.
 */
export const caseLadder = defineRule<Case>({
  id: 'case-ladder',
  due: (deps, now) => deps.repos.caseQueries.dueForRules(now, BATCH),
  fire: (deps, c, now) => {
    const { repos, policy } = deps
    const subject = `case:${c.id}`
    const { due, nextAt } = ladder(c, policy, now)
    const fresh = due.filter((s) => repos.firings.claim('case-ladder', subject, s.key, c.reopenCount, now))
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
      if (c.assigneeId) out.push(toContact(c.assigneeId, rmsg.warn(c.id, top.clock, -late), priority))
    } else {
      if (c.assigneeId) out.push(toContact(c.assigneeId, rmsg.overdueToHandler(c.id, top.clock, late, level), priority))
      const raised = level > c.level
      if (raised) out.push(...toLevel(deps, c, level, rmsg.escalation(c.id, grid(), c.category, formatLocation(c.location), top.clock, late, c.assigneeName, c.urgency === 'urgent'), priority))
      else if (top.kind === 'daily' && level > 0) out.push(...toLevel(deps, c, level, rmsg.dailyToStaff(c.id, grid(), c.category, top.clock, late, c.assigneeName), priority))
    }
    const [kind, text] = top.kind === 'warn' ? ['warned', rmsg.eventWarned(top.clock)] as const
      : level > c.level ? ['escalated', rmsg.eventEscalated(top.clock, level)] as const : ['reminded', rmsg.eventReminded(top.clock)] as const
    repos.cases.addEvent(c.id, { at: now, actorId: deps.bot.id, actorName: deps.bot.name, kind, text })
    return out
  },
})
