import { formatShort, periodStart } from '../clock.js'
import type { GridStats } from '../store/case-queries.js'
import { words } from './args.js'
import { replyTo } from './replies.js'
import { defineCommand, UsageError } from './types.js'
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

/** #统计 [今日/本周/本月]: counts and the three rates per community and grid in the sender's scope. */
export const stats = defineCommand({
  name: '统计', aliases: ['stats'], role: 'worker', usage: '#统计 [今日/本周/本月]', summary: '新增、未办结、超期和三率',
  run: ({ deps, msg: m, args, actor, now }) => {
    const word = words(args)[0] ?? '本月'
    const period = PERIODS[word]
    if (!period) throw new UsageError()
    const from = periodStart(now, period, deps.timeZone)
    const rows = deps.repos.caseQueries.stats(actor.scope, from, now + 1, now)
    if (rows.length === 0) return [replyTo(m, wmsg.statsEmpty)]
    const lines = [wmsg.statsHeader(word, formatShort(from, deps.timeZone), formatShort(now, deps.timeZone))]
    const byCommunity = new Map<number, GridStats[]>()
    for (const r of rows) byCommunity.set(r.communityId, [...(byCommunity.get(r.communityId) ?? []), r])
    for (const gridRows of byCommunity.values()) {
      const totals = gridRows.map(({ gridId: _g, gridName: _n, communityId: _c, communityName: _cn, ...t }) => t).reduce(add)
      lines.push(...block(gridRows[0]!.communityName, totals))
      for (const g of gridRows) lines.push(...block(g.gridName, g, '· '))
    }
    return [replyTo(m, lines.join('\n'))]
  },
})
