import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGrpcWorld, type Seen } from '../support/grpc-world.js'
import { SessionLosingPuppet } from '../support/session-losing-puppet.js'

type World = Awaited<ReturnType<typeof createGrpcWorld<SessionLosingPuppet>>>

// Project issue 16, item 5: a reconnect must drop the old connection without stopping the provider's
// puppet; against a provider that does not log itself back in, a stopped puppet leaves the bot deaf.
describe('reconnecting against a provider whose puppet loses the session when stopped', () => {
  let w: World
  const room = 'reconnect-grid@chatroom'
  let n = 0

  beforeAll(async () => {
    w = await createGrpcWorld(new SessionLosingPuppet())
    const m = w.mocker
    m.createContact({ id: 'admin', name: '周主任' })
    m.createContact({ id: 'zhang', name: '张三' })
    m.createRoom({ id: room, topic: '重连网格群', memberIdList: [w.botUser.id, 'admin', 'zhang'] })
    await w.startBot()
    w.say('admin', room, '#绑定网格 幸福街道 阳光社区 5号网格')
    await w.waitFor((s) => s.roomId === room && s.text.includes('已绑定'))
  }, 60_000)
  afterAll(async () => w?.close())

  /**
   * Says a new report in the group every 250 ms until one is answered (said while the bot is away, they are lost).
   * Resolves with the ms from `since` to that reply, or undefined after `giveUpMs`.
   */
  async function reportAnsweredAfter(since: number, giveUpMs = 20_000): Promise<number | undefined> {
    const before = new Set(w.seen.map((s) => s.id))
    let reply: Seen | undefined
    while (!reply && Date.now() - since < giveUpMs) {
      w.say('zhang', room, `#报事 ${++n}号楼楼道灯不亮`)
      reply = await w.waitFor((s) => s.roomId === room && /编号 \d+ 已登记/.test(s.text) && !before.has(s.id), 250).catch(() => undefined)
    }
    if (!reply) console.log(w.output.slice(-4000))
    return reply && Date.now() - since
  }

  /** The account stayed logged in on the provider: nothing stopped its puppet or logged it out. */
  function expectSessionKept(): void {
    expect({ stops: w.puppet.stops, logouts: w.puppet.logouts, loggedIn: w.puppet.isLoggedIn }).toEqual({
      stops: 0,
      logouts: 0,
      loggedIn: true,
    })
  }

  it('answers before any outage', async () => {
    expect(await reportAnsweredAfter(Date.now(), 10_000)).toBeLessThan(5_000)
    expectSessionKept()
  }, 20_000)

  /** Resolves once the bot logged in `count` times in all (polls its log). */
  async function loggedInTimes(count: number, timeoutMs = 20_000): Promise<void> {
    const started = Date.now()
    while ((w.output.match(/"msg":"logged in"/g) ?? []).length < count) {
      if (Date.now() - started > timeoutMs) throw new Error(`not logged in ${count} times:\n${w.output.slice(-4000)}`)
      await new Promise((r) => setTimeout(r, 20))
    }
  }

  it('reconnects while the service is up (it reported a dropped connection) without stopping the provider', async () => {
    const logins = (w.output.match(/"msg":"logged in"/g) ?? []).length
    // The old connection still works here: the old client's `stop` RPC would reach the provider, and the
    // provider takes one event stream at a time, so the old one must really end.
    w.puppet.emit('error', { data: '14 UNAVAILABLE: Connection dropped' })
    await loggedInTimes(logins + 1)
    const ms = await reportAnsweredAfter(Date.now(), 10_000)
    expectSessionKept()
    expect(ms).toBeDefined()
    expect(ms).toBeLessThan(5_000)
  }, 30_000)

  it('after a 20 s outage keeps the account logged in and answers a report within 5 s of the return', async () => {
    await w.outage(20_000)
    const ms = await reportAnsweredAfter(Date.now())
    console.log(`answered ${ms} ms after the service returned from a 20 s outage`)
    expect(w.output).toMatch(/puppet connection lost, restarting/)
    expectSessionKept()
    expect(ms).toBeDefined()
    expect(ms).toBeLessThan(5_000)
  }, 60_000)

  // 3 real minutes: off by default (the supervisor test shows the backoff after 3 minutes down without waiting).
  it.skipIf(!process.env.GRIDBOT_E2E_LONG_OUTAGE)(
    'after a 3-minute outage keeps the account logged in and answers within 5 s of the return',
    async () => {
      await w.outage(180_000)
      const ms = await reportAnsweredAfter(Date.now())
      console.log(`answered ${ms} ms after the service returned from a 3-minute outage`)
      expectSessionKept()
      expect(ms).toBeDefined()
      expect(ms).toBeLessThan(5_000)
    },
    240_000,
  )
})
