import { and, asc, count, eq, gt, lt, lte, sql } from 'drizzle-orm'
import type { OutboxItem, OutboxRow } from '../domain/model.js'
import type { OutboxRepo } from '../domain/ports.js'
import type { Db } from './database.js'
import { outbox } from './schema.js'

const PRIORITY_ORDER = sql`case ${outbox.priority} when 'urgent' then 0 when 'reply' then 1 else 2 end`

/** The persisted queue of everything the bot says. */
export function createOutboxRepo(db: Db): OutboxRepo {
  const insertRow = db
    .insert(outbox)
    .values({
      conversationId: sql.placeholder('conversationId'),
      isRoom: sql.placeholder('isRoom'),
      text: sql.placeholder('text'),
      mentionIds: sql.placeholder('mentionIds'),
      priority: sql.placeholder('priority'),
      notBefore: sql.placeholder('notBefore'),
      createdAt: sql.placeholder('now'),
    })
    .prepare()
  return {
    insert(item: OutboxItem, now: number): void {
      insertRow.run({ ...item, now })
    },

    /** The next queued row due at `now`: urgent first, then replies, then pushes, oldest first. */
    nextDue(now: number): OutboxRow | undefined {
      return db
        .select()
        .from(outbox)
        .where(and(eq(outbox.status, 'queued'), lte(outbox.notBefore, now)))
        .orderBy(PRIORITY_ORDER, asc(outbox.id))
        .limit(1)
        .get() as OutboxRow | undefined
    },

    /** When the next queued row that is not yet due becomes due. */
    nextWakeAt(now: number): number | undefined {
      const r = db
        .select({ at: sql<number>`min(${outbox.notBefore})` })
        .from(outbox)
        .where(and(eq(outbox.status, 'queued'), gt(outbox.notBefore, now)))
        .get()
      return r?.at ?? undefined
    },

    markSent(id: number, now: number): void {
      db.update(outbox).set({ status: 'sent', sentAt: now }).where(eq(outbox.id, id)).run()
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
