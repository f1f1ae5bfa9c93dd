import { and, asc, desc, eq, gte, lte, sql } from 'drizzle-orm'
import type { PresenceRepo } from '../domain/ports.js'
import type { Db } from './database.js'
import { presence } from './schema.js'

/**
 * Marks further apart than this, without a live connection between them, are an outage: the supervisor takes
 * up to two minutes to find a silent connection dead, and a quick restart (systemd's 5 s) loses next to nothing.
 */
export const PRESENCE_TOLERANCE_MS = 3 * 60_000

/** When the bot was online, as intervals. */
export function createPresenceRepo(db: Db): PresenceRepo {
  const latestQ = db.select().from(presence).orderBy(desc(presence.id)).limit(1).prepare()
  const latest = () => latestQ.get()
  const t = PRESENCE_TOLERANCE_MS
  const aroundQ = db
    .select()
    .from(presence)
    .where(and(gte(presence.lastAt, sql.placeholder('from')), lte(presence.startedAt, sql.placeholder('to'))))
    .orderBy(asc(presence.startedAt))
    .prepare()
  return {
    mark(now, continuing) {
      const last = latest()
      if (last && (continuing || now - last.lastAt <= PRESENCE_TOLERANCE_MS)) {
        if (now > last.lastAt) db.update(presence).set({ lastAt: now }).where(eq(presence.id, last.id)).run()
        return
      }
      db.insert(presence).values({ startedAt: now, lastAt: now }).run()
    },

    offline(from, to) {
      const rows = aroundQ.all({ from: from - t, to: to + t })
      const gaps: [number, number][] = []
      let cursor = from
      for (const r of rows) {
        if (r.startedAt > cursor + t) gaps.push([cursor, Math.min(r.startedAt, to)])
        cursor = Math.max(cursor, r.lastAt)
        if (cursor >= to) break
      }
      if (cursor + t < to) gaps.push([cursor, to])
      return gaps.length ? { from: gaps[0]![0], to: gaps[gaps.length - 1]![1] } : undefined
    },
  }
}
