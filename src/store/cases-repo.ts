import { and, count, desc, eq, gte, inArray, isNull, sql } from 'drizzle-orm'
import type { CasePatch } from '../domain/case-machine.js'
import type { Case, CaseEvent, NewCase } from '../domain/model.js'
import type { CasesRepo } from '../domain/ports.js'
import { ACTIVE_STATES, type Location } from '../domain/types.js'
import type { Db } from './database.js'
import { attachments, caseEvents, cases } from './schema.js'

type Row = typeof cases.$inferSelect

/** Maps a row to a case. */
export function toCase(r: Row): Case {
  const location: Location = {}
  for (const k of ['area', 'building', 'unit', 'room', 'floor', 'road', 'doorNo', 'relation', 'spot'] as const) {
    if (r[k]) location[k] = r[k]!
  }
  return {
    id: r.id,
    gridId: r.gridId,
    communityId: r.communityId,
    streetId: r.streetId,
    roomId: r.roomId,
    reporterId: r.reporterId,
    reporterName: r.reporterName,
    text: r.text,
    category: r.category,
    urgency: r.urgency,
    location,
    locationFromNickname: r.locationFromNickname,
    filedPrivately: r.filedPrivately,
    state: r.state,
    assigneeId: r.assigneeId,
    assigneeName: r.assigneeName,
    level: r.level,
    departmentId: r.departmentId,
    dispatchLevel: r.dispatchLevel,
    supervision: r.supervision,
    handOns: r.handOns,
    createdAt: r.createdAt,
    heldFrom: r.heldFrom,
    heldAt: r.heldAt,
    acceptedAt: r.acceptedAt,
    respondedAt: r.respondedAt,
    resolvedAt: r.resolvedAt,
    closedAt: r.closedAt,
    signForDueAt: r.signForDueAt,
    respondDueAt: r.respondDueAt,
    resolveDueAt: r.resolveDueAt,
    nextDueAt: r.nextDueAt,
    nextRuleAt: r.nextRuleAt,
    signedOnTime: r.signedOnTime,
    resolvedLevel: r.resolvedLevel,
    rating: r.rating,
    ratingScore: r.ratingScore,
    ratedAt: r.ratedAt,
    reopenCount: r.reopenCount,
  }
}

const p = <T extends string>(name: T) => sql.placeholder(name)

