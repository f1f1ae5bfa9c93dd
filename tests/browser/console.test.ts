import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../../src/sandbox/start-sandbox.js'

// Debian's Chromium (`apt-get install chromium`, as .ci/run does); no browser is downloaded.
const CHROMIUM = '/usr/bin/chromium'
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

describe('the sandbox console in headless Chromium', () => {
  let child: ChildProcess
  let browser: Browser
  let page: Page
  let url = ''
  let output = ''

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gridbot-console-'))
    const port = await freePort()
    // `npm start` with no token: the sandbox and its console. Quiet hours off so the real time of day does not matter.
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: dir,
        GRIDBOT_DB: join(dir, 'gridbot.db'),
        GRIDBOT_DATA_DIR: dir,
        GRIDBOT_SANDBOX_PORT: String(port),
        GRIDBOT_QUIET_HOURS: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stdout!.on('data', (d) => (output += d))
    child.stderr!.on('data', (d) => (output += d))
    const started = Date.now()
    while (!/沙盒控制台：(\S+)/.test(output)) {
      if (child.exitCode !== null || Date.now() - started > 30_000) throw new Error(`sandbox did not start: ${output}`)
      await new Promise((r) => setTimeout(r, 50))
    }
    url = /沙盒控制台：(\S+)/.exec(output)![1]!
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS })
    page = await browser.newPage({ viewport: { width: 1360, height: 860 } })
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    child?.kill('SIGTERM')
  })

  /** Where a screenshot goes: docs/ with GRIDBOT_SCREENSHOTS=1 (the README shows them), else a temporary file. */
  const shot = (name: string) => (process.env.GRIDBOT_SCREENSHOTS ? `docs/${name}` : join(tmpdir(), `gridbot-${name}`))
  const openConv = (title: string) => page.locator('[data-testid=conv]', { hasText: title }).click()
  async function sayAs(memberId: string, text: string): Promise<void> {
    await page.selectOption('[data-testid=member]', memberId)
    await page.fill('[data-testid=text]', text)
    await page.click('[data-testid=send]')
  }
  const bubble = (text: string) => page.locator('[data-testid=message]', { hasText: text })
  const state = async () =>
    (await (await fetch(new URL('/api/state', url))).json()) as {
      messages: { text: string; roomId: string | null; peerId: string | null; mentionIds: string[]; fromBot: boolean }[]
    }

  it('a report from the composer shows on the case board; the worker signs for it; +1 天 urges the staff groups, the grid still owns it', async () => {
    await page.goto(url)
    // Which chat the page opens first depends on which got a message first (the queue takes turns between chats).
    await expect.poll(() => page.locator('[data-testid=conv]', { hasText: '阳光社区1号网格群' }).count(), { timeout: 20_000 }).toBe(1)
    await openConv('阳光社区1号网格群')
    await expect.poll(() => bubble('编号 1 已登记').count(), { timeout: 20_000 }).toBe(1) // the demo admin's setup and first report

    await sayAs('sandbox-r1-1', '#报事 5号楼电梯坏了，有老人被困在里面')
    await expect.poll(() => bubble('编号 2 已登记').count(), { timeout: 10_000 }).toBe(1)
    await page.setInputFiles('[data-testid=image]', 'docs/console.png') // a photo of the problem, as 张三
    const photo = page.locator('[data-testid=message] img')
    await expect.poll(() => photo.count(), { timeout: 10_000 }).toBe(1)
    // Loaded, not just in the page (on a busy machine the element comes before its picture).
    await expect
      .poll(() => photo.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth > 0), { timeout: 10_000 })
      .toBe(true)
    const card = page.locator('[data-case="2"]')
    await expect.poll(() => card.textContent(), { timeout: 10_000 }).toContain('编号 2 · 待受理')
    // The photo on the case card: a thumbnail of the stored file, served by the console.
    const thumb = card.locator('[data-testid=thumb]')
    await expect.poll(() => thumb.count(), { timeout: 15_000 }).toBe(1)
    await expect
      .poll(() => thumb.evaluate((img) => (img as unknown as { complete: boolean; naturalWidth: number }).naturalWidth), { timeout: 5_000 })
      .toBeGreaterThan(0)
    expect(await card.locator('[data-testid=photos]').textContent()).toContain('照片 1 张')
    const src = (await thumb.getAttribute('src'))!
    const served = await fetch(new URL(src, url))
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('image/png')
    // The board, not the card: each refresh of the boards draws the cards anew.
    await page.locator('[data-testid=boards]').screenshot({ path: shot('console-photo.png') })

    await sayAs('sandbox-worker-1', '#受理 2')
    await expect.poll(() => card.textContent(), { timeout: 10_000 }).toContain('编号 2 · 已受理')
    expect(await card.textContent()).toContain('承办：网格（李芳）')

    await page.click('button[data-advance="1d"]')
    await openConv('阳光社区工作群')
    // Role labels in the staff group's picker: the role a member holds, and not a second time when the nickname says it.
    const options = await page.locator('[data-testid=member] option').allTextContents()
    expect(options).toContain('网格员 李芳')
    expect(options).toContain('社区 周主任（管理员）')
    expect(options).toContain('社区 刘社工')
    expect(options.join()).not.toMatch(/李芳（居民）|（管理员）（管理员）/)
    await expect.poll(() => bubble('【催办】').filter({ hasText: '编号 2｜' }).count(), { timeout: 15_000 }).toBeGreaterThan(0)
    // Twice the 4-hour resolve deadline has passed too: the street's staff group is told (督办); the grid still owns it.
    await openConv('幸福街道工作群')
    await expect.poll(() => bubble('【督办】').filter({ hasText: '编号 2｜' }).count(), { timeout: 15_000 }).toBeGreaterThan(0)
    await expect.poll(() => card.locator('[data-testid=mark]').textContent(), { timeout: 10_000 }).toBe('已督办')
    expect(await card.textContent()).toContain('承办：网格（李芳）')
    expect(await card.textContent()).toContain('超期')

    // The community orders from the street's 城管中队: its group gets the case, the board names the new owner.
    await openConv('阳光社区工作群')
    await sayAs('sandbox-staff', '#派单 1 城管中队 楼道灯请派人查看')
    await expect.poll(() => bubble('编号 1 已派单城管中队').count(), { timeout: 10_000 }).toBe(1)
    await openConv('幸福街道城管中队群')
    await expect.poll(() => bubble('【派单】编号 1').count(), { timeout: 10_000 }).toBe(1)
    await expect.poll(() => page.locator('[data-case="1"] [data-testid=owner]').textContent(), { timeout: 10_000 }).toBe('承办：城管中队')
  }, 90_000)

  it('a notice, two acknowledgements (a word and a quote), then the clock moves and the reminder @s the others', async () => {
    await openConv('阳光社区1号网格群')
    await sayAs('sandbox-leader-1', '#通知 3天内请完成燃气安全自查')
    const post = bubble('【通知编号 1】')
    await expect.poll(() => post.count(), { timeout: 10_000 }).toBe(1)

    await sayAs('sandbox-r1-1', '收到')
    // The 引用 button shows on hover; a message arriving meanwhile re-renders the list and the hover is gone: again.
    for (let attempt = 1; ; attempt++) {
      try {
        await post.hover()
        await post.locator('[data-quote]').click({ timeout: 2_000 })
        break
      } catch (err) {
        if (attempt === 5) throw err
      }
    }
    await sayAs('sandbox-r1-2', '好的👌')
    await page.click('.tabs button[data-tab=notices]')
    const noticeCard = page.locator('[data-notice="1"]')
    await expect.poll(() => noticeCard.locator('[data-testid=acked]').textContent(), { timeout: 10_000 }).toBe('2/10')

    expect(await noticeCard.textContent()).toContain('3栋1单元301 李四（引用）')
    await page.click('button[data-advance="1h"]')
    const reminder = bubble('还没确认')
    await expect.poll(() => reminder.count(), { timeout: 15_000 }).toBe(1)
    const mentioned = await reminder.locator('.mention').allTextContents()
    expect(mentioned).toHaveLength(8)
    expect(mentioned).not.toContain('@3-2-502 张三')
    expect(mentioned).not.toContain('@3栋1单元301 李四')
    expect(mentioned).toContain('@12号楼3单元1201室 王芳')
    const sent = (await state()).messages.find((m) => m.fromBot && m.text.includes('还没确认'))!
    expect(sent.mentionIds.sort()).toEqual([
      'sandbox-r1-10',
      'sandbox-r1-3',
      'sandbox-r1-4',
      'sandbox-r1-5',
      'sandbox-r1-6',
      'sandbox-r1-7',
      'sandbox-r1-8',
      'sandbox-r1-9',
    ])
    // GRIDBOT_SCREENSHOTS=1 retakes the README's screenshot.
    await page.screenshot({ path: process.env.GRIDBOT_SCREENSHOTS ? 'docs/console.png' : join(tmpdir(), 'gridbot-console.png') })
  }, 90_000)

  it('a resident opens a private chat with the bot from the composer; the bot answers there; messages show as typed', async () => {
    await openConv('阳光社区1号网格群')
    const options = await page.locator('[data-testid=member] option').allTextContents()
    expect(options).toContain('3-2-502 张三（居民）')
    expect(options).toContain('网格长 王建国 3-1-101')
    // Typed with a mention of the bot: shown as typed, not with an id before it.
    await sayAs('sandbox-r1-3', '@小助手 6号楼北侧路灯坏了')
    const report = page.locator('[data-testid=message] .bubble', { hasText: '6号楼北侧路灯坏了' })
    await expect.poll(() => report.count(), { timeout: 10_000 }).toBe(1)
    expect(await report.textContent()).toBe('@小助手 6号楼北侧路灯坏了')
    await expect.poll(() => bubble('编号 3').count(), { timeout: 10_000 }).toBeGreaterThan(0)

    await page.selectOption('[data-testid=member]', 'sandbox-r1-1')
    await page.click('[data-testid=private]')
    expect(await page.locator('[data-testid=title]').textContent()).toBe('私聊 · 张三')
    expect(await page.locator('[data-testid=conv].active').textContent()).toContain('私聊 · 张三')
    expect(await page.locator('[data-testid=member]').inputValue()).toBe('sandbox-r1-1')
    await page.fill('[data-testid=text]', '#查询 2')
    await page.click('[data-testid=send]')
    const answer = page.locator('[data-testid=message].bot', { hasText: '编号 2' })
    await expect.poll(() => answer.count(), { timeout: 10_000 }).toBeGreaterThan(0)
    expect(await page.locator('[data-testid=message]').count()).toBe(1 + (await answer.count())) // the private chat only
    const sent = (await state()).messages.filter((m) => m.roomId === null && m.fromBot)
    expect(sent.some((m) => m.text.includes('编号 2'))).toBe(true)
    await page.screenshot({ path: shot('console-private.png') })

    // Another member's private chat from the same picker: the worker's, with what the bot forwarded them privately.
    await page.selectOption('[data-testid=member]', 'sandbox-worker-1')
    expect(await page.locator('[data-testid=title]').textContent()).toBe('私聊 · 李芳')
    const toWorker = (await state()).messages.filter((m) => m.roomId === null && m.peerId === 'sandbox-worker-1')
    expect(toWorker.length).toBeGreaterThan(0)
    expect(await page.locator('[data-testid=message]').count()).toBe(toWorker.length)
    expect(await page.locator('[data-testid=messages]').textContent()).not.toContain('#查询 2')
  }, 60_000)

  it('@-mentions the second account by its whole name from the composer: @小助手2, not @小助手 and a "2"', async () => {
    await openConv('阳光社区2号网格群')
    await sayAs('sandbox-admin', '@小助手2 #名单')
    const typed = page.locator('[data-testid=message]', { hasText: '@小助手2 #名单' })
    await expect.poll(() => typed.count(), { timeout: 10_000 }).toBe(1)
    expect(await typed.locator('.mention').allTextContents()).toEqual(['@小助手2'])
    const said = (await state()).messages.find((m) => !m.fromBot && m.text === '@小助手2 #名单')!
    expect(said.mentionIds).toEqual(['sandbox-bot-2'])
  }, 30_000)

  it('at 390×844 (a phone) shows one pane at a time with a tab bar, and the title on one line', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 })
    try {
      await phone.goto(url)
      await expect.poll(() => phone.locator('[data-testid=message]').count(), { timeout: 10_000 }).toBeGreaterThan(0)
      const panes = { chats: '[data-testid=convs]', chat: '[data-testid=chat]', boards: '[data-testid=boards]' }
      const visible = async () => {
        const shown: string[] = []
        for (const [name, sel] of Object.entries(panes)) if (await phone.locator(sel).isVisible()) shown.push(name)
        return shown
      }
      expect(await phone.locator('[data-testid=tabbar]').isVisible()).toBe(true)
      expect(await visible()).toEqual(['chat'])
      const title = (await phone.locator('header h1').boundingBox())!
      expect(title.height).toBeLessThan(30) // one line of 15px text, not a character a line
      expect(title.width).toBeGreaterThan(title.height * 4)
      const overflow = await phone.evaluate('document.documentElement.scrollWidth')
      expect(overflow).toBeLessThanOrEqual(390)
      // The composer too: the speaker's label on one line and a picker wide enough to read a nickname.
      const picker = (await phone.locator('[data-testid=member]').boundingBox())!
      expect(picker.width).toBeGreaterThan(180)
      expect((await phone.locator('label', { has: phone.locator('[data-testid=member]') }).boundingBox())!.height).toBeLessThan(40)
      const chat = (await phone.locator(panes.chat).boundingBox())!
      expect(chat.width).toBeGreaterThan(380) // the whole width
      const tab = (name: string) => phone.click(`[data-testid=tabbar] button[data-pane=${name}]`)

      await tab('chats')
      expect(await visible()).toEqual(['chats'])
      await phone.locator('[data-testid=conv]', { hasText: '阳光社区1号网格群' }).click()
      expect(await visible()).toEqual(['chat'])
      expect(await phone.locator('[data-testid=title]').textContent()).toBe('阳光社区1号网格群')
      await phone.screenshot({ path: shot('console-phone.png') })

      await tab('cases')
      expect(await visible()).toEqual(['boards'])
      expect(await phone.locator('[data-testid=case]').count()).toBeGreaterThan(0)
      await tab('notices')
      expect(await visible()).toEqual(['boards'])
      expect(await phone.locator('[data-testid=notice]').count()).toBeGreaterThan(0)
      await tab('chat')
      expect(await visible()).toEqual(['chat'])
    } finally {
      await phone.close()
    }
  }, 30_000)

  it('draws Chinese and emoji with real glyphs, not the missing-glyph box (.ci/run installs the fonts)', async () => {
    // A character no font has is drawn as the missing-glyph box: any character drawn the same way has no font either.
    // Evaluated in the page from a string: this file is compiled without the DOM's types.
    const chars = ['好', '网', '👌', '✓']
    const boxed = (await page.evaluate(`(() => {
      const draw = (text) => {
        const canvas = document.createElement('canvas')
        canvas.width = canvas.height = 48
        const g = canvas.getContext('2d')
        g.font = '32px ' + getComputedStyle(document.body).fontFamily
        g.fillText(text, 4, 38)
        return canvas.toDataURL()
      }
      const box = draw('\\u{F0000}') // a private-use character: in no font
      return ${JSON.stringify(chars)}.filter((ch) => draw(ch) === box)
    })()`)) as string[]
    expect(boxed).toEqual([])
  })
})
