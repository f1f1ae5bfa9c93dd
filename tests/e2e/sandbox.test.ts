import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'

/** `npm start` without a token (the sandbox) in HOME `home` with its data in `data`, on any free console port. */
function startSandbox(home: string, data: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { PATH: process.env.PATH ?? '', HOME: home, GRIDBOT_DATA_DIR: data, GRIDBOT_SANDBOX_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  let out = ''
  let err = ''
  child.stdout!.on('data', (d) => (out += d))
  child.stderr!.on('data', (d) => (err += d))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return {
    child,
    exited,
    get out() {
      return out
    },
    get err() {
      return err
    },
    /** The console's address, once it listens. */
    async url(): Promise<string> {
      for (const started = Date.now(); Date.now() - started < 60_000; await sleep(100)) {
        const m = /沙盒控制台：(\S+)/.exec(out)
        if (m) return m[1]!
        if (child.exitCode !== null) break
      }
      throw new Error(`the sandbox did not start: ${out}${err}`)
    },
    /** SIGTERM once it is fully up (its shutdown handlers are in place), and its exit code. */
    async stop(): Promise<number | null> {
      for (const started = Date.now(); !out.includes('gridbot started') && child.exitCode === null; await sleep(100))
        if (Date.now() - started > 60_000) throw new Error(`the sandbox did not finish starting: ${out}${err}`)
      child.kill('SIGTERM')
      return exited
    },
  }
}

interface State {
  clock: { now: number; text: string }
  messages: { roomId: string | null; text: string; fromBot: boolean }[]
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const state = async (url: string) => (await (await fetch(new URL('/api/state', url))).json()) as State
const advance = async (url: string, step: '30m' | '1h' | '1d') =>
  (await (
    await fetch(new URL('/api/clock', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advance: step }),
    })
  ).json()) as { now: number; text: string }

/** Polls the console until `test` holds of its state. */
async function until(url: string, test: (s: State) => boolean, what: string, ms = 30_000): Promise<State> {
  let s = await state(url)
  for (const started = Date.now(); !test(s); s = await state(url)) {
    if (Date.now() - started > ms)
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(s.messages.map((m) => m.text).slice(-10))}`)
    await sleep(200)
  }
  return s
}

const STAFF_ROOM = 'sandbox-staff@chatroom'
const digests = (s: State) => s.messages.filter((m) => m.fromBot && m.roomId === STAFF_ROOM && m.text.includes('日报')).length
const setUp = (s: State) => s.messages.some((m) => m.fromBot && m.text.includes('编号 1 已登记'))

const children: ChildProcess[] = []
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL')
})

describe('the sandbox as npm start runs it', () => {
  it('starts without a DeprecationWarning; each +1天 past 08:30 sends the 日报 and past 03:00 writes the backup; a restart keeps the moved clock', async () => {
    const home = mkdtempSync(join(tmpdir(), 'gridbot-sandbox-'))
    const data = join(home, 'data')
    const first = startSandbox(home, data)
    const url = await first.url()
    await until(url, setUp, "the demo admin's setup and first report")
    expect(first.out + first.err).not.toContain('DeprecationWarning')
    expect(first.err).toBe('')

    const before = (await state(url)).clock.now
    expect((await advance(url, '1d')).now).toBeGreaterThanOrEqual(before + 86_400_000)
    await until(url, (s) => digests(s) === 1, 'the first 日报')
    const moved = await advance(url, '1d')
    await until(url, (s) => digests(s) === 2, 'the second 日报')
    const backups = readdirSync(join(data, 'backups')).filter((f) => f.endsWith('.db'))
    expect(backups).toHaveLength(2) // one for each 03:00 the clock went past, named by the sandbox's time
    expect(
      backups
        .sort()
        .at(-1)!
        .slice('gridbot-'.length, 'gridbot-'.length + 8),
    ).toBe(new Date(moved.now + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', ''))
    expect(await first.stop()).toBe(0)

    const again = startSandbox(home, data)
    const url2 = await again.url()
    const resumed = (await state(url2)).clock.now
    expect(resumed).toBeGreaterThanOrEqual(moved.now) // not back to the real time, two days behind
    expect(resumed - moved.now).toBeLessThan(5 * 60_000) // the wall time the restart took
    expect(await again.stop()).toBe(0)
  }, 180_000)

  it('a second start on the same data says in one line that another runs with it and how to run a second one; with its own GRIDBOT_DATA_DIR it runs beside the first', async () => {
    const home = mkdtempSync(join(tmpdir(), 'gridbot-sandbox-'))
    const first = startSandbox(home, join(home, 'data'))
    const url = await first.url()
    await until(url, setUp, "the first sandbox's setup")

    const same = startSandbox(home, join(home, 'data'))
    expect(await same.exited).not.toBe(0)
    const lines = same.err.trimEnd().split('\n')
    expect(lines, same.err).toHaveLength(1)
    expect(lines[0]).toContain(`another gridbot (pid ${first.child.pid}) is running with this data`)
    expect(lines[0]).toContain(`GRIDBOT_DATA_DIR=${join(home, 'data')}2`)
    expect(same.out).not.toContain('沙盒控制台')

    // The same HOME (wechaty-puppet-service's payload cache, a LevelDB locked while open, used to live there).
    const other = startSandbox(home, join(home, 'data2'))
    const url2 = await other.url()
    await until(url2, setUp, "the second sandbox's setup")
    await sleep(2_000)
    expect(other.child.exitCode).toBeNull()
    expect(other.err).toBe('')
    expect(existsSync(join(home, 'data2', 'gridbot.db'))).toBe(true) // the database goes with the data folder
    expect(existsSync(join(home, 'data2', 'wechaty'))).toBe(true)
    expect(existsSync(join(home, '.wechaty'))).toBe(false)
    expect(await other.stop()).toBe(0)
    expect(await first.stop()).toBe(0)
  }, 180_000)
})
