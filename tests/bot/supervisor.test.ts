import { describe, expect, it } from 'vitest'
import { createSupervisor } from '../../src/bot/supervisor.js'
import { createLogger } from '../../src/logger.js'

/** Manual timers: a test fires them in order of due time. */
function manualTimers() {
  let now = 0
  const pending: { at: number; fn: () => void; id: number }[] = []
  let seq = 0
  return {
    now: () => now,
    setTimeout: (fn: () => void, ms: number) => {
      const t = { at: now + ms, fn, id: ++seq }
      pending.push(t)
      return t.id
    },
    clearTimeout: (id: unknown) => {
      const i = pending.findIndex((t) => t.id === id)
      if (i >= 0) pending.splice(i, 1)
    },
    async advance(ms: number) {
      const end = now + ms
      for (;;) {
        pending.sort((a, b) => a.at - b.at)
        const t = pending[0]
        if (!t || t.at > end) break
        pending.shift()
        now = t.at
        t.fn()
        await new Promise((r) => setImmediate(r))
      }
      now = end
    },
  }
}

describe('the connection supervisor', () => {
  it('restarts after a logout with exponential backoff until a restart succeeds, then resets', async () => {
    const timers = manualTimers()
    const restarts: number[] = []
    let failNext = 2
    const sup = createSupervisor({
      log: createLogger('silent'),
      now: timers.now,
      timers,
      probe: () => undefined,
      restart: async () => {
        restarts.push(timers.now())
        if (failNext-- > 0) throw new Error('UNAVAILABLE')
      },
    })
    sup.start()
    sup.reportDead('logout')
    sup.reportDead('error') // a second signal while a restart is pending changes nothing
    await timers.advance(10_000)
    expect(restarts).toEqual([1_000, 3_000, 6_000]) // +1 s, then +2 s, then +3 s (no more while restarts fail)
    sup.loggedIn()
    sup.reportDead('logout')
    await timers.advance(2_000)
    expect(restarts).toEqual([1_000, 3_000, 6_000, 11_000]) // backoff starts over at 1 s
    sup.stop()
  })

  it('probes a silent connection and restarts it when nothing answers', async () => {
    const timers = manualTimers()
    let probes = 0
    let restarts = 0
    const sup = createSupervisor({
      log: createLogger('silent'),
      now: timers.now,
      timers,
      heartbeatTimeoutMs: 120_000,
      probe: () => probes++,
      restart: async () => void restarts++,
    })
    sup.start()
    for (let t = 0; t < 100_000; t += 20_000) {
      await timers.advance(20_000)
      sup.alive()
    }
    expect(restarts).toBe(0)
    await timers.advance(90_000)
    expect(probes).toBeGreaterThan(0)
    expect(restarts).toBe(0)
    await timers.advance(60_000)
    expect(restarts).toBe(1)
    sup.stop()
  })

  it('survives a probe that throws (a Wechaty between two puppets has none to ding) and still restarts a silent line', async () => {
    const timers = manualTimers()
    let restarts = 0
    const sup = createSupervisor({
      log: createLogger('silent'),
      now: timers.now,
      timers,
      heartbeatTimeoutMs: 120_000,
      probe: () => {
        throw new Error('NOPUPPET')
      },
      restart: async () => void restarts++,
    })
    sup.start()
    await timers.advance(160_000)
    expect(restarts).toBe(1)
    sup.stop()
  })

  /**
   * A restart as Wechaty does it over wechaty-puppet-service: start() resolves even when the service is down,
   * after the puppet emitted a connection error (the bot reports it); when the service is up, the login comes.
   */
  function outage(downUntil: number) {
    const timers = manualTimers()
    const restarts: number[] = []
    const sup = createSupervisor({
      log: createLogger('silent'),
      now: timers.now,
      timers,
      probe: () => undefined,
      restart: async () => {
        restarts.push(timers.now())
        if (timers.now() < downUntil)
          sup.reportDead('error') // 14 UNAVAILABLE: No connection established
        else sup.loggedIn()
      },
    })
    sup.start()
    return { timers, restarts, sup }
  }

  for (const downMs of [20_000, 3 * 60_000]) {
    it(`notices a service back after ${downMs / 1000} s down within 3 s, polling it at most every 3 s meanwhile`, async () => {
      const { timers, restarts, sup } = outage(downMs)
      sup.reportDead('error')
      await timers.advance(downMs + 60_000)
      const during = restarts.filter((t) => t < downMs)
      const gaps = during.slice(1).map((t, i) => t - during[i]!)
      expect(Math.max(...gaps)).toBeLessThanOrEqual(3_000)
      expect(during.length).toBeLessThanOrEqual(downMs / 3_000 + 2) // bounded: no hammering
      const back = restarts.find((t) => t >= downMs)!
      expect(back - downMs).toBeLessThanOrEqual(3_000)
      // The login came during that restart: no "no login after restart" restart follows it.
      expect(restarts.at(-1)).toBe(back)
      sup.stop()
    })
  }

  it('keeps the full backoff for a service that answers but does not log in', async () => {
    const timers = manualTimers()
    const restarts: number[] = []
    const sup = createSupervisor({
      log: createLogger('silent'),
      now: timers.now,
      timers,
      probe: () => undefined,
      restart: async () => void restarts.push(timers.now()),
    })
    sup.start()
    sup.reportDead('logout')
    await timers.advance(50_000)
    // Each restart waits 10 s for a login, then +2 s, +4 s, +8 s.
    expect(restarts).toEqual([1_000, 13_000, 27_000, 45_000])
    sup.stop()
  })
})
