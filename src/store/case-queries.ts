import { and, count, desc, eq, gte, inArray, isNotNull, lte, or, sql, type SQL } from 'drizzle-orm'
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core'
import type { StaffScope } from '../domain/case-machine.js'
import type { Case, CaseFilter, GridStats } from '../domain/model.js'
import type { CaseQueries } from '../domain/ports.js'
import { CASE_SUBJECT_PREFIX, OPEN_STATES, URGENT_ALERT_RULE, type Category, type CaseState } from '../domain/types.js'
import { toCase } from './cases-repo.js'

const OPEN = [...OPEN_STATES]
import type { Db } from './database.js'
import { cases, communities, grids } from './schema.js'

/** The cases a staff scope covers, as a condition (undefined: every case). */
export function scopeCondition(scope: StaffScope): SQL | undefined {
  if (scope.all) return undefined
  const parts = [
    scope.gridIds.length ? inArray(cases.gridId, scope.gridIds) : undefined,
    scope.communityIds.length ? inArray(cases.communityId, scope.communityIds) : undefined,
    scope.streetIds.length ? inArray(cases.streetId, scope.streetIds) : undefined,
    scope.departmentIds.length ? inArray(cases.departmentId, scope.departmentIds) : undefined,
  ].filter((p): p is SQL => p !== undefined)
  return parts.length ? or(...parts) : sql`0`
}

