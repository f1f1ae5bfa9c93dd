import { DAY, formatShort, HOUR, startOfLocalDay, toLocalTime } from '../clock.js'
import { NO_SCOPE, type StaffScope } from '../domain/case-machine.js'
import type { CoreDeps } from '../domain/core.js'
import type { StaffGroup } from '../domain/model.js'
import { PUSH_RANK, toRoom } from '../domain/outgoing.js'
import { clockTime } from '../domain/elder-days.js'
import { caseText } from '../text/cases.js'
import { elderText } from '../text/elders.js'
import { defineRule } from './rule.js'
import { runTick } from './run-tick.js'

const OLDEST = 5

/** The cases a staff group's digest covers: its community, or its street. */
function scopeOf(g: StaffGroup): StaffScope | undefined {
  return g.communityId ? { ...NO_SCOPE, communityIds: [g.communityId] } : g.streetId ? { ...NO_SCOPE, streetIds: [g.streetId] } : undefined
}

/**
 * The daily digest (policy.digest, 08:30 by default): each staff group gets new, open, overdue and closed
 * counts per grid for the last 24 hours and the five longest-overdue cases. Once per group and day.
 */
export const digest = defineRule<StaffGroup & { scope: StaffScope }>({
  id: 'digest',
  schedule: (policy) => policy.digest,
  due: (deps) =>
    deps.repos.directory.allStaffGroups().flatMap((g) => {
      const scope = scopeOf(g)
      return scope ? [{ ...g, scope }] : []
    }),
  subject: (g) => `room:${g.roomId}`,
  fire: ({ deps, now, claim }, g) => {
    const t = toLocalTime(now, deps.timeZone)
    if (!claim(`${t.year}-${t.month}-${t.day}`)) return []
    const q = deps.repos.caseQueries
    const d = caseText.digest
    const lines = [d.header(g.name, formatShort(now, deps.timeZone).slice(0, 5))]
    for (const r of q.stats(g.scope, now - DAY, now + 1, now)) lines.push(d.line(`${r.communityName}${r.gridName}`, r))
    const oldest = q.oldestOverdue(g.scope, now, OLDEST)
    lines.push(
      ...(oldest.length
        ? [d.oldest, ...oldest.map((c) => d.oldestLine(c.id, q.gridLabel(c.gridId), c.category, (now - c.nextDueAt!) / 60_000))]
        : [d.none]),
    )
    lines.push(...escalatedYesterday(deps, g.scope, now))
    return [toRoom(g.roomId, lines.join('\n'), [], 'push', PUSH_RANK.digest)]
  },
})

/** Yesterday's check-in chases that went up to the community, and how each ended (none: nothing is added). */
function escalatedYesterday(deps: CoreDeps, scope: StaffScope, now: number): string[] {
  const today = startOfLocalDay(now, deps.timeZone)
  const list = deps.repos.elders.escalatedBetween(scope, startOfLocalDay(today - HOUR, deps.timeZone), today)
  if (list.length === 0) return []
  const d = elderText.digest
  const grid = (id: number) => deps.repos.caseQueries.gridLabel(id)
  return [
    d.header(list.length),
    ...list.map(({ elder, day }) =>
      d.line(
        grid(elder.gridId),
        elder,
        clockTime(elder.checkBy),
        day.visitedAt !== null
          ? d.visited(formatShort(day.visitedAt, deps.timeZone), day.visitedByName ?? '')
          : day.endReason === 'sign' || day.signedAt !== null
            ? d.signed(formatShort(day.endedAt ?? day.signedAt!, deps.timeZone))
            : day.endReason === 'away'
              ? d.away
              : d.open,
      ),
    ),
  ]
}

/** Runs the digest once now (what its cron does): how many staff groups it looked at and how many messages it queued. */
export function runDigest(deps: CoreDeps, now: number): { groups: number; messages: number } {
  const r = runTick(deps, [digest], now)
  return { groups: deps.repos.directory.allStaffGroups().length, messages: r.messages }
}
