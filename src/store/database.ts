import { accessSync, constants, existsSync, mkdirSync, readFileSync, statfsSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import * as schema from './schema.js'

export type Db = BetterSQLite3Database<typeof schema>

/** An open database: drizzle for queries, the raw handle for pragmas, transactions and close. */
export interface OpenDatabase {
  db: Db
  sqlite: Database.Database
  close(): void
}

export const MIGRATIONS = fileURLToPath(new URL('../../migrations', import.meta.url))

/** Migrations in the folder and how many of them a database file has applied (without applying any). */
export function migrationStatus(file: string): { total: number; applied: number; pending: string[] } {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS, 'meta', '_journal.json'), 'utf8')) as {
    entries: { tag: string; when: number }[]
  }
  const sqlite = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const has = sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get()
    const last = has
      ? ((sqlite.prepare('select max(created_at) as at from __drizzle_migrations').get() as { at: number | null }).at ?? 0)
      : 0
    const pending = journal.entries.filter((e) => e.when > last).map((e) => e.tag)
    return { total: journal.entries.length, applied: journal.entries.length - pending.length, pending }
  } finally {
    sqlite.close()
  }
}

/** Outbox rows by status. */
export type OutboxCounts = Record<'queued' | 'sent' | 'failed', number>

/**
 * A read-only look at a database file: SQLite's quick_check, a few row counts, and the sizes of the tables
 * that grow with traffic (handled inbound message ids, outbox rows by status). Tables missing count 0.
 */
export function inspectDatabase(file: string): {
  integrity: string
  counts: Record<'cases' | 'notices' | 'groups' | 'inboundMessages', number>
  outbox: OutboxCounts
} {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const count = (table: string) => {
      try {
        return (sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n
      } catch {
        return 0
      }
    }
    const outbox: OutboxCounts = { queued: 0, sent: 0, failed: 0 }
    try {
      for (const r of sqlite.prepare('select status, count(*) as n from outbox group by status').all() as { status: string; n: number }[]) {
        // A held photo waits for its download: it is still to be sent.
        if (r.status === 'held') outbox.queued += r.n
        else if (r.status in outbox) outbox[r.status as keyof OutboxCounts] += r.n
      }
    } catch {
      // no outbox table yet: all zero
    }
    return {
      integrity: String(sqlite.pragma('quick_check', { simple: true })),
      counts: { cases: count('cases'), notices: count('notices'), groups: count('groups'), inboundMessages: count('inbound_messages') },
      outbox,
    }
  } finally {
    sqlite.close()
  }
}

/** What the organisation lacks: levels nobody can be told at, departments nobody handles. */
export interface OrganisationGaps {
  communities: number
  streets: number
  departments: number
  communitiesWithoutGroup: string[]
  streetsWithoutGroup: string[]
  departmentsWithoutHandlers: string[]
  departmentsWithoutGroup: string[]
}

/**
 * A read-only look at the organisation: communities and streets without a staff group (their 催办, 督办 and #上报
 * reach nobody), departments without handlers or without a group (#派单 reaches nobody). Tables missing: nothing.
 */
export function inspectOrganisation(file: string): OrganisationGaps {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true })
  const names = (q: string) => {
    try {
      return (sqlite.prepare(q).all() as { name: string }[]).map((r) => r.name)
    } catch {
      return []
    }
  }
  try {
    const without = (table: string, column: string, kind: string) =>
      names(
        `select name from ${table} t where not exists (select 1 from groups g where g.kind = '${kind}' and g.${column} = t.id${kind === 'staff' ? ` and g.${column === 'community_id' ? 'street_id' : 'community_id'} is null` : ''}) order by name`,
      )
    return {
      communities: names('select name from communities').length,
      streets: names('select name from streets').length,
      departments: names('select name from departments').length,
      communitiesWithoutGroup: without('communities', 'community_id', 'staff'),
      streetsWithoutGroup: without('streets', 'street_id', 'staff'),
      departmentsWithoutGroup: without('departments', 'department_id', 'department'),
      departmentsWithoutHandlers: names(
        "select name from departments d where not exists (select 1 from roles r where r.role = 'department' and r.scope_kind = 'department' and r.scope_id = d.id) order by name",
      ),
    }
  } finally {
    sqlite.close()
  }
}

/** The database file cannot be made, opened or written; the message is one line naming GRIDBOT_DB. */
export class DatabaseError extends Error {}

/** Error codes that say something about the file or its folder (anything else is a bug and keeps its stack). */
const FILE_PROBLEM = /^(E[A-Z]+|SQLITE_(CANTOPEN|NOTADB|READONLY|CORRUPT|IOERR|PERM|FULL|AUTH|BUSY|LOCKED)\w*)$/

/** Turns a file-level failure of `file` into a DatabaseError (one line, with the reason); rethrows anything else. */
export function databaseError(file: string, err: unknown): never {
  // drizzle wraps what SQLite threw during the migrations.
  const inner =
    (err as { code?: unknown }).code === undefined && (err as { cause?: unknown }).cause instanceof Error
      ? (err as { cause: Error }).cause
      : err
  const code = String((inner as { code?: unknown }).code ?? '')
  if (err instanceof DatabaseError || !FILE_PROBLEM.test(code)) throw err
  throw new DatabaseError(`GRIDBOT_DB: cannot open ${file}: ${reason(file, code, inner as Error)}`)
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK)
    return true
  } catch {
    return false
  }
}

