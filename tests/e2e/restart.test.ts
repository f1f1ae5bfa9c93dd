import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGrpcWorld } from '../support/grpc-world.js'

type World = Awaited<ReturnType<typeof createGrpcWorld>>
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('restart: the bot process is killed mid-burst and started again', () => {
  let w: World
  const room = 'restart-grid@chatroom'
  const residents = Array.from({ length: 20 }, (_, i) => `r${i + 1}`)

  beforeAll(async () => {
    w = await createGrpcWorld()
    const m = w.mocker
    m.createContact({ id: 'admin', name: '周主任' })
    for (const id of residents) m.createContact({ id, name: `居民${id}` })
    m.createRoom({ id: room, topic: '2号网格群', memberIdList: [w.botUser.id, 'admin', ...residents] })
  }, 60_000)
  afterAll(async () => w?.close())

  it('keeps every confirmed case, files none twice, and sends each queued reply once', async () => {
    const m = w.mocker
    // A slow outbox so replies are still queued when the process dies.
    const env = { GRIDBOT_SEND_MIN_GAP_MS: '300' }
    await w.startBot(env)
    m.ContactMock.load('admin').say('#绑定网格 幸福街道 阳光社区 2号网格').to(m.RoomMock.load(room))
    await w.waitFor((s) => s.text.includes('已绑定'))

    const burstIds: string[] = []
    const before = new Set(m.cacheMessagePayload.keys())
    for (const id of residents)
      m.ContactMock.load(id)
        .say(`#报事 ${id.slice(1)}号楼楼道灯不亮`)
        .to(m.RoomMock.load(room))
    for (const id of m.cacheMessagePayload.keys())
      if (!before.has(id) && m.cacheMessagePayload.get(id)!.talkerId !== w.botUser.id) burstIds.push(id)
    expect(burstIds).toHaveLength(20)

    const confirmations = () => w.seen.filter((s) => /编号 \d+ 已登记/.test(s.text))
    while (confirmations().length < 5) await sleep(5)
    // Land in the pause between two paced sends, not inside one: a send is marked sent within a few
    // milliseconds of WeChat taking it (the ~1 ms window where a kill could send it twice is in the notes).
    await sleep(100)
    await w.kill()
    const confirmedBeforeKill = confirmations().map((s) => Number(/编号 (\d+)/.exec(s.text)![1]))
    expect(confirmedBeforeKill.length).toBeLessThan(20)

    await w.startBot(env)
    // The provider replays everything (as puppet services do after a reconnect): duplicates must be ignored.
    for (const messageId of burstIds) w.puppet.emit('message', { messageId })
    while (confirmations().length < 20) await sleep(20)
    await sleep(500) // anything extra would show up here

    const numbers = confirmations().map((s) => Number(/编号 (\d+)/.exec(s.text)![1]))
    expect(numbers).toHaveLength(20)
    expect(new Set(numbers).size).toBe(20)
    const db = new Database(w.dbFile, { readonly: true })
    const cases = db.prepare('select id, reporter_id as reporter from cases').all() as { id: number; reporter: string }[]
    const queued = db.prepare("select count(*) as n from outbox where status != 'sent'").get() as { n: number }
    db.close()
    expect(cases).toHaveLength(20)
    expect(new Set(cases.map((c) => c.reporter))).toEqual(new Set(residents))
    for (const n of confirmedBeforeKill) expect(cases.map((c) => c.id)).toContain(n)
    expect(queued.n).toBe(0)
  }, 90_000)
})
