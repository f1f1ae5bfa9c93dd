import { and, eq, or, sql } from 'drizzle-orm'
import type { Member, RosterEntry } from '../domain/model.js'
import type { MembersRepo } from '../domain/ports.js'
import type { Db } from './database.js'
import { members } from './schema.js'

/** Group rosters with parsed nicknames. */
export function createMembersRepo(db: Db): MembersRepo {
  const listPresent = db
    .select()
    .from(members)
    .where(and(eq(members.roomId, sql.placeholder('roomId')), eq(members.present, true)))
    .prepare()
  const upsertOne = db
    .insert(members)
    .values({
      roomId: sql.placeholder('roomId'),
      contactId: sql.placeholder('contactId'),
      nickname: sql.placeholder('nickname'),
      name: sql.placeholder('name'),
      building: sql.placeholder('building'),
      unit: sql.placeholder('unit'),
      room: sql.placeholder('room'),
      present: true,
      updatedAt: sql.placeholder('updatedAt'),
    })
    .onConflictDoUpdate({
      target: [members.roomId, members.contactId],
      set: {
        nickname: sql`excluded.nickname`,
        name: sql`excluded.name`,
        building: sql`excluded.building`,
        unit: sql`excluded.unit`,
        room: sql`excluded.room`,
        present: true,
        updatedAt: sql`excluded.updated_at`,
      },
    })
    .prepare()
  const getOne = db
    .select()
    .from(members)
    .where(and(eq(members.roomId, sql.placeholder('roomId')), eq(members.contactId, sql.placeholder('contactId'))))
    .prepare()

  // Routing asks it for every new case's handler: prepared once.
  const roomsOfQ = db
    .select({ roomId: members.roomId })
    .from(members)
    .where(and(eq(members.contactId, sql.placeholder('contactId')), eq(members.present, true)))
    .prepare()

  function row(roomId: string, e: RosterEntry, now: number) {
    return {
      roomId,
      contactId: e.contactId,
      nickname: e.nickname,
      name: e.name,
      building: e.building ?? null,
      unit: e.unit ?? null,
      room: e.room ?? null,
      present: true,
      updatedAt: now,
    }
  }

  function upsert(roomId: string, e: RosterEntry, now: number): void {
    upsertOne.run(row(roomId, e, now))
  }

  return {
    upsert,

    /** Replaces a group's roster: the listed members are present, everyone else has left. Call inside a transaction. */
    replaceRoster(roomId: string, entries: RosterEntry[], now: number): void {
      db.update(members).set({ present: false }).where(eq(members.roomId, roomId)).run()
      for (const e of entries) upsert(roomId, e, now)
    },

    markLeft(roomId: string, contactIds: string[], now: number): void {
      for (const contactId of contactIds) {
        db.update(members)
          .set({ present: false, updatedAt: now })
          .where(and(eq(members.roomId, roomId), eq(members.contactId, contactId)))
          .run()
      }
    },

    get(roomId: string, contactId: string): Member | undefined {
      return toMember(getOne.get({ roomId, contactId }))
    },

    list(roomId: string): Member[] {
      return listPresent.all({ roomId }).map((r) => toMember(r)!)
    },

    byName(name: string): Member[] {
      return db
        .select()
        .from(members)
        .where(and(eq(members.present, true), or(eq(members.name, name), sql`instr(${members.nickname}, ${name}) > 0`)))
        .all()
        .map((r) => toMember(r)!)
    },

    byPlace(place: { building: string; unit?: string; room: string }): Member[] {
      return db
        .select()
        .from(members)
        .where(
          and(
            eq(members.present, true),
            eq(members.building, place.building),
            eq(members.room, place.room),
            place.unit ? eq(members.unit, place.unit) : undefined,
          ),
        )
        .all()
        .map((r) => toMember(r)!)
    },

    /** Groups a contact is present in. */
    roomsOf(contactId: string): string[] {
      return roomsOfQ.all({ contactId }).map((r) => r.roomId)
    },
  }
}

function toMember(r: typeof members.$inferSelect | undefined): Member | undefined {
  if (!r) return undefined
  return {
    roomId: r.roomId,
    contactId: r.contactId,
    nickname: r.nickname,
    name: r.name,
    present: r.present,
    ...(r.building ? { building: r.building } : {}),
    ...(r.unit ? { unit: r.unit } : {}),
    ...(r.room ? { room: r.room } : {}),
  }
}
