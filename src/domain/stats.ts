import { formatShort } from '../clock.js'
import { elderText } from '../text/elders.js'
import { statsText } from '../text/stats.js'
import type { StaffScope } from './case-machine.js'
import type { CoreDeps } from './core.js'
import type { DepartmentStats, ElderStats, GridRef, GridStats } from './model.js'

type Totals = Omit<GridStats, 'gridId' | 'gridName' | 'communityId' | 'communityName'>

const ZERO: Totals = {
  created: 0,
  open: 0,
  overdue: 0,
  resolved: 0,
  closed: 0,
  signedOnTime: 0,
  signDecided: 0,
  resolvedOfDue: 0,
  due: 0,
  satisfied: 0,
  rated: 0,
  levels: [0, 0, 0],
  byDepartment: 0,
}

function add(a: Totals, b: Totals): Totals {
  const out = { ...a }
  for (const k of Object.keys(ZERO) as (keyof Totals)[]) {
    if (k === 'levels') out.levels = [a.levels[0] + b.levels[0], a.levels[1] + b.levels[1], a.levels[2] + b.levels[2]]
    else out[k] = a[k] + b[k]
  }
  return out
}

const totalsOf = ({ gridId: _g, gridName: _n, communityId: _c, communityName: _cn, ...t }: GridStats): Totals => t

function block(name: string, t: Totals, indent = ''): string[] {
  return [
    indent + statsText.counts(name, t),
    indent +
      statsText.rates(
        statsText.rate(t.signedOnTime, t.signDecided),
        statsText.rate(t.resolvedOfDue, t.due),
        statsText.rate(t.satisfied, t.rated),
      ),
    indent + statsText.levels(t.levels, t.byDepartment),
  ]
}

/** Every grid a scope covers, bound to a group or not: a grid with no cases is shown with its zeros. */
function gridsOf(deps: Pick<CoreDeps, 'repos'>, scope: StaffScope): GridRef[] {
  const dir = deps.repos.directory
  if (scope.all) return dir.gridsIn('all')
  const found = [
    ...scope.gridIds.map((id) => dir.grid(id)).filter((g) => g !== undefined),
    ...scope.communityIds.flatMap((communityId) => dir.gridsIn({ communityId })),
    ...scope.streetIds.flatMap((streetId) => dir.gridsIn({ streetId })),
  ]
  return [...new Map(found.map((g) => [g.id, g])).values()]
}

/** The order SQLite sorts names in (by code point), as the query did. */
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

const median = (xs: number[]) => {
  if (!xs.length) return null
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

function departmentLine(d: DepartmentStats): string {
  const r = statsText.rate
  return statsText.department(d.name, {
    received: d.received,
    median: median(d.responseMinutes),
    respond: r(d.respondedOnTime, d.respondDecided),
    resolve: r(d.resolved, d.resolveDecided),
    staff: r(d.staffSatisfied, d.staffRated),
    residents: r(d.reporterSatisfied, d.reporterRated),
  })
}

/** A grid's check-in line: elders looked after, the on-time sign rate, chases, visits, escalations. */
function elderLine(r: ElderStats): string {
  return elderText.stats({ ...r, onTime: statsText.rate(r.onTime, r.judged) })
}

/**
 * The lines of a statistics report over [from, to): per community, then per grid (every grid in scope, a community
 * of one grid as one block), with its check-in line when it looks after elders, then per department dispatched to, then what the numbers mean. Empty when nothing in
 * scope has happened.
 */
export function statsLines(
  deps: Pick<CoreDeps, 'repos' | 'timeZone'>,
  scope: StaffScope,
  label: string,
  from: number,
  to: number,
  now: number,
): string[] {
  const rows = deps.repos.caseQueries.stats(scope, from, to, now)
  const departments = deps.repos.dispatches.stats(scope, from, to, now)
  const elderRows = new Map(deps.repos.elders.stats(scope, from, to, now).map((r) => [r.gridId, r]))
  if (rows.length === 0 && departments.length === 0 && elderRows.size === 0) return []
  const byId = new Map(rows.map((r) => [r.gridId, r]))
  for (const g of gridsOf(deps, scope))
    if (!byId.has(g.id))
      byId.set(g.id, { gridId: g.id, gridName: g.name, communityId: g.communityId, communityName: g.communityName, ...ZERO })
  const all = [...byId.values()].sort((a, b) => cmp(a.communityName, b.communityName) || cmp(a.gridName, b.gridName) || a.gridId - b.gridId)
  // The period as far as it has gone: up to now, never before its start (a period that starts later than now).
  const end = Math.max(from, Math.min(to, now))
  const lines = [statsText.header(label, formatShort(from, deps.timeZone), formatShort(end, deps.timeZone))]
  const byCommunity = new Map<number, GridStats[]>()
  for (const r of all) byCommunity.set(r.communityId, [...(byCommunity.get(r.communityId) ?? []), r])
  for (const gridRows of byCommunity.values()) {
    const first = gridRows[0]!
    const eldersOf = (g: GridStats) => {
      const e = elderRows.get(g.gridId)
      return e ? [`${gridRows.length === 1 ? '' : '· '}${elderLine(e)}`] : []
    }
    if (gridRows.length === 1) {
      lines.push(...block(`${first.communityName}${first.gridName}`, totalsOf(first)), ...eldersOf(first))
      continue
    }
    lines.push(...block(first.communityName, gridRows.map(totalsOf).reduce(add, ZERO)))
    for (const g of gridRows) lines.push(...block(g.gridName, totalsOf(g), '· '), ...eldersOf(g))
  }
  if (departments.length) lines.push(statsText.departments, ...departments.map(departmentLine))
  return [...lines, ...statsText.legend]
}
