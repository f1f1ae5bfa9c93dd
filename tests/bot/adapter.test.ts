import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FileBox } from 'file-box'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { types } from 'wechaty'
import type { RunningApp } from '../../src/app/create-app.js'
import { systemClock } from '../../src/clock.js'
import { loadConfig } from '../../src/config.js'
import { createLogger } from '../../src/logger.js'
import { SandboxPuppet } from '../../src/sandbox/sandbox-puppet.js'
import { openDatabase } from '../../src/store/database.js'
import { createRepos, type Repos } from '../../src/store/repos.js'
import { startApp } from '../support/core.js'

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='

describe('adapter: the Wechaty wiring on wechaty-puppet-mock, in process', () => {
  let bot: RunningApp
  let repos: Repos
  const puppet = new SandboxPuppet()
  const m = puppet.mocker
  const room = 'adapter@chatroom'
  const said: { roomId?: string; listenerId?: string; text: string; mentionIds: string[]; type?: number }[] = []
  const dataDir = mkdtempSync(join(tmpdir(), 'gridbot-adapter-'))

  const next = async (test: (s: (typeof said)[number]) => boolean) => {
    for (let i = 0; i < 400; i++) {
      const hit = said.find(test)
      if (hit) return hit
      await new Promise((r) => setTimeout(r, 10))
    }
    throw new Error(`bot said: ${JSON.stringify(said)}`)
  }

  beforeAll(async () => {
    const me = m.createContact({ id: 'bot', name: '小助手' })
    for (const [id, name] of [
      ['admin', '周主任'],
      ['worker', '李芳'],
      ['zhang', '张三'],
      ['newbie', '王五'],
      ['phone', '张三'],
    ])
      m.createContact({ id, name })
    m.createRoom({ id: room, topic: '1号网格群', memberIdList: ['bot', 'admin', 'worker', 'zhang', 'phone'] })
    puppet.setRoomAlias(room, 'zhang', '3-2-502 张三')
    puppet.setRoomAlias(room, 'phone', '13812345678 张三')
    puppet.on('message', ({ messageId }) => {
      const p = m.messagePayload(messageId) as {
        roomId?: string
        listenerId?: string
        talkerId: string
        text?: string
        mentionIdList?: string[]
        type?: number
      }
      if (p.talkerId === 'bot')
        said.push({ roomId: p.roomId, listenerId: p.listenerId, text: p.text ?? '', mentionIds: p.mentionIdList ?? [], type: p.type })
    })
    const config = loadConfig({
      GRIDBOT_SEND_MIN_GAP_MS: '0',
      GRIDBOT_SEND_JITTER_MS: '0',
      GRIDBOT_QUIET_HOURS: '',
      GRIDBOT_ADMINS: 'admin',
      GRIDBOT_DATA_DIR: dataDir,
    })
    repos = createRepos(openDatabase(':memory:'))
    bot = await startApp({ config, repos, clock: systemClock, log: createLogger('silent') }, { instance: puppet })
    m.login(me)
    await bot.ready
  })
  afterAll(async () => bot?.stop())

  it('syncs the roster with group nicknames parsed at login', () => {
    expect(repos.members.get(room, 'zhang')).toMatchObject({
      nickname: '3-2-502 张三',
      name: '张三',
      building: '3',
      unit: '2',
      room: '502',
    })
  })

  it('replies in the group with a real @-mention of the reporter and stores the photo sent after', async () => {
    m.ContactMock.load('admin').say('#绑定网格 阳光社区 1号网格').to(m.RoomMock.load(room))
    await next((s) => s.text.includes('已绑定'))
    m.ContactMock.load('zhang').say('#报事 楼道灯不亮').to(m.RoomMock.load(room))
    const reply = await next((s) => /编号 \d+ 已登记/.test(s.text))
    expect(reply.mentionIds).toEqual(['zhang'])
    expect(reply.text.startsWith('@3-2-502 张三')).toBe(true)
    m.ContactMock.load('zhang').say(FileBox.fromBase64(PNG, 'light.png')).to(m.RoomMock.load(room))
    for (let i = 0; i < 200 && repos.cases.attachmentsOf(1)[0]?.status !== 'stored'; i++) await new Promise((r) => setTimeout(r, 10))
    const [photo] = repos.cases.attachmentsOf(1)
    expect(photo).toMatchObject({ status: 'stored' })
    expect(photo!.path).toContain(join(dataDir, 'attachments', '1'))
  })

  it('masks a phone number in the group nickname of the @-mention and still mentions the member', async () => {
    m.ContactMock.load('phone').say('#报事 5号楼电梯坏了').to(m.RoomMock.load(room))
    const reply = await next((s) => s.mentionIds.includes('phone'))
    expect(reply.text).toMatch(/^@138\*\*\*\*5678 张三 编号 \d+ 已登记/)
    expect(reply.text).not.toContain('13812345678')
    expect(reply.mentionIds).toEqual(['phone'])
  })

  it('records members who join and leave', async () => {
    m.RoomMock.load(room).add(m.ContactMock.load('newbie')).by(m.ContactMock.load('admin'))
    for (let i = 0; i < 200 && !repos.members.get(room, 'newbie'); i++) await new Promise((r) => setTimeout(r, 10))
    expect(repos.members.get(room, 'newbie')?.present).toBe(true)
    m.RoomMock.load(room).remove(m.ContactMock.load('newbie')).by(m.ContactMock.load('admin'))
    for (let i = 0; i < 200 && repos.members.get(room, 'newbie')?.present; i++) await new Promise((r) => setTimeout(r, 10))
    expect(repos.members.get(room, 'newbie')?.present).toBe(false)
  })

  it("forwards a report's photo to the grid worker privately, as a picture (issue 14, item 8)", async () => {
    m.ContactMock.load('admin')
      .say('#设置 网格员', [m.ContactMock.load('worker')])
      .to(m.RoomMock.load(room))
    await next((s) => s.text.includes('设为网格员'))
    m.ContactMock.load('zhang').say('#报事 3号楼门口井盖松了').to(m.RoomMock.load(room))
    await next((s) => s.listenerId === 'worker' && s.text.includes('新案件'))
    m.ContactMock.load('zhang').say(FileBox.fromBase64(PNG, 'manhole.png')).to(m.RoomMock.load(room))
    await next((s) => s.text.includes('照片已附到编号'))
    const picture = await next((s) => s.listenerId === 'worker' && s.type === types.Message.Image)
    expect(picture.roomId).toBeUndefined()
  })

  it('answers a private chat', async () => {
    m.ContactMock.load('zhang').say('#我的').to(m.ContactMock.load('bot'))
    const reply = await next((s) => s.listenerId === 'zhang')
    expect(reply.text).toContain('编号 1｜')
  })
})
