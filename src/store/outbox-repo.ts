import { and, asc, count, eq, getTableColumns, gt, inArray, lt, lte, sql, type SQL } from 'drizzle-orm'
import { PUSH_RANK_AGE_MS } from '../domain/outgoing.js'
import type { OutboxItem, OutboxRow, Priority } from '../domain/model.js'
import type { OutboxRepo, SendingAccount } from '../domain/ports.js'
import type { Db } from './database.js'
import { attachments, outbox } from './schema.js'

const PRIORITIES: readonly Priority[] = ['urgent', 'reply', 'push']

/** Who takes turns: the conversation, or for a reply in a group, the group and the member it answers. */
const laneOf = (o: OutboxItem) => (o.answers ? `${o.conversationId}/${o.answers}` : o.conversationId)
const inClass = (status: 'queued' | 'sent', priority: unknown) => sql`${outbox.status} = ${status} and ${outbox.priority} = ${priority}`
const queuedIn = (priority: unknown) => inClass('queued', priority)
const CLASS = sql.placeholder('priority')

/**
 * A new row's turn (start-time fair queuing): one after its lane's last queued row in the class, but not
 * before the turn the class last sent. A lane with 500 rows queued holds the next 500 turns; a lane with
 * nothing queued starts at the turn just sent, so its first row goes next, before the rounds still waiting
 * (the lane least recently sent to first). Turns advance only as rows are sent, so newcomers cannot starve
 * a backlog. The parts of one message share a lane and so keep their order. A class with no sent rows
 * (new, or pruned) counts from its queued head.
 */
const NEXT_TURN = sql`max(
  coalesce(
    (select max(${outbox.turn}) from ${outbox} where ${inClass('sent', CLASS)}),
    (select min(${outbox.turn}) from ${outbox} where ${queuedIn(CLASS)}),
    0),
  coalesce((select max(${outbox.turn}) + 1 from ${outbox}
    where ${outbox.lane} = ${sql.placeholder('lane')} and ${queuedIn(CLASS)}), 0))`

/**
 * The account a new row goes out from, unless the item names one (a reply: the account that received it): for a
 * group its owner while healthy, else the first healthy account of ours in it; for a person the first healthy
 * account sharing a group with them (standbys last). Null when none is known: the first account takes it.
 */
const routeFor = (conversationId: SQL, isRoom: SQL) => sql`case when ${isRoom} = 1 then coalesce(
    (select g.account from groups g join accounts a on a.name = g.account and a.healthy = 1
      where g.room_id = ${conversationId}),
    (select a.name from members m join accounts a on a.contact_id = m.contact_id and a.healthy = 1
      where m.room_id = ${conversationId} and m.present = 1 order by a.standby, a.position limit 1))
  else
    (select a.name from members m join members am on am.room_id = m.room_id and am.present = 1
      join accounts a on a.contact_id = am.contact_id and a.healthy = 1
      where m.contact_id = ${conversationId} and m.present = 1 order by a.standby, a.position limit 1)
  end`
const ROUTE = sql`coalesce(${sql.placeholder('account')}, ${routeFor(sql`${sql.placeholder('conversationId')}`, sql`${sql.placeholder('roomFlag')}`)})`
/** The same for a queued row, from its own columns (when an account becomes unhealthy or recovers). */
const REROUTE = routeFor(sql.raw('outbox.conversation_id'), sql.raw('outbox.is_room'))

/**
 * Rows without an account: the first account tries a private one (the person may be its contact); a group's waits
 * until an account of ours in that group is healthy (reroute).
 */
const LOOSE_ONLY_PRIVATE = sql`(${sql.placeholder('account')} is not null or ${outbox.isRoom} = 0)`

/** A push's rank as it waits: one step up per PUSH_RANK_AGE_MS since it was queued, so nothing starves. */
const EFFECTIVE_RANK = sql<number>`max(0, ${outbox.rank} - (${sql.placeholder('now')} - ${outbox.createdAt}) / ${PUSH_RANK_AGE_MS})`

