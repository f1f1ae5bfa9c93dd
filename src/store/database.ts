import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
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

const MIGRATIONS = fileURLToPath(new URL('../../migrations', import.meta.url))

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