/** Below this much free space where the database lives the bot does not start: SQLite could not grow its WAL for long. */
export const MIN_FREE_BYTES = 2 ** 20

/** Free bytes (for an unprivileged writer) on the file system of `file`, or of its nearest folder that exists. */
export function freeBytes(file: string): number | undefined {
  let dir = dirname(file)
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir)
  try {
    const fs = statfsSync(dir)
    return fs.bavail * fs.bsize
  } catch {
    return undefined
  }
}

const kb = (bytes: number) => `${Math.floor(bytes / 1024)} KB`

/** Throws a DatabaseError when the disk of `file` is (nearly) full: the database would open, then fail every write. */
export function assertSpace(file: string): void {
  if (file === ':memory:') return
  const free = freeBytes(file)
  if (free !== undefined && free < MIN_FREE_BYTES)
    throw new DatabaseError(
      `GRIDBOT_DB: cannot write ${file}: the disk is full (${kb(free)} free in ${dirname(file)}, at least 1 MB needed)`,
    )
}

function reason(file: string, code: string, err: Error): string {
  const folder = dirname(file)
  const isDir = (p: string) => statSync(p, { throwIfNoEntry: false })?.isDirectory()
  const free = freeBytes(file)
  if (
    code === 'SQLITE_FULL' ||
    code === 'ENOSPC' ||
    code === 'EDQUOT' ||
    (code.startsWith('SQLITE_IOERR') && free !== undefined && free < MIN_FREE_BYTES)
  )
    return `the disk is full (${free === undefined ? 'no space left' : `${kb(free)} free`} in ${folder})`
  if (code === 'SQLITE_NOTADB') return 'not a SQLite database'
  if (code.startsWith('SQLITE_CORRUPT')) return 'the file is damaged (SQLite says it is corrupt)'
  if (code.startsWith('SQLITE_READONLY') || code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    if (existsSync(file) && !isDir(file) && !writable(file)) return 'the file is read-only (no permission to write it)'
    let dir = folder
    while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir)
    return `no permission to write in ${dir} (read-only)`
  }
  if (code === 'EEXIST' || code === 'ENOTDIR') return `${folder} cannot be made a folder (a file is in the way)`
  if (code === 'SQLITE_CANTOPEN' && isDir(file)) return 'it is a folder, not a file'
  if (code === 'SQLITE_CANTOPEN' && !isDir(folder)) return `the folder ${folder} does not exist`
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'another process holds it locked'
  return `${err.message.split('\n')[0]} (${code})`
}

/** Throws a DatabaseError when the open file cannot be written: SQLite opens a file it may only read as read-only without a word. */
export function assertWritable(file: string, sqlite: Database.Database): void {
  try {
    sqlite.pragma(`user_version = ${Number(sqlite.pragma('user_version', { simple: true }))}`)
  } catch (err) {
    databaseError(file, err)
  }
}

/** Why the database could not be written now: a full disk, a read-only file or folder, another writer, or something else. */
export type WriteProblem = { problem: 'full'; freeBytes: number } | { problem: 'readonly' | 'busy' | 'other'; message: string }

/**
 * Whether the database could be written now, changing nothing: room on its disk (SQLite takes a write lock even on a full
 * one), then a write inside BEGIN IMMEDIATE that is rolled back (a read-only file refuses it). Undefined when it could.
 */
export function probeWrite(file: string): WriteProblem | undefined {
  const free = freeBytes(file)
  if (free !== undefined && free < MIN_FREE_BYTES) return { problem: 'full', freeBytes: free }
  let sqlite: Database.Database | undefined
  try {
    sqlite = new Database(file, { fileMustExist: true, timeout: 2_000 })
    sqlite.exec('BEGIN IMMEDIATE')
    try {
      sqlite.pragma(`user_version = ${Number(sqlite.pragma('user_version', { simple: true }))}`)
    } finally {
      sqlite.exec('ROLLBACK')
    }
    return undefined
  } catch (err) {
    const code = String((err as { code?: unknown }).code ?? '')
    const message = (err as Error).message.split('\n')[0]!
    if (code === 'SQLITE_FULL' || code === 'ENOSPC') return { problem: 'full', freeBytes: free ?? 0 }
    if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code === 'EACCES')
      return { problem: 'readonly', message }
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return { problem: 'busy', message }
    return { problem: 'other', message: `${message}${code ? ` (${code})` : ''}` }
  } finally {
    sqlite?.close()
  }
}

/** Makes the folder of `file` (unless in memory); a DatabaseError when it cannot be made. */
export function ensureDatabaseFolder(file: string): void {
  try {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  } catch (err) {
    databaseError(file, err)
  }
}

/** Opens (creating if needed) the SQLite file, sets WAL and a busy timeout, and applies migrations; a DatabaseError when the file will not do. */
export function openDatabase(file: string): OpenDatabase {
  ensureDatabaseFolder(file)
  let sqlite: Database.Database | undefined
  try {
    sqlite = new Database(file)
    sqlite.pragma('journal_mode = WAL')
    sqlite.pragma('busy_timeout = 5000')
    sqlite.pragma('synchronous = NORMAL')
    sqlite.pragma('foreign_keys = ON')
    const db = drizzle(sqlite, { schema })
    migrate(db, { migrationsFolder: MIGRATIONS })
    const opened = sqlite
    return { db, sqlite: opened, close: () => opened.close() }
  } catch (err) {
    sqlite?.close()
    databaseError(file, err)
  }
}