/** The persisted queue of everything the bot says. */
export function createOutboxRepo(db: Db): OutboxRepo {
  const insertRow = db
    .insert(outbox)
    .values({
      conversationId: sql.placeholder('conversationId'),
      isRoom: sql.placeholder('isRoom'),
      kind: sql.placeholder('kind'),
      attachmentId: sql.placeholder('attachmentId'),
      status: sql.placeholder('status'),
      text: sql.placeholder('text'),
      mentionIds: sql.placeholder('mentionIds'),
      priority: sql.placeholder('priority'),
      notBefore: sql.placeholder('notBefore'),
      createdAt: sql.placeholder('now'),
      turn: NEXT_TURN,
      lane: sql.placeholder('lane'),
      account: ROUTE,
      rank: sql.placeholder('rank'),
    })
    .prepare()
  // One probe per class along outbox_turn (the unary + keeps the planner off outbox_due, which would sort
  // every due row): the first row of the class's rounds that is due, in index order (a tie: the earlier due, then the
  // older). With an account, the same over its rows (outbox_account_turn; `is`, so null picks the rows without one).
  // Pushes go by their rank first (escalations, notices, reminders, digests), which moves up as a row waits.
  const classQuery = (byAccount: boolean, ranked: boolean) =>
    db
      .select({ ...getTableColumns(outbox), effectiveRank: ranked ? EFFECTIVE_RANK : sql<number>`0` })
      .from(outbox)
      .where(
        and(
          byAccount
            ? sql`${outbox.status} = 'queued' and ${outbox.account} is ${sql.placeholder('account')} and ${outbox.priority} = ${sql.placeholder('priority')} and ${LOOSE_ONLY_PRIVATE}`
            : queuedIn(sql.placeholder('priority')),
          lte(sql`+${outbox.notBefore}`, sql.placeholder('now')),
        ),
      )
      .orderBy(...(ranked ? [asc(EFFECTIVE_RANK)] : []), asc(outbox.turn), asc(outbox.notBefore), asc(outbox.id))
      .limit(1)
      .prepare()
  const queries = {
    all: { plain: classQuery(false, false), ranked: classQuery(false, true) },
    of: { plain: classQuery(true, false), ranked: classQuery(true, true) },
  }
  type Ranked = OutboxRow & { turn: number; effectiveRank: number }
  const nextInClass = (priority: Priority, now: number, account?: string | null): Ranked | undefined => {
    const q = queries[account === undefined ? 'all' : 'of'][priority === 'push' ? 'ranked' : 'plain']
    return q.get({ priority, now, account }) as Ranked | undefined
  }
  const wakeOf = db
    .select({ at: sql<number>`min(${outbox.notBefore})` })
    .from(outbox)
    .where(
      sql`${outbox.status} = 'queued' and ${outbox.account} is ${sql.placeholder('account')} and ${outbox.notBefore} > ${sql.placeholder('now')} and ${LOOSE_ONLY_PRIVATE}`,
    )
    .prepare()
  /** The row of one class that one account sends next: its own or, for the first account, one without an account. */
  const nextOf = (priority: Priority, now: number, from: SendingAccount): OutboxRow | undefined => {
    const own = nextInClass(priority, now, from.name)
    const loose = from.unrouted ? nextInClass(priority, now, null) : undefined
    if (!own || !loose) return own ?? loose
    const key = (r: Ranked) => [r.effectiveRank, r.turn, r.notBefore, r.id]
    const [a, b] = [key(own), key(loose)]
    return (a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]! || a[3]! - b[3]!) <= 0 ? own : loose
  }
  const attachmentStatus = db
    .select({ status: attachments.status })
    .from(attachments)
    .where(eq(attachments.id, sql.placeholder('id')))
    .prepare()
  /** How a new row starts: a text queued; a photo queued once its file is stored, held until then, failed if it never will be. */
  const row = (item: OutboxItem, now: number) => {
    const isPhoto = item.attachmentId !== undefined
    const photo = isPhoto ? attachmentStatus.get({ id: item.attachmentId })?.status : undefined
    const status: OutboxRow['status'] = !isPhoto || photo === 'stored' ? 'queued' : photo === 'pending' ? 'held' : 'failed'
    const kind: OutboxRow['kind'] = isPhoto ? 'image' : 'text'
    const route = { account: item.account ?? null, roomFlag: item.isRoom ? 1 : 0, rank: item.rank ?? 0 }
    return { ...item, kind, attachmentId: item.attachmentId ?? null, status, lane: laneOf(item), now, ...route }
  }
  return {
    insert(item: OutboxItem, now: number): void {
      insertRow.run(row(item, now))
    },

    photoReady(attachmentId: number, stored: boolean): number {
      return db
        .update(outbox)
        .set(stored ? { status: 'queued' } : { status: 'failed', lastError: 'photo was not downloaded' })
        .where(and(eq(outbox.attachmentId, attachmentId), eq(outbox.status, 'held')))
        .run().changes
    },

    nextDue(now: number, from?: SendingAccount): OutboxRow | undefined {
      for (const priority of PRIORITIES) {
        const row = from ? nextOf(priority, now, from) : nextInClass(priority, now)
        if (row) return row
      }
      return undefined
    },

    queuedTo(conversationId: string, priority: Priority): OutboxRow[] {
      return db
        .select()
        .from(outbox)
        .where(and(eq(outbox.lane, conversationId), queuedIn(priority)))
        .orderBy(asc(outbox.turn), asc(outbox.id))
        .all() as OutboxRow[]
    },

    replace(ids: number[], items: OutboxItem[], now: number): void {
      db.transaction(() => {
        // The merged rows take the turns of the rows they replace, so what was queued after those (a photo) stays after.
        const first = db
          .select({ turn: sql<number>`min(${outbox.turn})` })
          .from(outbox)
          .where(inArray(outbox.id, ids))
          .get()?.turn
        db.delete(outbox).where(inArray(outbox.id, ids)).run()
        items.forEach((item, i) => {
          const r = row(item, now)
          if (first === null || first === undefined) return insertRow.run(r)
          db.insert(outbox)
            .values({ ...r, createdAt: now, turn: first + i })
            .run()
        })
      })
    },

    /** When the next queued row that is not yet due becomes due. */
    nextWakeAt(now: number, from?: SendingAccount): number | undefined {
      if (from) {
        const own = wakeOf.get({ account: from.name, now })?.at ?? undefined
        const loose = from.unrouted ? (wakeOf.get({ account: null, now })?.at ?? undefined) : undefined
        return own === undefined || loose === undefined ? (own ?? loose) : Math.min(own, loose)
      }
      const r = db
        .select({ at: sql<number>`min(${outbox.notBefore})` })
        .from(outbox)
        .where(and(eq(outbox.status, 'queued'), gt(outbox.notBefore, now)))
        .get()
      return r?.at ?? undefined
    },

    markSent(id: number, now: number, account?: string): void {
      const by = account === undefined ? {} : { account: sql`coalesce(${outbox.account}, ${account})` }
      db.update(outbox)
        .set({ status: 'sent', sentAt: now, ...by })
        .where(eq(outbox.id, id))
        .run()
    },

    defer(id: number, notBefore: number): void {
      db.update(outbox).set({ notBefore }).where(eq(outbox.id, id)).run()
    },

    markFailedAttempt(id: number, error: string, retryAt: number | undefined): void {
      db.update(outbox)
        .set({
          attempts: sql`${outbox.attempts} + 1`,
          lastError: error.slice(0, 500),
          ...(retryAt === undefined ? { status: 'failed' as const } : { notBefore: retryAt }),
        })
        .where(eq(outbox.id, id))
        .run()
    },

    queuedCount(): number {
      return db.select({ n: count() }).from(outbox).where(eq(outbox.status, 'queued')).get()?.n ?? 0
    },

    reroute(from: string | null, now: number): number {
      // A group's rows wait (null) when no healthy account of ours is in it; nobody takes a group row without one.
      // A row that failed on the old account goes at once on the new one, not after its backoff.
      return db.run(
        sql`update outbox set account = ${REROUTE}, not_before = case when attempts > 0 then min(not_before, ${now}) else not_before end
          where status in ('queued', 'held') and account is ${from}`,
      ).changes
    },

    returnTo(account: string): number {
      return db.run(
        sql`update outbox set account = ${account} where status in ('queued', 'held') and is_room = 1
          and (account is null or account <> ${account})
          and conversation_id in (select room_id from groups where account = ${account})`,
      ).changes
    },

    waiting(): number {
      return (
        db
          .select({ n: count() })
          .from(outbox)
          .where(sql`${outbox.status} = 'queued' and ${outbox.account} is null and ${outbox.isRoom} = 1`)
          .get()?.n ?? 0
      )
    },

    dueAhead(priority: Priority, now: number): Map<string, number> {
      const classes = PRIORITIES.slice(0, PRIORITIES.indexOf(priority) + 1)
      const rows = db
        .select({ account: outbox.account, n: count() })
        .from(outbox)
        .where(and(eq(outbox.status, 'queued'), inArray(outbox.priority, classes), lte(outbox.notBefore, now)))
        .groupBy(outbox.account)
        .all()
      return new Map(rows.map((r) => [r.account ?? '', r.n]))
    },

    queuedByAccount(): Map<string, number> {
      const rows = db
        .select({ account: outbox.account, n: count() })
        .from(outbox)
        .where(eq(outbox.status, 'queued'))
        .groupBy(outbox.account)
        .all()
      return new Map(rows.map((r) => [r.account ?? '', r.n]))
    },

    sentByAccountSince(since: number): Map<string, number> {
      const rows = db
        .select({ account: outbox.account, n: count() })
        .from(outbox)
        .where(and(eq(outbox.status, 'sent'), gt(outbox.sentAt, since)))
        .groupBy(outbox.account)
        .all()
      return new Map(rows.map((r) => [r.account ?? '', r.n]))
    },

    pruneSent(before: number): number {
      return db
        .delete(outbox)
        .where(and(eq(outbox.status, 'sent'), lt(outbox.sentAt, before)))
        .run().changes
    },

    all(): OutboxRow[] {
      return db.select().from(outbox).orderBy(asc(outbox.id)).all() as OutboxRow[]
    },
  }
}
