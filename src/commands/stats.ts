import { formatShort, periodStart } from '../clock.js'
import type { GridStats } from '../store/case-queries.js'
import { words } from './args.js'
import { replyTo } from './replies.js'
import type { StaffScope } from '../domain/case-machine.js'
import { defineCommand, UsageError, type CoreDeps } from './types.js'
import { wmsg } from './workflow-messages.js'

const PERIODS: Record<string, 'day' | 'week' | 'month'> = { 今日: 'day', 今天: 'day', 本周: 'week', 本月: 'month' }

type Totals = Omit<GridStats, 'gridId' | 'gridName' | 'communityId' | 'communityName'>

function add(a: Totals, b: Totals): Totals {
  const out = { ...a }
  for (const k of Object.keys(a) as (keyof Totals)[]) {
    if (k === 'levels') out.levels = [a.levels[0] + b.levels[0], a.levels[1] + b.levels[1], a.levels[2] + b.levels[2]]
    else out[k] = a[k] + b[k]
  }
  return out
}

function block(name: string, t: Totals, indent = ''): string[] {
  return [
    indent + wmsg.statsCounts(name, t),
    indent + wmsg.statsRates(wmsg.rate(t.signedOnTime, t.signDecided), wmsg.rate(t.resolvedOfDue, t.due), wmsg.rate(t.satisfied, t.rated)),
    indent + wmsg.statsLevels(t.levels),
  ]
}

/** The lines of a statistics report: per community, then per grid, over [from, to). Empty when nothing is in scope. */
export function statsLines(deps: Pick<CoreDeps, 'repos' | 'timeZone'>, scope: StaffScope, label: string, from: number, to: number, now: number): string[] {
  const rows = deps.repos.caseQueries.stats(scope, from, to, now)
  if (rows.length === 0) return []
  const lines = [wmsg.statsHeader(label, formatShort(from, deps.timeZone), formatShort(Math.min(to, now), deps.timeZone))]
  const byCommunity = new Map<number, GridStats[]>()
  for (const r of rows) byCommunity.set(r.communityId, [...(byCommunity.get(r.communityId) ?? []), r])
  for (const gridRows of byCommunity.values()) {
    const totals = gridRows.map(({ gridId: _g, gridName: _n, communityId: _c, communityName: _cn, ...t }) => t).reduce(add)
    lines.push(...block(gridRows[0]!.communityName, totals))
    for (const g of gridRows) lines.push(...block(g.gridName, g, '· '))
  }
  return lines
}

/** #统计 [今日/本周/本月]: counts and the three rates per community and grid in the sender's scope. */
export const stats = defineCommand({
  name: '统计', aliases: ['stats'], role: 'worker', usage: '#统计 [今日/本周/本月]', summary: '新增、未办结、超期和三率',
  run: ({ deps, msg: m, args, actor, now }) => {
    const word = words(args)[0] ?? '本月'
    const period = PERIODS[word]
    if (!period) throw new UsageError()
    const lines = statsLines(deps, actor.scope, word, periodStart(now, period, deps.timeZone), now + 1, now)
    return [replyTo(m, lines.length ? lines.join('\n') : wmsg.statsEmpty)]
  },
})