/** Cases, their timelines and their attachments. */
export function createCasesRepo(db: Db): CasesRepo {
  const insertEvent = db
    .insert(caseEvents)
    .values({
      caseId: p('caseId'),
      at: p('at'),
      actorId: p('actorId'),
      actorName: p('actorName'),
      kind: p('kind'),
      text: p('text'),
    })
    .prepare()
  const insertCase = db
    .insert(cases)
    .values({
      gridId: p('gridId'),
      communityId: p('communityId'),
      streetId: p('streetId'),
      roomId: p('roomId'),
      reporterId: p('reporterId'),
      reporterName: p('reporterName'),
      text: p('text'),
      category: p('category'),
      urgency: p('urgency'),
      area: p('area'),
      building: p('building'),
      unit: p('unit'),
      room: p('room'),
      floor: p('floor'),
      road: p('road'),
      doorNo: p('doorNo'),
      relation: p('relation'),
      spot: p('spot'),
      locationFromNickname: p('locationFromNickname'),
      filedPrivately: p('filedPrivately'),
      state: 'new',
      level: p('level'),
      assigneeId: p('assigneeId'),
      assigneeName: p('assigneeName'),
      sourceMessageId: p('sourceMessageId'),
      signForDueAt: p('signForDueAt'),
      respondDueAt: p('respondDueAt'),
      resolveDueAt: p('resolveDueAt'),
      nextDueAt: p('nextDueAt'),
      nextRuleAt: p('nextRuleAt'),
      createdAt: p('createdAt'),
      updatedAt: p('createdAt'),
    })
    .returning()
    .prepare()
  const adopt = db
    .update(attachments)
    .set({ caseId: sql`${p('caseId')}` })
    .where(
      and(
        isNull(attachments.caseId),
        eq(attachments.roomId, p('roomId')),
        eq(attachments.senderId, p('senderId')),
        gte(attachments.createdAt, p('since')),
      ),
    )
    .returning({ id: attachments.id })
    .prepare()

  const setLadder = db
    .update(cases)
    .set({ nextRuleAt: sql`${p('nextRuleAt')}`, supervision: sql`${p('supervision')}`, updatedAt: sql`${p('now')}` })
    .where(eq(cases.id, p('id')))
    .prepare()

  function addEvent(caseId: number, e: CaseEvent): void {
    insertEvent.run({ caseId, ...e })
  }

  return {
    addEvent,

    /** Inserts a case in state 待受理 with its 'reported' event; returns it. */
    create(c: NewCase): Case {
      const { location: l, ...rest } = c
      const row = insertCase.get({
        ...rest,
        level: c.level ?? 0,
        filedPrivately: c.filedPrivately ?? false,
        area: l.area ?? null,
        building: l.building ?? null,
        unit: l.unit ?? null,
        room: l.room ?? null,
        floor: l.floor ?? null,
        road: l.road ?? null,
        doorNo: l.doorNo ?? null,
        relation: l.relation ?? null,
        spot: l.spot ?? null,
      })!
      addEvent(row.id, { at: c.createdAt, actorId: c.reporterId, actorName: c.reporterName, kind: 'reported', text: c.text })
      return toCase(row)
    },

    get(id: number): Case | undefined {
      const r = db.select().from(cases).where(eq(cases.id, id)).get()
      return r && toCase(r)
    },

    /** Where the ladder stands: the next rung to look at and what it told the levels above (the rules' hot path). */
    setLadder(id: number, nextRuleAt: number | null, supervision: number, now: number): void {
      setLadder.run({ id, nextRuleAt, supervision, now })
    },

    /** Stores what a transition changed. */
    update(id: number, patch: CasePatch, now: number): void {
      db.update(cases)
        .set({ ...patch, updatedAt: now })
        .where(eq(cases.id, id))
        .run()
    },

    timeline(id: number): CaseEvent[] {
      return db
        .select({
          at: caseEvents.at,
          actorId: caseEvents.actorId,
          actorName: caseEvents.actorName,
          kind: caseEvents.kind,
          text: caseEvents.text,
        })
        .from(caseEvents)
        .where(eq(caseEvents.caseId, id))
        .orderBy(caseEvents.at, caseEvents.id)
        .all()
    },

    /** A reporter's cases, newest first. */
    byReporter(reporterId: string, limit: number): Case[] {
      return db
        .select()
        .from(cases)
        .where(eq(cases.reporterId, reporterId))
        .orderBy(desc(cases.createdAt), desc(cases.id))
        .limit(limit)
        .all()
        .map(toCase)
    },

    countByReporter(reporterId: string): number {
      return db.select({ n: count() }).from(cases).where(eq(cases.reporterId, reporterId)).get()?.n ?? 0
    },

    latestBy(roomId: string | null, reporterId: string, since: number): Case | undefined {
      const r = db
        .select()
        .from(cases)
        .where(
          and(
            roomId === null ? eq(cases.filedPrivately, true) : and(eq(cases.roomId, roomId), eq(cases.filedPrivately, false)),
            eq(cases.reporterId, reporterId),
            gte(cases.createdAt, since),
            inArray(cases.state, [...ACTIVE_STATES]),
          ),
        )
        .orderBy(desc(cases.createdAt), desc(cases.id))
        .get()
      return r && toCase(r)
    },

    /** Records an image message; attached to a case now, or floating until one is filed. */
    addAttachment(a: {
      caseId: number | null
      roomId: string
      senderId: string
      messageId: string
      createdAt: number
    }): number | undefined {
      const r = db.insert(attachments).values(a).onConflictDoNothing().returning({ id: attachments.id }).get()
      return r?.id
    },

    /** Attaches the sender's floating images since `since` to a case; returns their ids. */
    adoptAttachments(caseId: number, roomId: string, senderId: string, since: number): number[] {
      return adopt.all({ caseId, roomId, senderId, since }).map((r) => r.id)
    },

    attachment(id: number) {
      return db.select().from(attachments).where(eq(attachments.id, id)).get()
    },

    /** Attached images not yet downloaded. */
    pendingAttachments() {
      return db
        .select()
        .from(attachments)
        .where(and(eq(attachments.status, 'pending'), inArray(attachments.caseId, db.select({ id: cases.id }).from(cases))))
        .all()
    },

    markAttachment(id: number, result: { status: 'stored'; path: string } | { status: 'failed' | 'pending'; attempts: number }): void {
      db.update(attachments).set(result).where(eq(attachments.id, id)).run()
    },

    attachmentsOf(caseId: number) {
      return db.select().from(attachments).where(eq(attachments.caseId, caseId)).all()
    },
  }
}
