import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs'
import {
  assertSpace,
  assertWritable,
  DatabaseError,
  databaseError,
  ensureDatabaseFolder,
  openDatabase,
  type OpenDatabase,
} from './database.js'

/** Another gridbot runs on the database; the message is one line naming it and the lock file. */
export class LockError extends Error {}

/** The bot's lock file: beside the database, holding the pid of the bot that runs on it. */
export const lockFileOf = (dbFile: string): string => `${dbFile}.lock`

/** Locks this process holds, so that a lock with our own pid from a previous life (a container's pid 1) counts as stale. */
const held = new Set<string>()

function holderOf(lock: string): number | undefined {
  try {
    const pid = Number(readFileSync(lock, 'utf8').trim())
    return Number.isInteger(pid) && pid > 0 ? pid : undefined
  } catch {
    return undefined
  }
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file)
  } catch {
    // gone already
  }
}

function isAlive(pid: number, lock: string): boolean {
  if (pid === process.pid) return held.has(lock)
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM' // alive, another user's
  }
}

/**
 * Takes `<db>.lock` for this process (`another`: how to start a second bot, for the refusal): written in full under a private name, then hard-linked into place, which
 * fails when the lock exists (so no one ever reads a half-written lock). A lock whose pid is dead (or unreadable)
 * is taken over; a live one is a LockError. The lock is removed by the returned function or when the process exits.
 */
export function lockDatabase(dbFile: string, another = 'GRIDBOT_DATA_DIR=./data2 npm start'): () => void {
  const lock = lockFileOf(dbFile)
  const mine = `${lock}.${process.pid}`
  try {
    ensureDatabaseFolder(dbFile)
    writeFileSync(mine, `${process.pid}\n`)
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(mine, lock)
        break
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
        const holder = holderOf(lock)
        if (attempt > 0 || (holder !== undefined && isAlive(holder, lock))) {
          throw new LockError(
            `another gridbot${holder ? ` (pid ${holder})` : ''} is running with this data (GRIDBOT_DB ${dbFile}); ` +
              `to run a second one, give it its own: ${another} (if none is running, remove ${lock})`,
          )
        }
        // Stale (or gone meanwhile): remove it, unless someone took it over since, and try once more.
        if (holderOf(lock) === holder) removeQuietly(lock)
      }
    }
  } catch (err) {
    if (err instanceof LockError || err instanceof DatabaseError) throw err
    databaseError(dbFile, err)
  } finally {
    removeQuietly(mine)
  }
  held.add(lock)
  const release = () => {
    process.off('exit', release)
    if (held.delete(lock) && holderOf(lock) === process.pid) removeQuietly(lock)
  }
  process.on('exit', release)
  return release
}

/** The bot's database: room on its disk checked, locked for this process, opened, migrated and written to; closing it releases the lock. */
export function openBotDatabase(file: string, another?: string): OpenDatabase {
  if (file === ':memory:') return openDatabase(file)
  assertSpace(file)
  const release = lockDatabase(file, another)
  try {
    const opened = openDatabase(file)
    try {
      assertWritable(file, opened.sqlite)
    } catch (err) {
      opened.close()
      throw err
    }
    return { ...opened, close: () => (opened.close(), release()) }
  } catch (err) {
    release()
    throw err
  }
}

/** For src/main.ts: openBotDatabase, or one line on stderr (the file and why, or who holds it and how to run another) and exit code 1. */
export function openBotDatabaseOrExit(file: string, another?: string): OpenDatabase {
  try {
    return openBotDatabase(file, another)
  } catch (err) {
    if (!(err instanceof DatabaseError || err instanceof LockError)) throw err
    process.stderr.write(`gridbot: ${err.message}\n`)
    process.exit(1)
  }
}
