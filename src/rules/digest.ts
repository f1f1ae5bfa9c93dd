import { DAY, formatShort, toLocalTime } from '../clock.js'
import { enqueue } from '../commands/enqueue.js'
import { toRoom } from '../commands/replies.js'
import { NO_SCOPE } from '../domain/case-machine.js'
import { rmsg } from './messages.js'
import type { RuleDeps } from './rule.js'

const OLDEST = 5

/**
 * The daily digest (policy.digest, 08:30 by default): each staff group gets new, open, overdue and closed
 * counts per grid for the last 24 hours and the five longest-overdue cases. Once per group and day.
 */
export function runDigest(deps: RuleDeps & { mentionsPerMessage: number }, now: number): { groups: number; messages: number } {
  const t = toLocalTime(now, deps.timeZone)
  const day = `${t.year}-${t.month}-${t.day}`
  let sent = 0
  const groups = deps.repos.directory.allStaffGroups()
  for (const g of groups) {
    const scope = g.communityId ? { ...NO_SCOPE, communityIds: [g.communityId] } : g.streetId ? { ...NO_SCOPE, streetIds: [g.streetId] } : undefined
    if (!scope) continue
    deps.repos.transaction(() => {
      if (!deps.repos.firings.claim('digest', `room:${g.roomId}`, day, 0, now)) return
      const q = deps.repos.caseQueries
      const lines = [rmsg.digestHeader(g.name, formatShort(now, deps.timeZone).slice(0, 5))]
      for (const r of q.stats(scope, now - DAY, now + 1, now)) lines.push(rmsg.digestLine(`${r.communityName}${r.gridName}`, r))
      const oldest = q.oldestOverdue(scope, now, OLDEST)
      lines.push(...(oldest.length
        ? [rmsg.digestOldest, ...oldest.map((c) => rmsg.digestOldestLine(c.id, q.gridLabel(c.gridId), c.category, (now - c.nextDueAt!) / 60_000))]
        : [rmsg.digestNone]))
      enqueue(deps.repos, [toRoom(g.roomId, lines.join('\n'), [], 'push')], now, deps.mentionsPerMessage)
      sent++
    })
  }
  return { groups: groups.length, messages: sent }
}
