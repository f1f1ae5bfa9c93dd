import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningApp } from '../../src/app/create-app.js'
import { systemClock } from '../../src/clock.js'
import { loadConfig } from '../../src/config.js'
import { createLogger } from '../../src/logger.js'
import { SandboxPuppet } from '../../src/sandbox/sandbox-puppet.js'
import { openDatabase } from '../../src/store/database.js'
import { createRepos, type Repos } from '../../src/store/repos.js'
import { startApp } from '../support/core.js'

/** What better-sqlite3 throws when the disk is full. */
const diskFull = () => Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })

/**
 * Repos whose outermost transaction fails to commit while `disk.full` (as SQLite's COMMIT does on a full disk: the
 * writes happen in the page cache, the commit cannot grow the WAL), and whose plain writes fail too.
 */
function onFlakyDisk(repos: Repos) {
  const disk = { full: false, commits: 0 }
  let depth = 0
  const real = repos.transaction.bind(repos)
  repos.transaction = <T>(fn: () => T): T =>
    real(() => {
      depth++
      try {
        const r = fn()
        if (disk.full && depth === 1) throw diskFull()
        return r
      } finally {
        depth--
      }
    })
  for (const name of ['markSent', 'markFailedAttempt', 'defer'] as const) {
    const write = repos.outbox[name].bind(repos.outbox) as (...a: unknown[]) => unknown
    ;(repos.outbox as unknown as Record<string, unknown>)[name] = (...a: unknown[]) => {
      if (disk.full) throw diskFull()
      return write(...a)
    }
  }
  return disk
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('a full disk: the app keeps what it cannot store, tells people without the database, and catches up', () => {
  let bot: RunningApp
  let repos: Repos
  let disk: { full: boolean }
  const puppet = new SandboxPuppet()
  const m = puppet.mocker
  const grid = 'disk-grid@chatroom'
  const staffRoom = 'disk-staff@chatroom'
  const residents = Array.from({ length: 25 }, (_, i) => `r${i + 1}`)
  const said: { roomId?: string; listenerId?: string; text: string; mentionIds: string[] }[] = []
  const inRoom = (room: string) => said.filter((s) => s.roomId === room)
  /** What the staff group heard about the database (it also gets the new cases, no worker being bound). */
  const alerts = () => inRoom(staffRoom).filter((s) => s.text.includes('【系统'))
  const until = async (test: () => boolean, what: string, ms = 10_000) => {
    for (const end = Date.now() + ms; Date.now() < end;) {
      if (test()) return
      await sleep(10)
    }
    throw new Error(`${what}; bot said: ${JSON.stringify(said.map((s) => s.text))}`)
  }

  beforeAll(async () => {
    const me = m.createContact({ id: 'bot', name: '小助手' })
    m.createContact({ id: 'admin', name: '周主任' })
    for (const id of residents) m.createContact({ id, name: `居民${id}` })
    m.createRoom({ id: grid, topic: '1号网格群', memberIdList: ['bot', 'admin', ...residents] })
    m.createRoom({ id: staffRoom, topic: '阳光社区工作群', memberIdList: ['bot', 'admin'] })
    puppet.on('message', ({ messageId }) => {
      const p = m.messagePayload(messageId) as {
        roomId?: string
        listenerId?: string
        talkerId: string
        text?: string
        mentionIdList?: string[]
      }
      if (p.talkerId === 'bot')
        said.push({ roomId: p.roomId, listenerId: p.listenerId, text: p.text ?? '', mentionIds: p.mentionIdList ?? [] })
    })
    const config = loadConfig({
      GRIDBOT_SEND_MIN_GAP_MS: '0',
      GRIDBOT_SEND_JITTER_MS: '0',
      GRIDBOT_SEND_MAX_PER_MINUTE: '10000',
      GRIDBOT_QUIET_HOURS: '',
      GRIDBOT_ADMINS: 'admin',
      GRIDBOT_DATA_DIR: mkdtempSync(join(tmpdir(), 'gridbot-disk-')),
    })
    repos = createRepos(openDatabase(':memory:'))
    disk = onFlakyDisk(repos)
    bot = await startApp({ config, repos, clock: systemClock, log: createLogger(process.env.TEST_LOG ?? 'silent') }, { instance: puppet })
    m.login(me)
    await bot.ready
    m.ContactMock.load('admin').say('#绑定网格 幸福街道 阳光社区 1号网格').to(m.RoomMock.load(grid))
    m.ContactMock.load('admin').say('#绑定工作群 阳光社区').to(m.RoomMock.load(staffRoom))
    await until(() => inRoom(staffRoom).length > 0 && inRoom(grid).length > 0, 'bound')
    said.length = 0
  })
  afterAll(async () => bot?.stop())

  it('25 reports on a full disk: one line per sender, the staff group told once; after the disk frees, every case once and every reply', async () => {
    disk.full = true
    for (const id of residents)
      m.ContactMock.load(id)
        .say(`#报事 ${id.slice(1)}号楼楼道灯不亮`)
        .to(m.RoomMock.load(grid))
    // Two more from the first resident: still one line for them.
    m.ContactMock.load('r1').say('#报事 1号楼电梯也坏了').to(m.RoomMock.load(grid))
    m.ContactMock.load('r1').say('#我的').to(m.RoomMock.load(grid))

    const busy = () => inRoom(grid).filter((s) => s.text.includes('系统暂时无法登记，请稍后再发'))
    await until(() => busy().length >= residents.length, 'every sender told')
    await until(() => alerts().length > 0, 'staff group told')
    await sleep(300) // anything extra would show up here
    expect(busy().map((s) => s.mentionIds)).toEqual(residents.map((id) => [id]))
    expect(inRoom(grid).filter((s) => s.text.includes('系统繁忙'))).toEqual([])
    expect(inRoom(staffRoom)).toHaveLength(1)
    expect(alerts()[0]!.text).toMatch(/无法写入/)
    expect(alerts()[0]!.mentionIds).toEqual(['admin'])
    expect(repos.cases.get(1)).toBeUndefined()

    disk.full = false
    const confirmations = () => inRoom(grid).filter((s) => /编号 \d+ 已登记/.test(s.text))
    await until(() => confirmations().length >= residents.length + 1, 'replies after recovery', 20_000)
    await until(() => alerts().length >= 2, 'staff group told of the recovery')
    await sleep(300)
    expect(confirmations()).toHaveLength(residents.length + 1)
    // Stored once each, in the order they were sent.
    const reporters = Array.from({ length: residents.length + 1 }, (_, i) => repos.cases.get(i + 1)?.reporterId)
    expect(reporters).toEqual([...residents, 'r1'])
    expect(repos.cases.get(residents.length + 2)).toBeUndefined()
    expect(inRoom(grid).some((s) => s.mentionIds.includes('r1') && s.text.includes('编号 1｜'))).toBe(true) // #我的 answered too
    expect(alerts()[1]!.text).toContain(`暂存的 ${residents.length + 2} 条消息`)
    expect(alerts()).toHaveLength(2)
  }, 40_000)

  it('a second outage tells the senders and the staff group again', async () => {
    said.length = 0
    disk.full = true
    m.ContactMock.load('r2').say('#报事 2号楼门禁坏了').to(m.RoomMock.load(grid))
    await until(() => inRoom(grid).some((s) => s.text.includes('系统暂时无法登记')), 'told again')
    await until(() => alerts().length === 1, 'staff told again')
    disk.full = false
    await until(() => inRoom(grid).some((s) => /编号 \d+ 已登记/.test(s.text)), 'stored after the second outage', 20_000)
    await until(() => alerts().length === 2, 'staff told of the recovery')
    expect(alerts()[1]!.text).toContain('暂存的 1 条消息')
  }, 40_000)
})
