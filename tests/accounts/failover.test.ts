import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningApp } from '../../src/app/create-app.js'
import { systemClock } from '../../src/clock.js'
import { cases } from '../../src/features/cases.js'
import { directory } from '../../src/features/directory.js'
import { openDatabase } from '../../src/store/database.js'
import { createRepos, type Repos } from '../../src/store/repos.js'
import { ZombiePuppet } from '../support/zombie-puppet.js'
import { startTwinApp } from '../support/twin-app.js'
import { createTwinWorld } from '../support/twin-world.js'

const A = { name: '小助手1', id: 'botA' }
const B = { name: '小助手2', id: 'botB' }
const GRID = 'grid@chatroom'
const STAFF = 'staff@chatroom'

describe('an account that stops sending (issue 15, item 5)', () => {
  let app: RunningApp
  let repos: Repos
  const puppets = new Map<string, ZombiePuppet>()
  const w = createTwinWorld({
    accounts: [A, B],
    contacts: [
      ['admin', '周主任'],
      ['zhang', '张三'],
      ['li', '李四'],
    ],
    rooms: [
      { id: GRID, topic: '1号网格群', members: [A.id, B.id, 'admin', 'zhang', 'li'] },
      { id: STAFF, topic: '阳光社区工作群', members: [A.id, B.id, 'admin'] },
    ],
    puppet: (name) => {
      const p = new ZombiePuppet()
      puppets.set(name, p)
      return p
    },
  })
  const health = (name: string) => app.accounts.find((a) => a.name === name)!.health
  const staffNotes = () => w.said.filter((s) => s.roomId === STAFF && s.text.includes('离线'))

  beforeAll(async () => {
    repos = createRepos(openDatabase(':memory:'))
    app = await startTwinApp(w, { repos, clock: systemClock, features: [directory, cases], dataDirPrefix: 'gridbot-failover-' })
    w.say('admin', GRID, '#绑定网格 阳光社区 1号网格')
    w.say('admin', STAFF, '#绑定工作群 阳光社区')
    await w.next((s) => s.roomId === STAFF && s.text.includes('本群已成为'))
  })
  afterAll(async () => app?.stop())

  it('catches a zombie by its probe: the account stays logged in, but three sends in a row fail', async () => {
    expect(repos.accounts.ownerOf(GRID)).toBe(A.name)
    puppets.get(A.name)!.zombie = true
    await health(A.name).probeNow()
    await health(A.name).probeNow()
    expect(health(A.name).healthy).toBe(true) // two failures are not yet a verdict
    await health(A.name).probeNow()
    expect(health(A.name).healthy).toBe(false)
    expect(repos.accounts.all().find((a) => a.name === A.name)).toMatchObject({ loggedIn: true, healthy: false })
  })

  it('tells the staff group once, through the account that still works, who carries the groups now', async () => {
    const note = await w.next((s) => s.roomId === STAFF && s.text.includes('离线'))
    expect(note).toMatchObject({ account: B.name, text: '小助手1 已离线，本社区消息暂由小助手2 发送' })
    await new Promise((r) => setTimeout(r, 200))
    expect(staffNotes()).toHaveLength(1)
  })

  it('lets the healthy account in the same group answer and carry what the other had queued', async () => {
    w.say('zhang', GRID, '#报事 楼道灯不亮')
    const reply = await w.next((s) => s.roomId === GRID && /编号 \d+ 已登记/.test(s.text))
    expect(reply.account).toBe(B.name)
    expect(repos.caseQueries.forExport({ from: 0, to: Date.now() + 1 })).toHaveLength(1)
  })

  it('moves a message the failing account could not send to the other account, and gives the groups back on recovery', async () => {
    const before = w.said.length
    puppets.get(A.name)!.zombie = false
    await health(A.name).probeNow()
    expect(health(A.name).healthy).toBe(true)
    const back = await w.next((s) => s.roomId === STAFF && s.text.includes('已恢复'))
    expect(back.text).toBe('小助手1 已恢复，本社区消息改回由小助手1 发送')
    w.say('li', GRID, '#报事 电梯坏了')
    expect((await w.next((s, i = w.said.indexOf(s)) => i >= before && s.roomId === GRID && s.text.includes('已登记'))).account).toBe(A.name)

    puppets.get(A.name)!.zombie = true
    w.say('zhang', GRID, '#我的')
    const failedOnce = () => repos.outbox.all().find((r) => r.text.includes('你的报事') && r.attempts > 0)
    for (let i = 0; i < 300 && !failedOnce(); i++) await new Promise((r) => setTimeout(r, 10))
    expect(failedOnce()).toMatchObject({ account: A.name, status: 'queued' }) // waits 5 s to be tried again on A
    await health(A.name).probeNow()
    await health(A.name).probeNow() // the third failure in a row
    const carried = await w.next((s) => s.roomId === GRID && s.text.includes('你的报事'), 2_000) // at once, not after the backoff
    expect(carried.account).toBe(B.name)
    expect(staffNotes()).toHaveLength(2)
  })
})
