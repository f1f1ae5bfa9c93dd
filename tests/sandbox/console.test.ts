import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createShiftableClock } from '../../src/clock.js'
import { createLogger } from '../../src/logger.js'
import { consolePage, isLoopbackAddress, startConsole } from '../../src/sandbox/console-server.js'
import { startSandbox } from '../../src/sandbox/start-sandbox.js'
import { openDatabase } from '../../src/store/database.js'
import { createRepos, type Repos } from '../../src/store/repos.js'

const GRID_1 = 'sandbox-grid-1@chatroom'
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')

describe('the sandbox console (no bot: the simulated community, the console server and a database)', () => {
  const log = createLogger('silent')
  let sandbox: Awaited<ReturnType<typeof startSandbox>>
  let web: Awaited<ReturnType<typeof startConsole>>
  let repos: Repos
  let base = ''
  const dataDir = mkdtempSync(join(tmpdir(), 'gridbot-console-data-'))

  beforeAll(async () => {
    sandbox = await startSandbox(log)
    repos = createRepos(openDatabase(':memory:'))
    web = await startConsole(
      { sandbox, repos, clock: createShiftableClock(), timeZone: 'Asia/Shanghai', admins: [], dataDir, log, tick: async () => undefined },
      { port: 0, host: '127.0.0.1' },
    )
    base = `http://127.0.0.1:${web.port}`
  }, 30_000)
  afterAll(async () => {
    await web?.stop()
    await sandbox?.stop()
  })

  /** What the console shows for the next message `fn` makes a member say. */
  async function shown(fn: () => void): Promise<string> {
    const next = new Promise<string>((resolve) => {
      const off = sandbox.onMessage((e) => (off(), resolve(e.text)))
    })
    fn()
    return next
  }

  it('shows a message as typed: no internal id for the bot, a mention written in the text not written again', async () => {
    // What the composer sends for `@小助手 6号楼北侧路灯坏了`: the text as typed and the bot among the mentions.
    expect(await shown(() => sandbox.say('sandbox-r1-1', GRID_1, '@小助手 6号楼北侧路灯坏了', [sandbox.botId]))).toBe(
      '@小助手 6号楼北侧路灯坏了',
    )
    expect(await shown(() => sandbox.say('sandbox-worker-1', GRID_1, '#指派 4 @3栋1单元301 李四', ['sandbox-r1-2']))).toBe(
      '#指派 4 @3栋1单元301 李四',
    )
    // By WeChat name, too: the nickname is not added before it.
    expect(await shown(() => sandbox.say('sandbox-worker-1', GRID_1, '#指派 4 @李四', ['sandbox-r1-2']))).toBe('#指派 4 @李四')
    // A mention the text lacks (the demo admin's setup script) is still shown, once, before the text.
    expect(await shown(() => sandbox.say('sandbox-admin', GRID_1, '#设置 网格员', ['sandbox-worker-1']))).toBe('@网格员 李芳 #设置 网格员')
  })

  it('@-mentions from the composer the one written, by its longest name: @小助手2 is the second account, not 小助手 and "2"', async () => {
    const GRID_2 = 'sandbox-grid-2@chatroom'
    /** The mentions of the message the composer's POST makes a member say. */
    const mentioned = async (memberId: string, roomId: string, text: string) => {
      const next = new Promise<string[]>((resolve) => {
        const off = sandbox.onMessage((e) => (off(), resolve(e.mentionIds)))
      })
      const r = await fetch(`${base}/api/say`, { method: 'POST', body: JSON.stringify({ memberId, roomId, text }) })
      expect(r.status).toBe(200)
      return next
    }
    expect(await mentioned('sandbox-admin', GRID_2, '@小助手2 #名单')).toEqual(['sandbox-bot-2'])
    expect(await mentioned('sandbox-r2-1', GRID_2, '@小助手 #帮助')).toEqual([sandbox.botId])
    expect(await mentioned('sandbox-r2-1', GRID_2, '@小助手2 @小助手 你们好')).toEqual(['sandbox-bot-2', sandbox.botId])
    // A resident's group nickname, spaces and all.
    expect(await mentioned('sandbox-worker-1', GRID_1, '#指派 4 @3栋1单元301 李四')).toEqual(['sandbox-r1-2'])
  })

  it("serves a case's stored photo from the data folder's attachments, and nothing outside it", async () => {
    const dir = join(dataDir, 'attachments', '7')
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'm1.png'), PNG)
    const stored = repos.cases.addAttachment({ caseId: null, roomId: GRID_1, senderId: 'sandbox-r1-1', messageId: 'm1', createdAt: 0 })!
    repos.cases.markAttachment(stored, { status: 'stored', path: join(dir, 'm1.png') })
    const outside = join(dataDir, 'gridbot.db')
    writeFileSync(outside, 'not a photo')
    const elsewhere = repos.cases.addAttachment({ caseId: null, roomId: GRID_1, senderId: 'sandbox-r1-1', messageId: 'm2', createdAt: 0 })!
    repos.cases.markAttachment(elsewhere, { status: 'stored', path: outside })
    const pending = repos.cases.addAttachment({ caseId: null, roomId: GRID_1, senderId: 'sandbox-r1-1', messageId: 'm3', createdAt: 0 })!

    const photo = await fetch(`${base}/api/photo/${stored}`)
    expect(photo.status).toBe(200)
    expect(photo.headers.get('content-type')).toBe('image/png')
    expect(Buffer.from(await photo.arrayBuffer()).equals(PNG)).toBe(true)
    for (const id of [elsewhere, pending, 999]) {
      const r = await fetch(`${base}/api/photo/${id}`)
      expect(r.status).toBe(404)
      expect(await r.json()).toEqual({ error: '没有这张图片' })
    }
    expect((await fetch(`${base}/api/photo/..%2Fgridbot.db`)).status).toBe(404)
    expect(((await (await fetch(`${base}/api/state`)).json()) as { photosHere: boolean }).photosHere).toBe(true) // thumbnails on the cards
  })

  it('answers photo requests from loopback only', () => {
    for (const a of ['127.0.0.1', '127.8.9.1', '::1', '::ffff:127.0.0.1']) expect(isLoopbackAddress(a)).toBe(true)
    for (const a of ['192.168.1.20', '::ffff:10.0.0.3', 'fe80::1', '10.127.0.0.1', undefined]) expect(isLoopbackAddress(a)).toBe(false)
  })

  it("fills the page's text in from src/text (markup and script), and refuses a key it lacks", () => {
    const html = readFileSync(new URL('../../src/sandbox/console/index.html', import.meta.url), 'utf8')
    const page = consolePage(html)
    expect(page).not.toMatch(/\{\{\w+\}\}|__TEXT__/)
    expect(page).toContain('<title>居民小助手 · 沙盒</title>')
    expect(page).toContain('"openPrivate":"私聊小助手"')
    expect(() => consolePage('<p>{{nothing}}</p>')).toThrow(/no text "nothing"/)
  })
})
