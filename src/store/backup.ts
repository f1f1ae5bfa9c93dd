import { mkdirSync, readdirSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type Database from 'better-sqlite3'
import { toLocalTime } from '../clock.js'

const PREFIX = 'gridbot-'

/** `gridbot-20261122-030000.db`: the instant in the bot's time zone, so names sort by time. */
export function backupName(ms: number, timeZone: string): string {
  const t = toLocalTime(ms, timeZone)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${PREFIX}${t.year}${p(t.month)}${p(t.day)}-${p(t.hour)}${p(t.minute)}${p(t.second)}.db`
}

/**
 * Copies the database with SQLite's online backup API: safe while the bot writes (the copy is one
 * consistent snapshot, WAL included). Returns the file written.
 */
export async function backupDatabase(sqlite: Database.Database, file: string): Promise<string> {
  mkdirSync(dirname(file), { recursive: true })
  await sqlite.backup(file)
  return file
}

/** Keeps the newest `keep` backups in `dir` (by name, which sorts by time), deleting the rest. */
export function pruneBackups(dir: string, keep: number): string[] {
  const files = readdirSync(dir)
    .filter((f) => f.startsWith(PREFIX) && f.endsWith('.db'))
    .sort()
  const gone = files.slice(0, Math.max(0, files.length - keep))
  for (const f of gone) rmSync(join(dir, f))
  return gone
}
