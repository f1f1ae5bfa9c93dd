import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { databaseError, DatabaseError } from '../../src/store/database.js'
import { lockDatabase, lockFileOf, LockError, openBotDatabase } from '../../src/store/lock.js'

const dbIn = () => join(mkdtempSync(join(tmpdir(), 'gridbot-lock-')), 'data', 'gridbot.db')

describe('the bot lock beside the database', () => {
  it('holds the pid, refuses a second taker while held, and is gone once released', () => {
    const db = dbIn()
    const release = lockDatabase(db)
    expect(readFileSync(lockFileOf(db), 'utf8')).toBe(`${process.pid}\n`)
    expect(() => lockDatabase(db)).toThrow(LockError)
    expect(() => lockDatabase(db)).toThrow(
      `another gridbot (pid ${process.pid}) is running with this data (GRIDBOT_DB ${db}); to run a second one, give it its own: GRIDBOT_DATA_DIR=./data2 npm start (if none is running, remove ${db}.lock)`,
    )
    release()
    expect(existsSync(lockFileOf(db))).toBe(false)
    lockDatabase(db)()
  })

  it('refuses a lock held by another live process', () => {
    const db = dbIn()
    lockDatabase(db)() // makes the folder
    writeFileSync(lockFileOf(db), `${process.ppid}\n`)
    expect(() => lockDatabase(db)).toThrow(`(pid ${process.ppid})`)
    expect(readFileSync(lockFileOf(db), 'utf8')).toBe(`${process.ppid}\n`) // left alone
  })

  it.each([
    ['our own pid from an earlier life (a container restarted as pid 1)', () => `${process.pid}\n`],
    ['no pid at all', () => 'garbage'],
  ])('takes over a lock with %s', (_, content) => {
    const db = dbIn()
    lockDatabase(db)()
    writeFileSync(lockFileOf(db), content())
    const release = lockDatabase(db)
    expect(readFileSync(lockFileOf(db), 'utf8')).toBe(`${process.pid}\n`)
    release()
  })

  it('closing the bot database releases its lock', () => {
    const db = dbIn()
    const opened = openBotDatabase(db)
    expect(existsSync(lockFileOf(db))).toBe(true)
    expect(() => openBotDatabase(db)).toThrow(LockError)
    opened.close()
    expect(existsSync(lockFileOf(db))).toBe(false)
  })
})

describe('a full disk at start-up', () => {
  it('SQLite and the file system saying the disk is full become one line that says so (tests/e2e/disk-full on a real small disk)', () => {
    const db = dbIn()
    for (const code of ['SQLITE_FULL', 'ENOSPC']) {
      const err = Object.assign(new Error('database or disk is full'), { code })
      expect(() => databaseError(db, err)).toThrow(DatabaseError)
      expect(() => databaseError(db, err)).toThrow(new RegExp(`^GRIDBOT_DB: cannot open ${db}: the disk is full \\(\\d+ KB free in `))
    }
  })
})
