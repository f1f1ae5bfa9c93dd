import { and, desc, eq, isNull, sql } from 'drizzle-orm'
import type { StaffScope } from '../domain/case-machine.js'
import type { DepartmentStats, Dispatch, NewDispatch } from '../domain/model.js'
import type { DispatchesRepo } from '../domain/ports.js'
import { scopeCondition } from './case-queries.js'
import type { Db } from './database.js'
import { cases, departments, dispatches } from './schema.js'

/** Dispatches of cases to departments: how each department responded and was rated. */
export function createDispatchesRepo(db: Db): DispatchesRepo {
  const latestQ = db
    .select()
    .from(dispatches)
    .where(eq(dispatches.caseId, sql.placeholder('caseId')))
    .orderBy(desc(dispatches.id))
    .limit(1)
    .prepare()
  return {
    create(d: NewDispatch): number {
      return db.insert(dispatches).values(d).returning({ id: dispatches.id }).get().id
    },

    /** The case's latest dispatch, if it has not ended (returned or dispatched elsewhere). */
    current(caseId: number): Dispatch | undefined {
      const d = latestQ.get({ caseId })
      return d && d.endedAt === null ? d : undefined
    },

    update(id: number, patch: Partial<Omit<Dispatch, 'id' | 'caseId'>>): void {
      db.update(dispatches).set(patch).where(eq(dispatches.id, id)).run()
    },

    /** Marks the first response of the case's current dispatch (a later one changes nothing). */
    responded(caseId: number, now: number): void {
      db.update(dispatches)
        .set({ respondedAt: now })
        .where(and(eq(dispatches.caseId, caseId), isNull(dispatches.endedAt), isNull(dispatches.respondedAt)))
        .run()
    },

    stats(scope: StaffScope, from: number, to: number, now: number): DepartmentStats[] {
      const rows = db
        .select({ d: dispatches, name: departments.name })
        .from(dispatches)
        .innerJoin(departments, eq(departments.id, dispatches.departmentId))
        .innerJoin(cases, eq(cases.id, dispatches.caseId))
        .where(and(scopeCondition(scope), sql`${dispatches.at} >= ${from} and ${dispatches.at} < ${to}`))
        .orderBy(departments.name, dispatches.id)
        .all()
      const byDepartment = new Map<number, DepartmentStats>()
      for (const { d, name } of rows) {
        const s = byDepartment.get(d.departmentId) ?? {
          departmentId: d.departmentId,
          name,
          received: 0,
          responseMinutes: [],
          respondedOnTime: 0,
          respondDecided: 0,
          resolved: 0,
          resolveDecided: 0,
          staffSatisfied: 0,
          staffRated: 0,
          reporterSatisfied: 0,
          reporterRated: 0,
        }
        byDepartment.set(d.departmentId, s)
        s.received++
        if (d.respondedAt !== null) s.responseMinutes.push((d.respondedAt - d.at) / 60_000)
        // 响应率: responded by the sign-for deadline, of those that responded or whose deadline has passed.
        const respondDue = d.respondDueAt ?? Infinity
        if (d.respondedAt !== null || respondDue <= now || d.endedAt !== null) s.respondDecided++
        if (d.respondedAt !== null && d.respondedAt <= respondDue) s.respondedOnTime++
        // 解决率: resolved, of those resolved, handed back or past their resolve deadline.
        if (d.resolvedAt !== null) s.resolved++
        if (d.resolvedAt !== null || d.endedAt !== null || (d.resolveDueAt ?? Infinity) <= now) s.resolveDecided++
        if (d.staffRating) {
          s.staffRated++
          if (d.staffRating !== 'unsatisfied') s.staffSatisfied++
        }
        if (d.reporterRating) {
          s.reporterRated++
          if (d.reporterRating !== 'unsatisfied') s.reporterSatisfied++
        }
      }
      return [...byDepartment.values()]
    },
  }
}
