import { and, asc, eq, gte, inArray, isNotNull, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm'
import type { StaffScope } from '../domain/case-machine.js'
import type { Elder, ElderDay, ElderStats } from '../domain/model.js'
import type { EldersRepo } from '../domain/ports.js'
import type { Db } from './database.js'
import { communities, elderDays, elderEvents, elderFamily, elders, grids } from './schema.js'

function scopeCondition(scope: StaffScope): SQL | undefined {
  if (scope.all) return undefined
  const parts = [
    scope.gridIds.length ? inArray(elders.gridId, scope.gridIds) : undefined,
    scope.communityIds.length ? inArray(elders.communityId, scope.communityIds) : undefined,
    scope.streetIds.length ? inArray(elders.streetId, scope.streetIds) : undefined,
  ].filter((p): p is SQL => p !== undefined)
  return parts.length ? or(...parts) : sql`0`
}

const active = isNull(elders.stoppedAt)

const toElder = (r: typeof elders.$inferSelect): Elder => ({
  id: r.id,
  contactId: r.contactId,
  name: r.name,
  call: r.call,
  nickname: r.nickname,
  place: r.place,
  gridId: r.gridId,
  communityId: r.communityId,
  streetId: r.streetId,
  roomId: r.roomId,
  checkBy: r.checkBy,
  tier: r.tier,
  awayFrom: r.awayFrom,
  awayTo: r.awayTo,
  day: r.day,
  nextAt: r.nextAt,
  since: r.since,
  createdAt: r.createdAt,
  createdById: r.createdById,
  createdByName: r.createdByName,
  stoppedAt: r.stoppedAt,
})

/** Elders looked after, their family, daily checks and timelines. */
export function createEldersRepo(db: Db): EldersRepo {
  const byContactQ = db
    .select()
    .from(elders)
    .where(and(eq(elders.contactId, sql.placeholder('contactId')), active))
    .prepare()
  const dayQ = db
    .select()
    .from(elderDays)
    .where(and(eq(elderDays.elderId, sql.placeholder('elderId')), eq(elderDays.day, sql.placeholder('day'))))
    .prepare()
  const getQ = db
    .select()
    .from(elders)
    .where(eq(elders.id, sql.placeholder('id')))
    .prepare()
  const get = (id: number) => {
    const r = getQ.get({ id })
    return r ? toElder(r) : undefined
  }
  // The rule's hot path, per elder and day: prepared once (building a query costs more than running it).
  const ensureDayQ = db
    .insert(elderDays)
    .values({ elderId: sql.placeholder('elderId'), day: sql.placeholder('day'), dueAt: sql.placeholder('dueAt') })
    .onConflictDoNothing()
    .prepare()
  const setNextQ = db
    .update(elders)
    .set({ day: sql.placeholder('day') as unknown as string, nextAt: sql.placeholder('nextAt') as unknown as number })
    .where(eq(elders.id, sql.placeholder('id')))
    .prepare()
  const dueInQ = db
    .select()
    .from(elders)
    .where(
      and(eq(elders.communityId, sql.placeholder('communityId')), isNotNull(elders.nextAt), lte(elders.nextAt, sql.placeholder('now'))),
    )
    .orderBy(asc(elders.nextAt), asc(elders.id))
    .prepare()
  const openChasesQ = db
    .select()
    .from(elderDays)
    .where(and(eq(elderDays.elderId, sql.placeholder('elderId')), isNotNull(elderDays.missedAt), isNull(elderDays.endedAt)))
    .orderBy(asc(elderDays.day))
    .prepare()
  const familyQ = db
    .select({ contactId: elderFamily.contactId, name: elderFamily.name })
    .from(elderFamily)
    .where(eq(elderFamily.elderId, sql.placeholder('elderId')))
    .orderBy(asc(elderFamily.addedAt))
    .prepare()
  const addEventQ = db
    .insert(elderEvents)
    .values({
      elderId: sql.placeholder('elderId'),
      at: sql.placeholder('at'),
      actorId: sql.placeholder('actorId'),
      actorName: sql.placeholder('actorName'),
      kind: sql.placeholder('kind'),
      text: sql.placeholder('text'),
    })
    .prepare()
  /** An update of a day's row, prepared once per set of columns changed. */
  const updateDayQs = new Map<string, { run(values: Record<string, unknown>): unknown }>()
  const updateDayQ = (keys: string[]) => {
    const key = keys.join(',')
    let q = updateDayQs.get(key)
    if (!q) {
      q = db
        .update(elderDays)
        .set(Object.fromEntries(keys.map((k) => [k, sql.placeholder(k)])))
        .where(and(eq(elderDays.elderId, sql.placeholder('_elderId')), eq(elderDays.day, sql.placeholder('_day'))))
        .prepare()
      updateDayQs.set(key, q)
    }
    return q
  }
  const day = (elderId: number, d: string): ElderDay | undefined => dayQ.get({ elderId, day: d })
  const count = (cond: SQL) => sql<number>`coalesce(sum(case when ${cond} then 1 else 0 end), 0)`

  return {
    upsert(e, schedule, by, now) {
      const existing = db.select().from(elders).where(eq(elders.contactId, e.contactId)).get()
      const fields = {
        name: e.name,
        nickname: e.nickname,
        place: e.place,
        gridId: e.gridId,
        communityId: e.communityId,
        streetId: e.streetId,
        roomId: e.roomId,
        checkBy: e.checkBy,
        tier: e.tier,
        day: schedule.day,
        nextAt: schedule.nextAt,
        updatedAt: now,
        ...(e.call !== undefined ? { call: e.call } : {}),
      }
      if (!existing) {
        const row = db
          .insert(elders)
          .values({ ...fields, contactId: e.contactId, since: now, createdAt: now, createdById: by.id, createdByName: by.name })
          .returning()
          .get()
        return { elder: toElder(row), created: true }
      }
      const restart = existing.stoppedAt !== null
      db.update(elders)
        .set({
          ...fields,
          ...(restart
            ? { since: now, createdAt: now, createdById: by.id, createdByName: by.name, stoppedAt: null, awayFrom: null, awayTo: null }
            : {}),
        })
        .where(eq(elders.id, existing.id))
        .run()
      return { elder: get(existing.id)!, created: restart }
    },

    get,
    byContact: (contactId) => {
      const r = byContactQ.get({ contactId })
      return r ? toElder(r) : undefined
    },
    inScope: (scope) =>
      db
        .select()
        .from(elders)
        .where(and(active, scopeCondition(scope)))
        .orderBy(asc(elders.gridId), asc(elders.name), asc(elders.id))
        .all()
        .map(toElder),
    inGrid: (gridId) =>
      db
        .select()
        .from(elders)
        .where(and(active, eq(elders.gridId, gridId)))
        .orderBy(asc(elders.name))
        .all()
        .map(toElder),
    all: () =>
      db.select().from(elders).orderBy(asc(elders.communityId), asc(elders.gridId), asc(elders.name), asc(elders.id)).all().map(toElder),
    stop: (id, now) => void db.update(elders).set({ stoppedAt: now, nextAt: null, updatedAt: now }).where(eq(elders.id, id)).run(),
    setAway: (id, from, to) => void db.update(elders).set({ awayFrom: from, awayTo: to }).where(eq(elders.id, id)).run(),
    setCall: (id, call) => void db.update(elders).set({ call }).where(eq(elders.id, id)).run(),
    setNext: (id, d, nextAt) => void setNextQ.run({ id, day: d, nextAt }),
    dueCommunities: (now) =>
      db
        .selectDistinct({ id: elders.communityId })
        .from(elders)
        .where(and(isNotNull(elders.nextAt), lte(elders.nextAt, now)))
        .all()
        .map((r) => r.id),
    dueIn: (communityId, now) => dueInQ.all({ communityId, now }).map(toElder),

    addFamily: (elderId, m, byId, now) =>
      db
        .insert(elderFamily)
        .values({ elderId, contactId: m.contactId, name: m.name, addedById: byId, addedAt: now })
        .onConflictDoNothing()
        .run().changes === 1,
    family: (elderId) => familyQ.all({ elderId }),
    eldersOfFamily: (contactId) =>
      db
        .select({ e: elders })
        .from(elderFamily)
        .innerJoin(elders, eq(elders.id, elderFamily.elderId))
        .where(and(eq(elderFamily.contactId, contactId), active))
        .orderBy(asc(elders.name))
        .all()
        .map((r) => toElder(r.e)),

    day,
    ensureDay(elderId, d, dueAt) {
      return day(elderId, d) ?? (ensureDayQ.run({ elderId, day: d, dueAt }), day(elderId, d)!)
    },
    updateDay(elderId, d, patch) {
      const keys = Object.keys(patch).sort()
      if (keys.length) updateDayQ(keys).run({ ...patch, _elderId: elderId, _day: d })
    },
    openChases: (elderId) => openChasesQ.all({ elderId }),
    days: (elderIds, fromDay, toDay) =>
      elderIds.length === 0
        ? []
        : db
            .select()
            .from(elderDays)
            .where(and(inArray(elderDays.elderId, elderIds), gte(elderDays.day, fromDay), lte(elderDays.day, toDay)))
            .orderBy(asc(elderDays.elderId), asc(elderDays.day))
            .all(),

    addEvent: (elderId, e) => void addEventQ.run({ elderId, ...e }),
    events: (elderId) =>
      db
        .select({
          at: elderEvents.at,
          actorId: elderEvents.actorId,
          actorName: elderEvents.actorName,
          kind: elderEvents.kind,
          text: elderEvents.text,
        })
        .from(elderEvents)
        .where(eq(elderEvents.elderId, elderId))
        .orderBy(asc(elderEvents.at), asc(elderEvents.id))
        .all(),

    stats(scope, from, to, now): ElderStats[] {
      const inPeriod = (col: typeof elderDays.dueAt | typeof elderDays.missedAt) => sql`(${col} >= ${from} and ${col} < ${to})`
      // Judged: due in the period and by now, not away or unchecked, and not seen by a visit before the time.
      const judged = sql`${inPeriod(elderDays.dueAt)} and ${elderDays.dueAt} <= ${now} and ${elderDays.outcome} is null and not (${elderDays.signedAt} is null and ${elderDays.visitedAt} <= ${elderDays.dueAt})`
      const perGrid = db
        .select({
          gridId: elders.gridId,
          judged: count(judged),
          onTime: count(sql`${judged} and ${elderDays.signedAt} <= ${elderDays.dueAt}`),
          chases: count(inPeriod(elderDays.missedAt)),
          escalations: count(sql`(${elderDays.escalatedAt} >= ${from} and ${elderDays.escalatedAt} < ${to})`),
        })
        .from(elderDays)
        .innerJoin(elders, eq(elders.id, elderDays.elderId))
        .where(
          and(
            scopeCondition(scope),
            or(
              inPeriod(elderDays.dueAt),
              inPeriod(elderDays.missedAt),
              sql`(${elderDays.escalatedAt} >= ${from} and ${elderDays.escalatedAt} < ${to})`,
            ),
          ),
        )
        .groupBy(elders.gridId)
        .all()
      const byGrid = new Map(perGrid.map((r) => [r.gridId, r]))
      // Visits are counted from the timeline: a routine visit on a day the check does not cover has no row.
      const visitRows = db
        .select({ gridId: elders.gridId, n: sql<number>`count(*)` })
        .from(elderEvents)
        .innerJoin(elders, eq(elders.id, elderEvents.elderId))
        .where(and(eq(elderEvents.kind, 'visited'), gte(elderEvents.at, from), lt(elderEvents.at, to), scopeCondition(scope)))
        .groupBy(elders.gridId)
        .all()
      const visits = new Map(visitRows.map((r) => [r.gridId, r.n]))
      const looked = db
        .select({ gridId: elders.gridId, n: sql<number>`count(*)` })
        .from(elders)
        .where(and(active, scopeCondition(scope)))
        .groupBy(elders.gridId)
        .all()
      const counts = new Map(looked.map((r) => [r.gridId, r.n]))
      const ids = [...new Set([...byGrid.keys(), ...counts.keys(), ...visits.keys()])]
      if (ids.length === 0) return []
      return db
        .select({ gridId: grids.id, gridName: grids.name, communityId: communities.id, communityName: communities.name })
        .from(grids)
        .innerJoin(communities, eq(communities.id, grids.communityId))
        .where(inArray(grids.id, ids))
        .orderBy(communities.name, grids.name)
        .all()
        .map((g) => {
          const r = byGrid.get(g.gridId)
          return {
            ...g,
            elders: counts.get(g.gridId) ?? 0,
            judged: r?.judged ?? 0,
            onTime: r?.onTime ?? 0,
            chases: r?.chases ?? 0,
            visits: visits.get(g.gridId) ?? 0,
            escalations: r?.escalations ?? 0,
          }
        })
    },

    escalatedBetween: (scope, from, to) =>
      db
        .select({ e: elders, d: elderDays })
        .from(elderDays)
        .innerJoin(elders, eq(elders.id, elderDays.elderId))
        .where(and(gte(elderDays.escalatedAt, from), lt(elderDays.escalatedAt, to), scopeCondition(scope)))
        .orderBy(asc(elderDays.escalatedAt))
        .all()
        .map((r) => ({ elder: toElder(r.e), day: r.d })),
  }
}