/** Read-side queries over cases: staff lists and statistics, all bounded by a staff scope and using indexes. */
export function createCaseQueries(db: Db): CaseQueries {
  const gridLabelQ = db
    .select({ grid: grids.name, community: communities.name })
    .from(grids)
    .innerJoin(communities, eq(communities.id, grids.communityId))
    .where(eq(grids.id, sql.placeholder('gridId')))
    .prepare()
  const dueQ = db
    .select()
    .from(cases)
    .where(and(isNotNull(cases.nextRuleAt), lte(cases.nextRuleAt, sql.placeholder('now'))))
    .orderBy(cases.nextRuleAt)
    .limit(sql.placeholder('limit'))
    .prepare()
  return {
    /** A page of cases in scope: overdue first, then newest; and how many match in all. */
    list(scope: StaffScope, filter: CaseFilter, now: number, actorId: string, limit: number): { rows: Case[]; total: number } {
      const byFilter: Record<CaseFilter['kind'], () => SQL | undefined> = {
        open: () => inArray(cases.state, OPEN),
        overdue: () => and(inArray(cases.state, OPEN), isNotNull(cases.nextDueAt), lte(cases.nextDueAt, now)),
        urgent: () => and(inArray(cases.state, OPEN), eq(cases.urgency, 'urgent')),
        unsigned: () => inArray(cases.state, ['new', 'returned']),
        done: () => inArray(cases.state, ['resolved', 'closed']),
        mine: () => and(inArray(cases.state, OPEN), eq(cases.assigneeId, actorId)),
        category: () => and(inArray(cases.state, OPEN), eq(cases.category, (filter as { category: Category }).category)),
        grid: () =>
          and(
            inArray(cases.state, OPEN),
            inArray(
              cases.gridId,
              db
                .select({ id: grids.id })
                .from(grids)
                .where(eq(grids.name, (filter as { gridName: string }).gridName)),
            ),
          ),
      }
      const where = and(scopeCondition(scope), byFilter[filter.kind]())
      const overdue = sql`(${cases.nextDueAt} is not null and ${cases.nextDueAt} <= ${now})`
      // Overdue first, and among them urgent before normal; then newest.
      const first = [sql`${overdue} desc`, sql`(${overdue} and ${cases.urgency} = 'urgent') desc`]
      const rows = db
        .select()
        .from(cases)
        .where(where)
        .orderBy(...(filter.kind === 'done' ? [] : first), desc(cases.createdAt))
        .limit(limit)
        .all()
        .map(toCase)
      const total = db.select({ n: count() }).from(cases).where(where).get()?.n ?? 0
      return { rows, total }
    },

    /** Grid and community names of a grid: `阳光社区1号网格`. */
    /** Cases created in [from, to), optionally of one grid (by name) or state, oldest first, with their grid and community names. */
    forExport(f: {
      from: number
      to: number
      gridName?: string
      state?: CaseState
    }): (Case & { gridName: string; communityName: string })[] {
      const rows = db
        .select({ c: cases, gridName: grids.name, communityName: communities.name })
        .from(cases)
        .innerJoin(grids, eq(grids.id, cases.gridId))
        .innerJoin(communities, eq(communities.id, grids.communityId))
        .where(
          and(
            gte(cases.createdAt, f.from),
            sql`${cases.createdAt} < ${f.to}`,
            f.gridName ? or(eq(grids.name, f.gridName), sql`${communities.name} || ${grids.name} = ${f.gridName}`) : undefined,
            f.state ? eq(cases.state, f.state) : undefined,
          ),
        )
        .orderBy(cases.id)
        .all()
      return rows.map((r) => ({ ...toCase(r.c), gridName: r.gridName, communityName: r.communityName }))
    },

    gridLabel(gridId: number): string {
      const r = gridLabelQ.get({ gridId })
      return r ? `${r.community}${r.grid}` : ''
    },

    /** The numbers of #统计 for [from, to), per grid in scope. */
    stats(scope: StaffScope, from: number, to: number, now: number): GridStats[] {
      const inPeriod = (col: SQLiteColumn) => sql`(${col} >= ${from} and ${col} < ${to})`
      const open = sql`${cases.state} in ('new','accepted','in_progress','returned','on_hold')`
      const done = sql`${cases.state} in ('resolved','closed')`
      const created = sql`${inPeriod(cases.createdAt)} and ${cases.state} != 'cancelled'`
      const sum = (cond: SQL) => sql<number>`coalesce(sum(case when ${cond} then 1 else 0 end), 0)`
      const relevant = or(
        inPeriod(cases.createdAt),
        sql`${open}`,
        inPeriod(cases.resolvedAt),
        inPeriod(cases.closedAt),
        inPeriod(cases.ratedAt),
      )
      const rows = db
        .select({
          gridId: cases.gridId,
          gridName: grids.name,
          communityId: grids.communityId,
          communityName: communities.name,
          created: sum(created),
          open: sum(open),
          overdue: sum(sql`${open} and ${cases.nextDueAt} is not null and ${cases.nextDueAt} <= ${now}`),
          resolved: sum(inPeriod(cases.resolvedAt)),
          // Of those resolved in the period, the ones closed since (rated, or unrated past the follow-up): a part of 办结.
          closed: sum(sql`${cases.state} = 'closed' and ${inPeriod(cases.resolvedAt)}`),
          signedOnTime: sum(sql`${created} and ${cases.signedOnTime} = 1`),
          signDecided: sum(sql`${created} and (${cases.signedOnTime} is not null or ${cases.signForDueAt} <= ${now})`),
          resolvedOfDue: sum(sql`${created} and ${done}`),
          due: sum(sql`${created} and (${done} or ${cases.resolveDueAt} <= ${now})`),
          satisfied: sum(sql`${inPeriod(cases.ratedAt)} and ${cases.rating} in ('satisfied','basic')`),
          rated: sum(sql`${inPeriod(cases.ratedAt)} and ${cases.rating} is not null`),
          level0: sum(sql`${inPeriod(cases.resolvedAt)} and ${cases.resolvedLevel} = 0`),
          level1: sum(sql`${inPeriod(cases.resolvedAt)} and ${cases.resolvedLevel} = 1`),
          level2: sum(sql`${inPeriod(cases.resolvedAt)} and ${cases.resolvedLevel} >= 2`),
          byDepartment: sum(sql`${inPeriod(cases.resolvedAt)} and ${cases.level} = 3`),
        })
        .from(cases)
        .innerJoin(grids, eq(grids.id, cases.gridId))
        .innerJoin(communities, eq(communities.id, grids.communityId))
        .where(and(scopeCondition(scope), relevant))
        .groupBy(cases.gridId)
        .orderBy(communities.name, grids.name)
        .all()
      return rows.map(({ level0, level1, level2, ...r }) => ({ ...r, levels: [level0, level1, level2] }))
    },

    /** The longest-overdue open cases in scope. */
    oldestOverdue(scope: StaffScope, now: number, limit: number): Case[] {
      return db
        .select()
        .from(cases)
        .where(and(scopeCondition(scope), inArray(cases.state, OPEN), isNotNull(cases.nextDueAt), lte(cases.nextDueAt, now)))
        .orderBy(cases.nextDueAt)
        .limit(limit)
        .all()
        .map(toCase)
    },

    /** Cases whose next ladder rung is due (indexed on next_rule_at: cost follows what is due). */
    dueForRules(now: number, limit: number): Case[] {
      return dueQ.all({ now, limit }).map(toCase)
    },

    /** Resolved cases nobody rated since `before`. */
    resolvedBefore(before: number, limit: number): Case[] {
      return db
        .select()
        .from(cases)
        .where(and(eq(cases.state, 'resolved'), lte(cases.resolvedAt, before)))
        .limit(limit)
        .all()
        .map(toCase)
    },

    /** Open urgent safety cases since `since` whose community alert has not gone out. */
    urgentUnalerted(since: number, limit: number): Case[] {
      return db
        .select()
        .from(cases)
        .where(
          and(
            inArray(cases.state, OPEN),
            eq(cases.category, 'safety'),
            gte(cases.createdAt, since),
            sql`not exists (select 1 from rule_firings f where f.rule = ${URGENT_ALERT_RULE} and f.subject = ${CASE_SUBJECT_PREFIX} || ${cases.id})`,
          ),
        )
        .limit(limit)
        .all()
        .map(toCase)
    },

    /** The reporter's newest case awaiting a rating in a conversation, resolved since `since`. */
    awaitingRating(reporterId: string, roomId: string | null, since: number): Case[] {
      return db
        .select()
        .from(cases)
        .where(
          and(
            eq(cases.reporterId, reporterId),
            eq(cases.state, 'resolved'),
            gte(cases.resolvedAt, since),
            roomId ? eq(cases.roomId, roomId) : undefined,
          ),
        )
        .orderBy(desc(cases.resolvedAt))
        .limit(5)
        .all()
        .map(toCase)
    },
  }
}
