import { formatShort } from '../clock.js'
import { statsText } from '../text/stats.js'
import type { StaffScope } from './case-machine.js'
import type { CoreDeps } from './core.js'
import type { GridStats } from './model.js'

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
    indent + statsText.counts(name, t),
    indent +
      statsText.rates(
        statsText.rate(t.signedOnTime, t.signDecided),
        statsText.rate(t.resolvedOfDue, t.due),
        statsText.rate(t.satisfied, t.rated),
      ),
    indent + statsText.levels(t.levels),
  ]
}

/** The lines of a statistics report: per community, then per grid, over [from, to). Empty when nothing is in scope. */
export function statsLines(
  deps: Pick<CoreDeps, 'repos' | 'timeZone'>,
  scope: StaffScope,
  label: string,
  from: number,
  to: number,
  now: number,
): string[] {
  const rows = deps.repos.caseQueries.stats(scope, from, to, now)
  if (rows.length === 0) return []
  // The period as far as it has gone: up to now, never before its start (a period that starts later than now).
  const end = Math.max(from, Math.min(to, now))
  const lines = [statsText.header(label, formatShort(from, deps.timeZone), formatShort(end, deps.timeZone))]
  const byCommunity = new Map<number, GridStats[]>()
  for (const r of rows) byCommunity.set(r.communityId, [...(byCommunity.get(r.communityId) ?? []), r])
  for (const gridRows of byCommunity.values()) {
    const totals = gridRows.map(({ gridId: _g, gridName: _n, communityId: _c, communityName: _cn, ...t }) => t).reduce(add)
    lines.push(...block(gridRows[0]!.communityName, totals))
    for (const g of gridRows) lines.push(...block(g.gridName, g, '· '))
  }
  return lines
}
