import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningApp } from '../../src/app/create-app.js'
import { systemClock } from '../../src/clock.js'
import { cases } from '../../src/features/cases.js'
import { directory } from '../../src/features/directory.js'
import { notices } from '../../src/features/notices.js'
import { openDatabase } from '../../src/store/database.js'
import { createRepos, type Repos } from '../../src/store/repos.js'
import { startTwinApp } from '../support/twin-app.js'
import { createTwinWorld } from '../support/twin-world.js'

const A = { name: '小助手1', id: 'botA' }
const B = { name: '小助手2', id: 'botB' }
const SHARED = 'shared@chatroom'
const ONLY_A = 'onlyA@chatroom'
const ONLY_B = 'onlyB@chatroom'
const STAFF = 'staff@chatroom'

describe('two accounts in one bot (issue 15, item 2)', () => {
  let app: RunningApp
  let repos: Repos
  const w = createTwinWorld({
    accounts: [A, B],
    contacts: [
      ['admin', '周主任'],
      ['zhang', '张三'],
      ['li', '李四'],
      ['wang', '王五'],
    ],
    rooms: [
      { id: SHARED, topic: '1号网格群', members: [A.id, B.id, 'admin', 'zhang'] },
      { id: ONLY_A, topic: '2号网格群', members: [A.id, 'admin', 'li'] },
      { id: ONLY_B, topic: '3号网格群', members: [B.id, 'admin', 'wang'] },
      { id: STAFF, topic: '阳光社区工作群', members: [A.id, 'admin'] },
    ],
  })
  const casesFiled = () => repos.caseQueries.forExport({ from: 0, to: Date.now() + 1 }).length

  beforeAll(async () => {
    repos = createRepos(openDatabase(':memory:'))
    app = await startTwinApp(w, { repos, clock: systemClock, features: [directory, cases, notices], dataDirPrefix: 'gridbot-accounts-' })
    for (let i = 0; i < 200 && repos.accounts.ownerOf(ONLY_B) === undefined; i++) await new Promise((r) => setTimeout(r, 10))
  })
  afterAll(async () => app?.stop())

  it('gives each group one owner: the first listed of ours in it, and the only one in a group of its own', () => {
    expect(repos.accounts.ownerOf(SHARED)).toBe(A.name)
    expect(repos.accounts.ownerOf(ONLY_A)).toBe(A.name)
    expect(repos.accounts.ownerOf(ONLY_B)).toBe(B.name)
    expect(repos.accounts.all().map((a) => [a.name, a.contactId, a.loggedIn])).toEqual([
      [A.name, A.id, true],
      [B.name, B.id, true],
    ])
  })

  it('files a report in a group holding both accounts once, answered by the owner only', async () => {
    w.say('admin', SHARED, '#绑定网格 阳光社区 1号网格')
    await w.next((s) => s.roomId === SHARED && s.text.includes('已绑定'))
    w.say('zhang', SHARED, '#报事 楼道灯不亮')
    const reply = await w.next((s) => s.roomId === SHARED && /编号 \d+ 已登记/.test(s.text))
    expect(reply.account).toBe(A.name)
    expect(reply.mentionIds).toEqual(['zhang'])
    await new Promise((r) => setTimeout(r, 300))
    expect(casesFiled()).toBe(1)
    expect(w.said.filter((s) => s.roomId === SHARED).map((s) => s.account)).toEqual([A.name, A.name])
  })

  it('answers each group from the account in it, and a private message from the account written to', async () => {
    w.say('admin', ONLY_B, '#绑定网格 阳光社区 3号网格')
    expect((await w.next((s) => s.roomId === ONLY_B && s.text.includes('已绑定'))).account).toBe(B.name)
    w.say('wang', ONLY_B, '#报事 电梯坏了')
    expect((await w.next((s) => s.roomId === ONLY_B && /编号 \d+ 已登记/.test(s.text))).account).toBe(B.name)
    w.tell('wang', B.name, '#我的')
    const mine = await w.next((s) => s.listenerId === 'wang')
    expect(mine.account).toBe(B.name)
    expect(mine.text).toContain('编号 2｜')
  })

  it('hands a group to the account an admin @-mentions with #绑定…, which answers it from then on; #名单 says which', async () => {
    w.say('admin', SHARED, '@小助手2 #绑定网格 阳光社区 1号网格', [B.id])
    const bound = await w.next((s) => s.roomId === SHARED && s.account === B.name && s.text.includes('已绑定'))
    expect(bound.mentionIds).toEqual(['admin'])
    expect(repos.accounts.ownerOf(SHARED)).toBe(B.name)
    w.say('admin', SHARED, '#名单')
    const roster = await w.next((s) => s.roomId === SHARED && s.text.includes('名单'))
    expect(roster.account).toBe(B.name)
    expect(roster.text).toContain('应答账号：小助手2')
    expect(roster.text).not.toContain('小助手1') // our other account is no resident
    expect(w.said.filter((s) => s.roomId === SHARED && s.account === A.name)).toHaveLength(2) // what A said before
  })

  it('posts a notice to each group from its owner', async () => {
    w.say('admin', ONLY_A, '#绑定网格 阳光社区 2号网格')
    await w.next((s) => s.roomId === ONLY_A && s.text.includes('已绑定'))
    w.say('admin', STAFF, '#绑定工作群 阳光社区')
    await w.next((s) => s.roomId === STAFF && s.text.includes('本群已成为'))
    w.say('admin', STAFF, '#通知 全部网格 明天停水')
    const posted = async (room: string) => (await w.next((s) => s.roomId === room && s.text.includes('明天停水'))).account
    expect(await posted(SHARED)).toBe(B.name)
    expect(await posted(ONLY_A)).toBe(A.name)
    expect(await posted(ONLY_B)).toBe(B.name)
    expect(w.said.filter((s) => s.text.includes('明天停水') && s.roomId).length).toBe(3)
  })
})
