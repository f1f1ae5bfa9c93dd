import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGrpcAccountsWorld } from '../support/grpc-accounts-world.js'

type World = Awaited<ReturnType<typeof createGrpcAccountsWorld>>

const A = { name: '小助手1', id: 'bot-a' }
const B = { name: '小助手2', id: 'bot-b' }
const GRID = 'e2e-accounts-grid@chatroom'

// Issue 15, item 8: two accounts over gRPC, one PuppetServer each; A owns the group, B is a member of it too.
describe('end to end over gRPC with two accounts: one goes down, the other carries its group', () => {
  let w: World
  let n = 0

  beforeAll(async () => {
    w = await createGrpcAccountsWorld({
      accounts: [A, B],
      contacts: [
        ['admin', '周主任'],
        ['zhang', '张三'],
      ],
      rooms: [{ id: GRID, topic: '阳光社区1号网格群', members: [A.id, B.id, 'admin', 'zhang'] }],
    })
    await w.startBot()
    w.say('admin', GRID, '#绑定网格 幸福街道 阳光社区 1号网格')
    await w.waitFor((s) => s.roomId === GRID && s.text.includes('已绑定'))
  }, 60_000)
  afterAll(async () => w?.close())

  /** What the database says of an account (read-only, beside the running bot). */
  const account = (name: string) => {
    const db = new Database(w.dbFile, { readonly: true })
    try {
      return db.prepare('select logged_in as loggedIn, healthy from accounts where name = ?').get(name) as {
        loggedIn: number
        healthy: number
      }
    } finally {
      db.close()
    }
  }
  const report = async () => {
    const text = `#报事 ${++n}号楼楼道灯不亮`
    const before = w.seen.length
    w.say('zhang', GRID, text)
    return w.waitFor((s) => w.seen.indexOf(s) >= before && s.roomId === GRID && /编号 \d+ 已登记/.test(s.text))
  }

  it('answers a report in the group from its owner A only', async () => {
    const reply = await report()
    expect(reply.account).toBe(A.name)
    await new Promise((r) => setTimeout(r, 500))
    expect(w.seen.filter((s) => s.roomId === GRID && s.account === B.name)).toEqual([])
  })

  it("carries the group through B while A's service is down, and gives it back when A returns", async () => {
    const outage = await w.down(A.name)
    for (const end = Date.now() + 40_000; account(A.name).loggedIn && Date.now() < end;) await new Promise((r) => setTimeout(r, 100))
    expect(account(A.name).loggedIn).toBe(0)
    const carried = await report()
    expect(carried.account).toBe(B.name)

    await outage.restore()
    for (const end = Date.now() + 40_000; !account(A.name).loggedIn && Date.now() < end;) await new Promise((r) => setTimeout(r, 100))
    expect(account(A.name).loggedIn).toBe(1)
    const back = await report()
    expect(back.account).toBe(A.name)
    const db = new Database(w.dbFile, { readonly: true })
    const cases = (db.prepare('select count(*) as n from cases').get() as { n: number }).n
    db.close()
    expect(cases).toBe(3) // each report filed once, though both accounts heard every one
  }, 120_000)

  it('files a report A never got, sent before its service went down and the bot noticed, through B, once', async () => {
    const before = w.seen.length
    // A's provider stops delivering while its connection stays up (a stream dead unnoticed): only B gets the report,
    // and leaves the group to A.
    w.stopsHearing(A.name)
    w.say('zhang', GRID, '#报事 8号楼楼道有烟味')
    await new Promise((r) => setTimeout(r, 1_000))
    expect(w.seen.slice(before).filter((s) => s.roomId === GRID)).toEqual([])
    expect(account(A.name).loggedIn).toBe(1)
    // Then its service goes down, and the bot notices.
    const outage = await w.down(A.name)
    const reply = await w.waitFor((s) => w.seen.indexOf(s) >= before && s.roomId === GRID && /编号 \d+ 已登记/.test(s.text), 40_000)
    expect(reply.account).toBe(B.name)
    expect(account(A.name).loggedIn).toBe(0)

    w.hearsAgain(A.name)
    await outage.restore()
    for (const end = Date.now() + 40_000; !account(A.name).loggedIn && Date.now() < end;) await new Promise((r) => setTimeout(r, 100))
    await new Promise((r) => setTimeout(r, 500))
    const db = new Database(w.dbFile, { readonly: true })
    const filed = db.prepare("select count(*) as n from cases where text like '%烟味%'").get() as { n: number }
    db.close()
    expect(filed.n).toBe(1)
    expect(
      w.seen
        .slice(before)
        .filter((s) => s.roomId === GRID)
        .map((s) => s.account),
    ).toEqual([B.name])
  }, 120_000)
})
