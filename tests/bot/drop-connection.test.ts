import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { PuppetServer } from 'wechaty-puppet-service'
import { SessionKeepingPuppetService } from '../../src/bot/drop-connection.js'
import { freePort } from '../../src/sandbox/start-sandbox.js'
import { SandboxPuppet } from '../../src/sandbox/sandbox-puppet.js'
import { SessionLosingPuppet } from '../support/session-losing-puppet.js'

// The client keeps a payload cache under $HOME/.wechaty once logged in: not in the real home.
process.env.HOME = mkdtempSync(join(tmpdir(), 'gridbot-drop-'))

describe('a client that drops its connection instead of stopping the provider', () => {
  const provider = new SessionLosingPuppet()
  const token = 'insecure_drop-connection-test'
  let endpoint = ''
  let server: PuppetServer | undefined
  const serve = async () => {
    server = new PuppetServer({ endpoint, puppet: provider, token })
    await server.start()
  }
  const client = () => {
    const c = new SessionKeepingPuppetService({ token, endpoint })
    c.on('error', () => undefined) // as Wechaty listens: a dropped stream reports "1 CANCELLED"
    return c
  }
  /** Starts a client and resolves with it once the provider's account is logged in on it. */
  async function connect(): Promise<SessionKeepingPuppetService> {
    const c = client()
    const login = new Promise((resolve) => c.once('login', resolve))
    await c.start()
    await login
    return c
  }

  beforeAll(async () => {
    endpoint = `127.0.0.1:${await freePort()}`
    provider.mocker.login(provider.mocker.createContact({ id: 'bot', name: '小助手' }))
    await serve()
  })
  afterAll(async () => server?.stop())

  it('stops without stopping or logging out the provider, and the next client finds the account logged in', async () => {
    const first = await connect()
    await first.stop()
    const second = await connect()
    expect(second.currentUserId).toBe('bot')
    await second.stop()
    expect({ stops: provider.stops, logouts: provider.logouts, loggedIn: provider.isLoggedIn }).toEqual({
      stops: 0,
      logouts: 0,
      loggedIn: true,
    })
  }, 20_000)

  it('fails to start at once while the service is down, and leaves nothing that could stop it on its return', async () => {
    await server!.stop()
    const c = client()
    const started = Date.now()
    await expect(c.start()).rejects.toThrow(/UNAVAILABLE/)
    // A plain PuppetService rolls back only after 5 s, with a `stop` RPC to whatever listens by then.
    expect(Date.now() - started).toBeLessThan(2_000)
    expect(c.state.inactive()).toBe(true)
    await serve()
    const next = await connect()
    await next.stop()
    expect({ stops: provider.stops, logouts: provider.logouts, loggedIn: provider.isLoggedIn }).toEqual({
      stops: 0,
      logouts: 0,
      loggedIn: true,
    })
  }, 20_000)
})

describe('the payload caches of several accounts in one process', () => {
  it("a restarted client waits for its own directory's close, not for another account's", async () => {
    type Store = { start(id: string): Promise<void>; stop(): Promise<void>; storeDir: string }
    const storeOf = (c: SessionKeepingPuppetService) => (c as unknown as { _payloadStore: Store })._payloadStore
    const proto = Object.getPrototypeOf(storeOf(new SessionKeepingPuppetService({ token: 'insecure_probe' }))) as Store
    let closeA: () => void = () => undefined
    const stops = [new Promise<void>((resolve) => (closeA = resolve)), Promise.resolve()]
    const started: string[] = []
    const stop = vi.spyOn(proto, 'stop').mockImplementation(() => stops.shift() ?? Promise.resolve())
    const start = vi.spyOn(proto, 'start').mockImplementation(async function (this: Store) {
      started.push(this.storeDir)
    })
    try {
      const home = mkdtempSync(join(tmpdir(), 'gridbot-caches-'))
      const oldA = new SessionKeepingPuppetService({ token: 'insecure_a' }, join(home, 'a'))
      const b = new SessionKeepingPuppetService({ token: 'insecure_b' }, join(home, 'b'))
      const newA = new SessionKeepingPuppetService({ token: 'insecure_a' }, join(home, 'a'))
      ;(newA as unknown as { __currentUserId: string }).__currentUserId = 'bot-a' // logged in, as at a login event
      void storeOf(oldA).stop() // account A's old client still closing its cache
      await storeOf(b).stop() // account B closed its own meanwhile
      const starting = storeOf(newA).start('bot-a')
      await new Promise((resolve) => setTimeout(resolve, 20))
      expect(started).toEqual([]) // B's close does not let A open a directory still locked
      closeA()
      await starting
      expect(started).toEqual([storeOf(newA).storeDir])
    } finally {
      stop.mockRestore()
      start.mockRestore()
    }
  })
})

describe("a client's cache of room members", () => {
  it('fetches each member of a roster read at once from the service once, and keeps every one (no entry lost to a concurrent write)', async () => {
    let fetched = 0
    class CountingPuppet extends SandboxPuppet {
      override async roomMemberRawPayload(roomId: string, contactId: string) {
        fetched++
        return super.roomMemberRawPayload(roomId, contactId)
      }
    }
    const provider = new CountingPuppet()
    const m = provider.mocker
    const me = m.createContact({ id: 'bot', name: '小助手' })
    const ids = Array.from({ length: 60 }, (_, i) => m.createContact({ id: `c${i}`, name: `居民${i}` }).id)
    m.createRoom({ id: 'big@chatroom', topic: '1号网格群', memberIdList: ['bot', ...ids] })
    m.login(me)
    const token = 'insecure_room-member-cache'
    const endpoint = `127.0.0.1:${await freePort()}`
    const server = new PuppetServer({ endpoint, puppet: provider, token })
    await server.start()
    const client = new SessionKeepingPuppetService({ token, endpoint }, mkdtempSync(join(tmpdir(), 'gridbot-members-')))
    client.on('error', () => undefined)
    try {
      const login = new Promise((resolve) => client.once('login', resolve))
      await client.start()
      await login
      // The raw read, below Wechaty's own LRU: what a roster sync's reads reach on a cache miss.
      const readAll = () => Promise.all(ids.map((id) => client.roomMemberRawPayload('big@chatroom', id)))
      const first = await readAll()
      expect(first.map((p) => p.name)).toEqual(ids.map((_, i) => `居民${i}`))
      expect(fetched).toBe(60)
      await readAll()
      expect(fetched).toBe(60)
    } finally {
      await client.stop()
      await server.stop()
    }
  })
})
