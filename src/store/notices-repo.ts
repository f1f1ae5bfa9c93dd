import { and, asc, desc, eq, gte, isNotNull, isNull, lte, sql } from 'drizzle-orm'
import type { NewNotice, Notice, Recipient } from '../domain/model.js'
import type { NoticesRepo } from '../domain/ports.js'
import type { AckMethod } from '../domain/types.js'
import type { Db } from './database.js'
import { grids, noticeRecipients, noticeRooms, notices } from './schema.js'

/** Notices, the groups they went to, and who acknowledged them. */
export function createNoticesRepo(db: Db): NoticesRepo {
  const byId = db
    .select()
    .from(notices)
    .where(eq(notices.id, sql.placeholder('id')))
    .prepare()
  const roomsOf = db
    .select({ roomId: noticeRooms.roomId, gridId: noticeRooms.gridId, gridName: grids.name })
    .from(noticeRooms)
    .innerJoin(grids, eq(grids.id, noticeRooms.gridId))
    .where(eq(noticeRooms.noticeId, sql.placeholder('id')))
    .orderBy(asc(grids.id))
    .prepare()
  const pendingQ = db
    .select({ contactId: noticeRecipients.contactId, roomId: noticeRecipients.roomId, name: noticeRecipients.name })
    .from(noticeRecipients)
    .where(and(eq(noticeRecipients.noticeId, sql.placeholder('id')), isNull(noticeRecipients.ackedAt), isNull(noticeRecipients.leftAt)))
    .orderBy(asc(noticeRecipients.roomId), asc(noticeRecipients.name))
    .prepare()
  const countsQ = db
    .select({
      total: sql<number>`count(*)`,
      acked: sql<number>`count(${noticeRecipients.ackedAt})`,
    })
    .from(noticeRecipients)
    .where(and(eq(noticeRecipients.noticeId, sql.placeholder('id')), isNull(noticeRecipients.leftAt)))
    .prepare()
  // The newest notice this member still owes an acknowledgement in this group.
  const owedQ = db
    .select({ noticeId: noticeRecipients.noticeId })
    .from(noticeRecipients)
    .innerJoin(notices, eq(notices.id, noticeRecipients.noticeId))
    .where(
      and(
        eq(noticeRecipients.contactId, sql.placeholder('contactId')),
        eq(noticeRecipients.roomId, sql.placeholder('roomId')),
        isNull(noticeRecipients.ackedAt),
        isNull(noticeRecipients.leftAt),
        gte(notices.createdAt, sql.placeholder('since')),
      ),
    )
    .orderBy(desc(noticeRecipients.noticeId))
    .limit(1)
    .prepare()
  const ackQ = db
    .update(noticeRecipients)
    .set({
      ackedAt: sql`${sql.placeholder('at')}`,
      ackHow: sql`${sql.placeholder('how')}`,
      ackText: sql`${sql.placeholder('text')}`,
      ackById: sql`${sql.placeholder('byId')}`,
    })
    .where(
      and(
        eq(noticeRecipients.noticeId, sql.placeholder('noticeId')),
        eq(noticeRecipients.contactId, sql.placeholder('contactId')),
        isNull(noticeRecipients.ackedAt),
      ),
    )
    .prepare()
  const insertRecipient = db
    .insert(noticeRecipients)
    .values({
      noticeId: sql.placeholder('noticeId'),
      contactId: sql.placeholder('contactId'),
      roomId: sql.placeholder('roomId'),
      name: sql.placeholder('name'),
    })
    .onConflictDoNothing()
    .prepare()

  function toNotice(r: typeof notices.$inferSelect | undefined): Notice | undefined {
    return r && { ...r, rooms: roomsOf.all({ id: r.id }) }
  }

  return {
    /** Stores a notice with its groups and recipients; returns its number. */
    create(
      n: NewNotice,
      rooms: { roomId: string; gridId: number }[],
      recipients: { contactId: string; roomId: string; name: string }[],
    ): number {
      const id = db.insert(notices).values(n).returning({ id: notices.id }).get().id
      for (const r of rooms)
        db.insert(noticeRooms)
          .values({ noticeId: id, ...r })
          .run()
      for (const r of recipients) insertRecipient.run({ noticeId: id, ...r })
      return id
    },

    get(id: number): Notice | undefined {
      return toNotice(byId.get({ id }))
    },

    /** The newest notice posted to, or sent from, this group. */
    latestInRoom(roomId: string): Notice | undefined {
      const posted = db
        .select({ id: noticeRooms.noticeId })
        .from(noticeRooms)
        .where(eq(noticeRooms.roomId, roomId))
        .orderBy(desc(noticeRooms.noticeId))
        .limit(1)
        .get()
      const sent = db
        .select({ id: notices.id })
        .from(notices)
        .where(eq(notices.sourceRoomId, roomId))
        .orderBy(desc(notices.id))
        .limit(1)
        .get()
      const id = Math.max(posted?.id ?? 0, sent?.id ?? 0)
      return id ? this.get(id) : undefined
    },

    /** The newest notice by this author. */
    latestByAuthor(authorId: string): Notice | undefined {
      const r = db.select({ id: notices.id }).from(notices).where(eq(notices.authorId, authorId)).orderBy(desc(notices.id)).limit(1).get()
      return r ? this.get(r.id) : undefined
    },

    /** Notices posted to this group since `since`, newest first (to match a quote). */
    postedInRoomSince(roomId: string, since: number): Pick<Notice, 'id' | 'text'>[] {
      return db
        .select({ id: notices.id, text: notices.text })
        .from(noticeRooms)
        .innerJoin(notices, eq(notices.id, noticeRooms.noticeId))
        .where(and(eq(noticeRooms.roomId, roomId), gte(notices.createdAt, since)))
        .orderBy(desc(notices.id))
        .all()
    },

    /** The newest notices, newest first (the sandbox's notice board). */
    recent(limit: number): Notice[] {
      return db
        .select()
        .from(notices)
        .orderBy(desc(notices.id))
        .limit(limit)
        .all()
        .map((r) => toNotice(r)!)
    },

    /** Open notices whose next step is due. */
    due(now: number, limit: number): Notice[] {
      return db
        .select()
        .from(notices)
        .where(and(isNotNull(notices.nextAt), lte(notices.nextAt, now)))
        .orderBy(asc(notices.nextAt))
        .limit(limit)
        .all()
        .map((r) => toNotice(r)!)
    },

    /** Groups of the notices that are due by `now` (their rosters are re-read before a round). */
    roomsDue(now: number): string[] {
      return db
        .selectDistinct({ roomId: noticeRooms.roomId })
        .from(notices)
        .innerJoin(noticeRooms, eq(noticeRooms.noticeId, notices.id))
        .where(and(isNotNull(notices.nextAt), lte(notices.nextAt, now)))
        .all()
        .map((r) => r.roomId)
    },

    update(id: number, patch: Partial<Pick<Notice, 'rounds' | 'lastRemindAt' | 'nextAt' | 'closedAt' | 'closeReason'>>): void {
      db.update(notices).set(patch).where(eq(notices.id, id)).run()
    },

    /** Everyone who must acknowledge, in the order of the groups then names. */
    recipients(noticeId: number): Recipient[] {
      return db
        .select({
          contactId: noticeRecipients.contactId,
          roomId: noticeRecipients.roomId,
          name: noticeRecipients.name,
          ackedAt: noticeRecipients.ackedAt,
          ackHow: noticeRecipients.ackHow,
          ackText: noticeRecipients.ackText,
          ackById: noticeRecipients.ackById,
          leftAt: noticeRecipients.leftAt,
          doorNo: noticeRecipients.doorNo,
        })
        .from(noticeRecipients)
        .where(eq(noticeRecipients.noticeId, noticeId))
        .orderBy(asc(noticeRecipients.roomId), asc(noticeRecipients.name))
        .all()
    },

    recipient(noticeId: number, contactId: string): Recipient | undefined {
      return db
        .select()
        .from(noticeRecipients)
        .where(and(eq(noticeRecipients.noticeId, noticeId), eq(noticeRecipients.contactId, contactId)))
        .get()
    },

    /** Numbers the lines of the door-knocking list: each member's number, kept for #代确认 <通知编号> 1 3. */
    setDoorNumbers(noticeId: number, numbers: { contactId: string; doorNo: number }[]): void {
      for (const n of numbers)
        db.update(noticeRecipients)
          .set({ doorNo: n.doorNo })
          .where(and(eq(noticeRecipients.noticeId, noticeId), eq(noticeRecipients.contactId, n.contactId)))
          .run()
    },

    /** Who still owes an acknowledgement (present, not acknowledged). */
    pending(noticeId: number): { contactId: string; roomId: string; name: string }[] {
      return pendingQ.all({ id: noticeId })
    },

    /** Acknowledged and total, not counting members who left. */
    counts(noticeId: number): { acked: number; total: number } {
      const r = countsQ.get({ id: noticeId })
      return { acked: r?.acked ?? 0, total: r?.total ?? 0 }
    },

    /** The newest notice since `since` this member has not acknowledged in this group. */
    owed(contactId: string, roomId: string, since: number): number | undefined {
      return owedQ.get({ contactId, roomId, since })?.noticeId
    },

    /** Records an acknowledgement; false when the member had acknowledged already or is not a recipient. */
    ack(noticeId: number, contactId: string, a: { at: number; how: AckMethod; text: string; byId: string | null }): boolean {
      return ackQ.run({ noticeId, contactId, at: a.at, how: a.how, text: a.text.slice(0, 200), byId: a.byId }).changes === 1
    },

    /** Brings recipients in line with a group's roster: those gone are dropped, nicknames refreshed. */
    reconcile(noticeId: number, roomId: string, present: Map<string, string>, now: number): void {
      const rows = db
        .select({ contactId: noticeRecipients.contactId, name: noticeRecipients.name })
        .from(noticeRecipients)
        .where(and(eq(noticeRecipients.noticeId, noticeId), eq(noticeRecipients.roomId, roomId), isNull(noticeRecipients.leftAt)))
        .all()
      for (const r of rows) {
        const name = present.get(r.contactId)
        const where = and(eq(noticeRecipients.noticeId, noticeId), eq(noticeRecipients.contactId, r.contactId))
        if (name === undefined) db.update(noticeRecipients).set({ leftAt: now }).where(where).run()
        else if (name !== r.name) db.update(noticeRecipients).set({ name }).where(where).run()
      }
    },
  }
}
