import { mkdirSync, readFileSync } from 'node:fs'
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
  const journal = JSON.parse(readFileSync(join(MIGRATIONS, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string; when: number }[] }
  const sqlite = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const has = sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get()
    const last = has ? (sqlite.prepare('select max(created_at) as at from __drizzle_migrations').get() as { at: number | null }).at ?? 0 : 0
    const pending = journal.entries.filter((e) => e.when > last).map((e) => e.tag)
    return { total: journal.entries.length, applied: journal.entries.length - pending.length, pending }
  } finally {
    sqlite.close()
  }
}

/** A read-only look at a database file: SQLite's quick_check and a few row counts (tables missing count 0). */
export function inspectDatabase(file: string): { integrity: string; counts: Record<'cases' | 'notices' | 'groups', number> } {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const count = (table: string) => {
      try {
        return (sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n
      } catch {
        return 0
      }
    }
    return {
      integrity: String(sqlite.pragma('quick_check', { simple: true })),
      counts: { cases: count('cases'), notices: count('notices'), groups: count('groups') },
    }
  } finally {
    sqlite.close()
  }
}

/** Opens (creating if needed) the SQLite file, sets WAL and a busy timeout, and applies migrations. */
export function openDatabase(file: string): OpenDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const sqlite = new Database(file)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('foreign_keys = ON')
  const db = drizzle(sqlite, { schema })
  migrate(db, { migrationsFolder: MIGRATIONS })
  return { db, sqlite, close: () => sqlite.close() }
}
