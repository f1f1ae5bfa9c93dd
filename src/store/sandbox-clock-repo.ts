import Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { createShiftableClock, systemClock, type Clock, type ShiftableClock } from '../clock.js'
import { eq } from 'drizzle-orm'
import type { Db } from './database.js'
import * as schema from './schema.js'
import { sandboxClock } from './schema.js'

/** The times the bot writes as it goes: the newest of them is where a stored clock has got to. */
const LATEST = `select max(t) as t from (
  select max(updated_at) as t from cases
  union all select max(at) from case_events
  union all select max(fired_at) from rule_firings
  union all select max(created_at) from notices
  union all select max(acked_at) from notice_recipients
  union all select max(received_at) from inbound_messages
  union all select max(created_at) from outbox
)`

/** The sandbox's clock offset, kept with its data, and the newest time anything was stored at. */
export function createSandboxClockRepo(db: Db, sqlite: Database.Database) {
  const latest = sqlite.prepare(LATEST)
  return {
    /** How far the sandbox clock is ahead of the wall clock; undefined in a database no sandbox ran on. */
    offset(): number | undefined {
      return db.select({ offsetMs: sandboxClock.offsetMs }).from(sandboxClock).where(eq(sandboxClock.id, 1)).get()?.offsetMs
    },
    save(offsetMs: number, now: number): void {
      db.insert(sandboxClock)
        .values({ id: 1, offsetMs, updatedAt: now })
        .onConflictDoUpdate({ target: sandboxClock.id, set: { offsetMs, updatedAt: now } })
        .run()
    },
    /** The database is no sandbox's (a production start on it): its tools read the wall clock. */
    clear(): void {
      db.delete(sandboxClock).run()
    },
    /** The newest time a case, event, firing, notice, answer, message or outgoing row was stored at (0 when none). */
    latestRecorded(): number {
      return (latest.get() as { t: number | null }).t ?? 0
    },
  }
}

export type SandboxClockRepo = ReturnType<typeof createSandboxClockRepo>

/**
 * The sandbox's clock over its database: where it was moved to (the kept offset, the wall clock having run on
 * since), never before the newest stored time; every move is kept.
 */
export function openSandboxClock(repo: SandboxClockRepo, base: Clock = systemClock): ShiftableClock {
  const keep = (offset: number) => {
    try {
      repo.save(offset, base.now())
    } catch {
      // The database cannot write now (a full disk): the offset holds in memory, and the next move keeps it.
    }
  }
  const clock = createShiftableClock(base, { offset: repo.offset() ?? 0, notBefore: repo.latestRecorded(), onMove: keep })
  keep(clock.offset()) // marks the database as a sandbox's, for the CLI
  return clock
}

/** The clock the data runs on, for tools that read it (the CLI): a sandbox's as it was kept, else the wall clock. Writes nothing. */
export function databaseClock(repo: SandboxClockRepo, base: Clock = systemClock): Clock {
  const offset = repo.offset()
  if (offset === undefined) return base
  const latest = repo.latestRecorded()
  return { now: () => Math.max(base.now() + offset, latest) }
}

/** How far a database file's sandbox clock is ahead of `base` now, read without changing the file; undefined for no sandbox's (or no database yet). */
export function storedClockLead(file: string, base: Clock = systemClock): number | undefined {
  let sqlite: Database.Database | undefined
  try {
    sqlite = new Database(file, { readonly: true, fileMustExist: true })
    const repo = createSandboxClockRepo(drizzle(sqlite, { schema }), sqlite)
    if (repo.offset() === undefined) return undefined
    const now = base.now()
    return databaseClock(repo, { now: () => now }).now() - now
  } catch {
    return undefined // not migrated this far, or not a database: the doctor says so elsewhere
  } finally {
    sqlite?.close()
  }
}
