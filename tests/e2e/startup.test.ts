import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'

const tempDir = () => mkdtempSync(join(tmpdir(), 'gridbot-startup-'))

/** The environment of `npm start` in the sandbox (no token), in its own folder, on any free console port. */
const env = (dir: string, dbFile: string) => ({
  PATH: process.env.PATH ?? '',
  HOME: dir,
  GRIDBOT_DB: dbFile,
  GRIDBOT_DATA_DIR: dir,
  GRIDBOT_SANDBOX_PORT: '0',
  GRIDBOT_QUIET_HOURS: '',
})

const children: ChildProcess[] = []
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL')
})

/** `npm start` (src/main.ts through tsx); resolves when it exits, or once `until` shows in its stdout. */
function start(dir: string, dbFile: string, until?: string, user: { uid?: number; gid?: number } = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: env(dir, dbFile),
    stdio: ['ignore', 'pipe', 'pipe'],
    ...user,
  })
  children.push(child)
  let out = ''
  let err = ''
  child.stdout!.on('data', (d) => (out += d))
  child.stderr!.on('data', (d) => (err += d))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', () => until && out.includes(until) && resolve())
    void exited.then((code) => reject(new Error(`exited ${code} before "${until}": ${out}${err}`)))
  })
  ready.catch(() => undefined) // only a start that waits for `until` cares

  return {
    child,
    exited,
    ready,
    get out() {
      return out
    },
    get err() {
      return err
    },
  }
}

/** `gridbot <args>` as an operator would run it next to the bot (asynchronous: the test worker keeps answering vitest). */
function cli(dir: string, dbFile: string, args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, ['bin/gridbot.js', ...args], { env: env(dir, dbFile) })
  let out = ''
  let err = ''
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d))
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d))
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, out, err }))
  })
}

const oneLine = (text: string) => text.trimEnd().split('\n')

describe('a database that cannot be opened', () => {
  const cases: [string, (dir: string) => string | Promise<string>][] = [
    [
      'a file that is not SQLite',
      (dir) => {
        writeFileSync(join(dir, 'notes.db'), 'these are my notes, not a database\n'.repeat(100))
        return join(dir, 'notes.db')
      },
    ],
    [
      'a folder that cannot be made (a file is in the way)',
      (dir) => {
        writeFileSync(join(dir, 'data'), '')
        return join(dir, 'data', 'gridbot.db')
      },
    ],
    [
      'a folder, not a file',
      (dir) => {
        mkdirSync(join(dir, 'gridbot.db'))
        return join(dir, 'gridbot.db')
      },
    ],
  ]

  it.each(cases)(
    '%s: npm start says so in one line naming GRIDBOT_DB and exits 1',
    async (_, make) => {
      const dir = tempDir()
      const dbFile = await make(dir)
      const bot = start(dir, dbFile)
      expect(await bot.exited).toBe(1)
      const lines = oneLine(bot.err)
      expect(lines, bot.err).toHaveLength(1)
      expect(lines[0]).toContain('GRIDBOT_DB')
      expect(lines[0]).toContain(dbFile)
      expect(existsSync(`${dbFile}.lock`)).toBe(false) // the lock does not outlive the failed start
    },
    30_000,
  )

  it.each(cases)(
    '%s: the CLI says so in one line naming GRIDBOT_DB and exits 1',
    async (_, make) => {
      const dir = tempDir()
      const dbFile = await make(dir)
      const r = await cli(dir, dbFile, ['stats'])
      expect(r.code).toBe(1)
      expect(oneLine(r.err), r.err).toHaveLength(1)
      expect(r.err).toContain('GRIDBOT_DB')
      expect(r.err).toContain(dbFile)
    },
    30_000,
  )

  // Root may write anywhere: as root, the bot runs as nobody for these.
  const user = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {}
  it.each<[string, (dir: string) => string | Promise<string>]>([
    [
      'a read-only folder',
      (dir) => {
        mkdirSync(join(dir, 'ro'))
        chmodSync(join(dir, 'ro'), 0o555)
        return join(dir, 'ro', 'gridbot.db')
      },
    ],
    [
      'a read-only file (SQLite would open it read-only without a word)',
      async (dir) => {
        await cli(dir, join(dir, 'gridbot.db'), ['migrate'])
        chmodSync(join(dir, 'gridbot.db'), 0o444)
        return join(dir, 'gridbot.db')
      },
    ],
  ])(
    '%s: npm start says so in one line naming GRIDBOT_DB and exits 1',
    async (_, make) => {
      const dir = tempDir()
      chmodSync(dir, 0o777)
      const dbFile = await make(dir)
      const bot = start(dir, dbFile, undefined, user)
      expect(await bot.exited).toBe(1)
      expect(oneLine(bot.err), bot.err).toHaveLength(1)
      expect(bot.err).toContain('GRIDBOT_DB')
      expect(bot.err).toContain('read-only')
    },
    30_000,
  )
})

describe('one bot per database', () => {
  it('a second start on the same database exits 1 with one line while the first runs; the CLI still reads it', async () => {
    const dir = tempDir()
    const dbFile = join(dir, 'data', 'gridbot.db')
    const first = start(dir, dbFile, 'gridbot started')
    await first.ready
    const lock = readFileSync(`${dbFile}.lock`, 'utf8')
    expect(lock.trim()).toBe(String(first.child.pid))

    const second = start(dir, dbFile)
    expect(await second.exited).toBe(1)
    const lines = oneLine(second.err)
    expect(lines, second.err).toHaveLength(1)
    expect(lines[0]).toMatch(/another gridbot/)
    expect(lines[0]).toContain(String(first.child.pid))
    expect(lines[0]).toContain(dbFile)
    expect(second.out).not.toContain('gridbot started')

    // Read-only work goes on beside the running bot.
    expect(await cli(dir, dbFile, ['stats', '--from', '2020-01-01'])).toMatchObject({ code: 0, err: '' })
    expect(await cli(dir, dbFile, ['export', 'cases'])).toMatchObject({ code: 0, err: '' })
    expect(await cli(dir, dbFile, ['backup', join(dir, 'copy.db')])).toMatchObject({ code: 0, err: '' })
    expect((await cli(dir, dbFile, ['doctor'])).out).toContain('数据库')

    first.child.kill('SIGTERM')
    expect(await first.exited).toBe(0)
    expect(existsSync(`${dbFile}.lock`)).toBe(false) // removed on exit
  }, 90_000)

  it('a lock left by a process that died is taken over', async () => {
    const dir = tempDir()
    const dbFile = join(dir, 'gridbot.db')
    const dead = spawnSync(process.execPath, ['-e', '0']).pid! // exited: its pid is free
    writeFileSync(`${dbFile}.lock`, `${dead}\n`)
    const bot = start(dir, dbFile, 'gridbot started')
    await bot.ready
    expect(readFileSync(`${dbFile}.lock`, 'utf8').trim()).toBe(String(bot.child.pid))
    bot.child.kill('SIGTERM')
    expect(await bot.exited).toBe(0)
  }, 60_000)
})
