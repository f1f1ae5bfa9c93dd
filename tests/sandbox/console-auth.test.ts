import { tmpdir } from 'node:os'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createShiftableClock } from '../../src/clock.js'
import { ConfigError, loadConfig } from '../../src/config.js'
import { createLogger } from '../../src/logger.js'
import { startConsole } from '../../src/sandbox/console-server.js'
import { startSandbox } from '../../src/sandbox/start-sandbox.js'
import { openDatabase } from '../../src/store/database.js'
import { createRepos } from '../../src/store/repos.js'

describe('the console off loopback', () => {
  it('refuses to start with a non-loopback host and no token', () => {
    expect(() => loadConfig({ GRIDBOT_SANDBOX_HOST: '0.0.0.0' })).toThrow(ConfigError)
    expect(() => loadConfig({ GRIDBOT_SANDBOX_HOST: '0.0.0.0' })).toThrow(
      /^GRIDBOT_SANDBOX_TOKEN: required when GRIDBOT_SANDBOX_HOST is not loopback/,
    )
    expect(loadConfig({ GRIDBOT_SANDBOX_HOST: '0.0.0.0', GRIDBOT_SANDBOX_TOKEN: 's3cret' }).sandbox).toEqual({
      port: 8788,
      host: '0.0.0.0',
      token: 's3cret',
    })
  })

  describe('with a token', () => {
    const log = createLogger('silent')
    let sandbox: Awaited<ReturnType<typeof startSandbox>>
    let web: Awaited<ReturnType<typeof startConsole>>
    let base = ''
    let ticks = 0
    beforeAll(async () => {
      sandbox = await startSandbox(log)
      const clock = createShiftableClock()
      web = await startConsole(
        {
          sandbox,
          repos: createRepos(openDatabase(':memory:')),
          clock,
          timeZone: 'Asia/Shanghai',
          admins: [],
          dataDir: tmpdir(),
          log,
          tick: async () => void ticks++,
        },
        { port: 0, host: '127.0.0.1', token: 's3cret' },
      )
      base = `http://127.0.0.1:${web.port}`
    }, 30_000)
    afterAll(async () => {
      await web?.stop()
      await sandbox?.stop()
    })

    it('answers 401 without it, and lets the page in with ?token (then by cookie)', async () => {
      expect((await fetch(`${base}/`)).status).toBe(401)
      expect((await fetch(`${base}/api/state`)).status).toBe(401)
      expect((await fetch(`${base}/api/state?token=wrong`)).status).toBe(401)
      const page = await fetch(`${base}/?token=s3cret`)
      expect(page.status).toBe(200)
      expect(await page.text()).toContain('居民小助手 · 沙盒')
      const cookie = page.headers.get('set-cookie')!.split(';')[0]!
      const state = await fetch(`${base}/api/state`, { headers: { cookie } })
      expect(state.status).toBe(200)
      expect(((await state.json()) as { groups: unknown[] }).groups).toHaveLength(5) // two grids, the community's, the street's, the department's
    })

    it('moves the clock only by the offered steps, and rejects bad input with one line', async () => {
      const cookie = `gridbot_token=s3cret`
      const post = (path: string, body: string) =>
        fetch(`${base}${path}`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body })
      const before = ((await (await fetch(`${base}/api/state`, { headers: { cookie } })).json()) as { clock: { now: number } }).clock.now
      const moved = (await (await post('/api/clock', '{"advance":"1d"}')).json()) as { now: number }
      expect(moved.now - before).toBeGreaterThanOrEqual(86_400_000)
      expect(moved.now - before).toBeLessThan(86_400_000 + 10_000)
      expect(ticks).toBe(1) // the rules ran at once
      expect(await (await post('/api/clock', '{"advance":"7d"}')).json()).toEqual({ error: '只能前进 30m、1h 或 1d' })
      expect(await (await post('/api/say', '{"memberId":"nobody","text":"hi"}')).json()).toEqual({ error: '没有这个成员' })
      expect(await (await post('/api/say', '{"memberId":"sandbox-r2-1","roomId":"sandbox-grid-1@chatroom","text":"hi"}')).json()).toEqual({
        error: '该成员不在这个群',
      })
      expect(await (await post('/api/say', 'not json')).json()).toEqual({ error: '请求有误' })
    })
  })
})
