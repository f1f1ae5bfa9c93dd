import { and, asc, count, eq, isNotNull, notInArray, sql } from 'drizzle-orm'
import type { AccountRecord, AccountsRepo } from '../domain/ports.js'
import type { Db } from './database.js'
import { accounts, grids, groups } from './schema.js'

/** The WeChat accounts the bot runs as, and which one answers each group. */
export function createAccountsRepo(db: Db): AccountsRepo {
  const ownerQ = db
    .select({ account: groups.account })
    .from(groups)
    .where(eq(groups.roomId, sql.placeholder('roomId')))
    .prepare()
  // The owner while healthy and logged in (a dead stream hears nothing); else the first such account of ours present
  // in the group (standbys last).
  const answererQ = db
    .select({
      name: sql<string | null>`coalesce(
        (select a.name from groups g join accounts a on a.name = g.account and a.healthy = 1 and a.logged_in = 1
          where g.room_id = ${sql.placeholder('roomId')}),
        (select a.name from members m join accounts a on a.contact_id = m.contact_id and a.healthy = 1 and a.logged_in = 1
          where m.room_id = ${sql.placeholder('roomId')} and m.present = 1 order by a.standby, a.position limit 1))`,
    })
    .from(sql`(select 1)`)
    .prepare()
  // The room branch of the outbox's ROUTE: the owner while healthy, else the first healthy account of ours in it.
  const senderQ = db
    .select({
      name: sql<string | null>`coalesce(
        (select a.name from groups g join accounts a on a.name = g.account and a.healthy = 1 where g.room_id = ${sql.placeholder('roomId')}),
        (select a.name from members m join accounts a on a.contact_id = m.contact_id and a.healthy = 1
          where m.room_id = ${sql.placeholder('roomId')} and m.present = 1 order by a.standby, a.position limit 1))`,
    })
    .from(sql`(select 1)`)
    .prepare()
  const set = (name: string, patch: Partial<typeof accounts.$inferInsert>, now: number) =>
    db
      .update(accounts)
      .set({ ...patch, updatedAt: now })
      .where(eq(accounts.name, name))
      .run()
  return {
    register(list, now) {
      db.transaction(() => {
        list.forEach((a, position) =>
          db
            .insert(accounts)
            .values({ name: a.name, position, standby: a.standby, updatedAt: now })
            .onConflictDoUpdate({ target: accounts.name, set: { position, standby: a.standby, loggedIn: false, updatedAt: now } })
            .run(),
        )
        const names = list.map((a) => a.name)
        db.delete(accounts).where(notInArray(accounts.name, names)).run()
        // A group owned by an account that is gone is claimed again by the next one of ours to see it.
        db.update(groups)
          .set({ account: null })
          .where(and(isNotNull(groups.account), notInArray(groups.account, names)))
          .run()
      })
    },
    loggedIn: (name, contactId, now) => void set(name, { contactId, loggedIn: true, lastLoginAt: now }, now),
    loggedOut: (name, now) => void set(name, { loggedIn: false }, now),
    sent: (name, now) => void set(name, { lastSentAt: now }, now),
    failed: (name, now) => void set(name, { lastFailedAt: now }, now),
    setHealthy: (name, healthy, now) => void set(name, { healthy }, now),
    all: () => db.select().from(accounts).orderBy(asc(accounts.position)).all() as AccountRecord[],
    contactIds: () =>
      new Set(
        db
          .select({ id: accounts.contactId })
          .from(accounts)
          .where(isNotNull(accounts.contactId))
          .all()
          .map((r) => r.id!),
      ),
    ownerOf: (roomId) => ownerQ.get({ roomId })?.account ?? undefined,
    senderOf: (roomId) => senderQ.get({ roomId })?.name ?? undefined,
    answererOf: (roomId) => answererQ.get({ roomId })?.name ?? undefined,
    claim(roomId, name, now, force = false) {
      // Unforced, the first listed account of ours in the group owns it: one listed earlier takes it over from an
      // owner that only got it by being there first; never from one an admin's #绑定… named.
      const mine = sql`(select position from accounts where name = ${name})`
      const unowned = force
        ? sql`(${groups.account} is not ${name} or ${groups.accountBound} = 0)`
        : sql`(${groups.account} is null or (${groups.accountBound} = 0 and ${groups.account} is not ${name}
            and coalesce((select position from accounts where name = ${groups.account}), 1e9) > coalesce(${mine}, 1e9)))`
      return (
        db
          .update(groups)
          .set({ account: name, accountBound: force, updatedAt: now })
          .where(and(eq(groups.roomId, roomId), unowned))
          .run().changes > 0
      )
    },
    communitiesOf(account) {
      const rows = db
        .select({ roomId: groups.roomId, communityId: sql<number | null>`coalesce(${grids.communityId}, ${groups.communityId})` })
        .from(groups)
        .leftJoin(grids, eq(grids.id, groups.gridId))
        .where(eq(groups.account, account))
        .all()
      const by = new Map<number, string[]>()
      for (const r of rows) if (r.communityId !== null) by.set(r.communityId, [...(by.get(r.communityId) ?? []), r.roomId])
      return [...by].map(([communityId, roomIds]) => ({ communityId, roomIds }))
    },
    ownedCounts() {
      const rows = db
        .select({ account: groups.account, n: count() })
        .from(groups)
        .where(isNotNull(groups.account))
        .groupBy(groups.account)
        .all()
      return new Map(rows.map((r) => [r.account!, r.n]))
    },
  }
}
