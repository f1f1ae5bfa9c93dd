import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PuppetServer } from 'wechaty-puppet-service'
import { SandboxPuppet } from '../../src/sandbox/sandbox-puppet.js'
import { freePort } from '../../src/sandbox/start-sandbox.js'

/** A message the bot sent, as the puppet server saw it. */
export interface Seen {
  id: string
  roomId?: string
  listenerId?: string
  talkerId: string
  text: string
  mentionIds: string[]
}

/**
 * A local PuppetServer wrapping the mock (with group nicknames), and the bot as a separate process
 * running `npm start`'s code (src/main.ts) with a token and endpoint: the production transport, over gRPC with TLS.
 * The provider's puppet is a SandboxPuppet unless one (such as a stricter subclass) is passed; `dataDir` puts the
 * database and the data folder elsewhere (a small disk); HOME stays in a temporary folder.
 */
export async function createGrpcWorld<P extends SandboxPuppet = SandboxPuppet>(
  puppet: P = new SandboxPuppet() as P,
  opts: { dataDir?: string } = {},
) {
  const mocker = puppet.mocker
  const botUser = mocker.createContact({ id: 'bot-e2e', name: '小助手' })
  const port = await freePort()
  const token = 'insecure_e2e-test'
  let server = new PuppetServer({ endpoint: `127.0.0.1:${port}`, puppet, token })
  await server.start()
  mocker.login(botUser)
  const dir = mkdtempSync(join(tmpdir(), 'gridbot-e2e-'))
  const seen: Seen[] = []
  const waiters: { test: (s: Seen) => boolean; resolve: (s: Seen) => void }[] = []
  puppet.on('message', ({ messageId }) => {
    const p = mocker.messagePayload(messageId) as {
      id: string
      roomId?: string
      listenerId?: string
      talkerId: string
      text?: string
      mentionIdList?: string[]
    }
    if (p.talkerId !== botUser.id) return
    const s: Seen = {
      id: p.id,
      roomId: p.roomId,
      listenerId: p.listenerId,
      talkerId: p.talkerId,
      text: p.text ?? '',
      mentionIds: p.mentionIdList ?? [],
    }
    seen.push(s)
    for (const w of [...waiters])
      if (w.test(s)) {
        waiters.splice(waiters.indexOf(w), 1)
        w.resolve(s)
      }
  })
  let child: ChildProcess | undefined
  let output = ''

  const world = {
    puppet,
    mocker,
    botUser,
    seen,
    dir,
    dbFile: join(opts.dataDir ?? dir, 'gridbot.db'),
    get output() {
      return output
    },
    /** A simulated member says something in a group, @-mentioning some contacts. */
    say(who: string, to: string, text: string, mentions: string[] = []): void {
      mocker.ContactMock.load(who)
        .say(
          text,
          mentions.map((id) => mocker.ContactMock.load(id)),
        )
        .to(mocker.RoomMock.load(to))
    },
    /** Starts the bot process; resolves once it logged in. */
    async startBot(env: Record<string, string> = {}): Promise<void> {
      child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        cwd: process.cwd(),
        env: {
          // wechaty-puppet-service keeps a payload cache (leveldb, one lock per token and user) under $HOME/.wechaty.
          PATH: process.env.PATH ?? '',
          HOME: dir,
          WECHATY_PUPPET_SERVICE_TOKEN: token,
          WECHATY_PUPPET_SERVICE_ENDPOINT: `127.0.0.1:${port}`,
          GRIDBOT_DB: world.dbFile,
          GRIDBOT_DATA_DIR: opts.dataDir ?? dir,
          GRIDBOT_ADMINS: 'admin',
          GRIDBOT_SEND_MIN_GAP_MS: '0',
          GRIDBOT_SEND_JITTER_MS: '0',
          GRIDBOT_SEND_MAX_PER_MINUTE: '10000',
          GRIDBOT_QUIET_HOURS: '',
          LOG_LEVEL: 'info',
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      child.stdout!.on('data', (d) => (output += d))
      child.stderr!.on('data', (d) => (output += d))
      const started = Date.now()
      while (!output.includes('roster synced')) {
        if (child.exitCode !== null) throw new Error(`bot exited: ${output}`)
        if (Date.now() - started > 30_000) throw new Error(`bot did not log in: ${output}`)
        await new Promise((r) => setTimeout(r, 50))
      }
    },
    /** Takes the puppet service down (as a provider outage would) and brings it back after `downMs`. */
    async outage(downMs: number): Promise<void> {
      await server.stop()
      await new Promise((r) => setTimeout(r, downMs))
      server = new PuppetServer({ endpoint: `127.0.0.1:${port}`, puppet, token })
      await server.start()
    },
    /** Kills the bot process at once (no graceful shutdown). */
    kill(): Promise<void> {
      return new Promise((resolve) => {
        if (!child || child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGKILL')
      })
    },
    /** Asks the bot process to stop gracefully and waits for it. */
    stopBot(): Promise<number | null> {
      return new Promise((resolve) => {
        if (!child || child.exitCode !== null) return resolve(child?.exitCode ?? null)
        child.once('exit', (code) => resolve(code))
        child.kill('SIGTERM')
      })
    },
    /** Resolves with the first bot message (already seen or coming) that passes `test`. */
    waitFor(test: (s: Seen) => boolean, timeoutMs = 15_000): Promise<Seen> {
      const hit = seen.find(test)
      if (hit) return Promise.resolve(hit)
      return new Promise((resolve, reject) => {
        const w = { test, resolve }
        waiters.push(w)
        setTimeout(
          () => reject(new Error(`timed out; bot said: ${JSON.stringify(seen.map((s) => s.text))}\n${output.slice(-2000)}`)),
          timeoutMs,
        ).unref()
      })
    },
    async close(): Promise<void> {
      await world.kill()
      await server.stop().catch(() => undefined)
    },
  }
  return world
}
