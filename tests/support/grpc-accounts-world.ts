import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PuppetServer } from 'wechaty-puppet-service'
import { accountPuppet, type Said } from './twin-world.js'
import { freePort } from '../../src/sandbox/start-sandbox.js'

/** A message one of the bot's accounts sent, as its provider saw it. */
export type SeenBy = Said

/**
 * Several WeChat accounts over gRPC: one PuppetServer (each wrapping its own mock, as each account has its own
 * provider session) per account, and the bot as a separate process running `npm start`'s code with a
 * GRIDBOT_ACCOUNTS file naming them. A group exists in each world of an account in it, under the same id.
 */
export async function createGrpcAccountsWorld(o: {
  accounts: { name: string; id: string }[]
  contacts: [id: string, name: string][]
  rooms: { id: string; topic: string; members: string[] }[]
}) {
  const dir = mkdtempSync(join(tmpdir(), 'gridbot-e2e-accounts-'))
  const seen: SeenBy[] = []
  const worlds = await Promise.all(
    o.accounts.map(async (a, i) => {
      const { puppet, me, rooms } = accountPuppet(a, o, seen)
      const port = await freePort()
      const token = `insecure_e2e-account-${i + 1}`
      const world = {
        ...a,
        puppet,
        me,
        port,
        token,
        rooms,
        server: new PuppetServer({ endpoint: `127.0.0.1:${port}`, puppet, token }),
      }
      await world.server.start()
      puppet.mocker.login(me)
      return world
    }),
  )
  const accountsFile = join(dir, 'accounts.yaml')
  writeFileSync(
    accountsFile,
    `accounts:\n${worlds.map((w) => `  - { name: ${w.name}, token: ${w.token}, endpoint: "127.0.0.1:${w.port}" }`).join('\n')}\n`,
  )
  const deaf = new Set<string>()
  let child: ChildProcess | undefined
  let output = ''
  const world = {
    seen,
    dir,
    dbFile: join(dir, 'gridbot.db'),
    get output() {
      return output
    },
    /** `who` says `text` in a group: every account in it receives it (but one whose provider stopped delivering). */
    say(who: string, roomId: string, text: string): void {
      for (const w of worlds)
        if (w.rooms.has(roomId) && !deaf.has(w.name))
          w.puppet.mocker.ContactMock.load(who).say(text).to(w.puppet.mocker.RoomMock.load(roomId))
    },
    /** From now on `name`'s provider delivers nothing said in a group, while its connection stays up, until `hearsAgain`. */
    stopsHearing: (name: string) => void deaf.add(name),
    hearsAgain: (name: string) => void deaf.delete(name),
    async startBot(): Promise<void> {
      child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        cwd: process.cwd(),
        env: {
          PATH: process.env.PATH ?? '',
          HOME: dir,
          GRIDBOT_ACCOUNTS: accountsFile,
          GRIDBOT_DB: world.dbFile,
          GRIDBOT_DATA_DIR: dir,
          GRIDBOT_ADMINS: 'admin',
          GRIDBOT_SEND_MIN_GAP_MS: '0',
          GRIDBOT_SEND_JITTER_MS: '0',
          GRIDBOT_SEND_MAX_PER_MINUTE: '10000',
          GRIDBOT_QUIET_HOURS: '',
          LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      child.stdout!.on('data', (d) => (output += d))
      child.stderr!.on('data', (d) => (output += d))
      const started = Date.now()
      while ((output.match(/roster synced/g) ?? []).length < worlds.length) {
        if (child.exitCode !== null) throw new Error(`bot exited: ${output}`)
        if (Date.now() - started > 30_000) throw new Error(`bot did not log in: ${output}`)
        await new Promise((r) => setTimeout(r, 50))
      }
    },
    /** Takes one account's puppet service down (a provider outage); `restore` brings it back. */
    async down(name: string): Promise<{ restore(): Promise<void> }> {
      const w = worlds.find((x) => x.name === name)!
      await w.server.stop()
      return {
        async restore() {
          w.server = new PuppetServer({ endpoint: `127.0.0.1:${w.port}`, puppet: w.puppet, token: w.token })
          await w.server.start()
        },
      }
    },
    /** Resolves with the first bot message (seen or coming) that passes `test`. */
    async waitFor(test: (s: SeenBy) => boolean, timeoutMs = 15_000): Promise<SeenBy> {
      for (const end = Date.now() + timeoutMs; Date.now() < end;) {
        const hit = seen.find(test)
        if (hit) return hit
        await new Promise((r) => setTimeout(r, 20))
      }
      throw new Error(`timed out; bot said: ${JSON.stringify(seen)}\n${output.slice(-3000)}`)
    },
    async close(): Promise<void> {
      if (child && child.exitCode === null) {
        const exited = new Promise((r) => child!.once('exit', r))
        child.kill('SIGKILL')
        await exited
      }
      for (const w of worlds) await w.server.stop().catch(() => undefined)
    },
  }
  return world
}
