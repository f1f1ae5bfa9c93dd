import { and, eq, lt, sql } from 'drizzle-orm'
import type { PendingReport } from '../domain/model.js'
import type { InboundRepo } from '../domain/ports.js'
import type { Db } from './database.js'
import { inboundMessages, pendingReports } from './schema.js'

/** Processed message ids (exactly-once handling) and reports awaiting 是. */
export function createInboundRepo(db: Db): InboundRepo {
  const insertProcessed = db
    .insert(inboundMessages)
    .values({ messageId: sql.placeholder('messageId'), receivedAt: sql.placeholder('now') })
    .onConflictDoNothing()
    .prepare()
  return {
    /** True the first time an id is seen; false for a redelivery. */
    markProcessed(messageId: string, now: number): boolean {
      return insertProcessed.run({ messageId, now }).changes === 1
    },

    /** Forgets processed ids older than `before` (redeliveries come within minutes, not weeks). */
    pruneProcessed(before: number): number {
      return db.delete(inboundMessages).where(lt(inboundMessages.receivedAt, before)).run().changes
    },

    setPending(p: PendingReport): void {
      db.insert(pendingReports)
        .values(p)
        .onConflictDoUpdate({
          target: [pendingReports.roomId, pendingReports.contactId],
          set: { text: p.text, messageId: p.messageId, createdAt: p.createdAt },
        })
        .run()
    },

    /** Takes (and removes) the pending report of a sender, if any. */
    takePending(roomId: string, contactId: string) {
      const where = and(eq(pendingReports.roomId, roomId), eq(pendingReports.contactId, contactId))
      const p = db.select().from(pendingReports).where(where).get()
      if (p) db.delete(pendingReports).where(where).run()
      return p
    },
  }
}
