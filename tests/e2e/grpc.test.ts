import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGrpcWorld } from '../support/grpc-world.js'

type World = Awaited<ReturnType<typeof createGrpcWorld>>

describe('end to end over gRPC: the bot process against a local PuppetServer', () => {
  let w: World
  const room = 'e2e-grid@chatroom'
  const staffRoom = 'e2e-staff@chatroom'

  beforeAll(async () => {
    w = await createGrpcWorld()
    const m = w.mocker
    const admin = m.createContact({ id: 'admin', name: '周主任' })
    const worker = m.createContact({ id: 'worker', name: '李芳' })
    const zhang = m.createContact({ id: 'zhang', name: '张三' })
    const staff = m.createContact({ id: 'staff', name: '刘社工' })
    m.createRoom({ id: room, topic: '阳光社区1号网格群', memberIdList: [w.botUser.id, admin.id, worker.id, zhang.id] })
    m.createRoom({ id: staffRoom, topic: '阳光社区工作群', memberIdList: [w.botUser.id, admin.id, staff.id] })
    w.puppet.setRoomAlias(room, zhang.id, '3-2-502 张三')
    w.puppet.setRoomAlias(room, worker.id, '网格员 李芳')
    await w.startBot()
  }, 60_000)
  afterAll(async () => w?.close())

  it('binds the group by chat, files a report, replies with 编号 @ the reporter, and notifies the worker', async () => {
    const say = (who: string, text: string, to = room, mentions: string[] = []) => w.say(who, to, text, mentions)
    say('admin', '#绑定网格 幸福街道 阳光社区 1号网格')
    await w.waitFor((s) => s.roomId === room && s.text.includes('已绑定'))
    say('admin', '#设置 网格员', room, ['worker'])
    await w.waitFor((s) => s.text.includes('设为网格员'))
    say('admin', '#绑定工作群 阳光社区', staffRoom)
    say('admin', '#设置 社区', staffRoom, ['staff'])
    await w.waitFor((s) => s.text.includes('设为社区'))

    say('zhang', '#报事 121号楼2单元楼上卫生间漏水')
    const reply = await w.waitFor((s) => s.roomId === room && /编号 \d+/.test(s.text))
    expect(reply.mentionIds).toEqual(['zhang'])
    expect(reply.text).toContain('@3-2-502 张三')
    const id = Number(/编号 (\d+)/.exec(reply.text)![1])
    const toWorker = await w.waitFor((s) => s.listenerId === 'worker' && s.text.includes(`编号 ${id}`))
    expect(toWorker.text).toContain(`#受理 ${id}`)

    say('zhang', '5栋楼道里有人给电动车充电，太危险了', room)
    await w.waitFor((s) => s.roomId === room && s.text.includes('要登记为报事吗'))
    say('zhang', '是', room)
    const urgent = await w.waitFor((s) => s.roomId === staffRoom && s.text.includes('【紧急】'))
    expect(urgent.mentionIds).toEqual(['staff'])

    const db = new Database(w.dbFile, { readonly: true })
    const rows = db.prepare('select id, category, urgency, reporter_id, assignee_id, building, unit from cases order by id').all()
    db.close()
    expect(rows).toEqual([
      { id, category: 'dispute', urgency: 'normal', reporter_id: 'zhang', assignee_id: 'worker', building: '121', unit: '2' },
      { id: id + 1, category: 'safety', urgency: 'urgent', reporter_id: 'zhang', assignee_id: 'worker', building: '5', unit: null },
    ])
  }, 60_000)

  it('lets the worker sign for and resolve a case by chat, and the reporter rate it', async () => {
    const m = w.mocker
    m.ContactMock.load('worker').say('#受理 1').to(m.ContactMock.load(w.botUser.id))
    await w.waitFor((s) => s.listenerId === 'worker' && s.text === '编号 1 已受理')
    await w.waitFor((s) => s.roomId === room && s.text.includes('编号 1 已受理，') && s.mentionIds.includes('zhang'))
    m.ContactMock.load('worker').say('#办结 1 已请物业修好漏水管道').to(m.ContactMock.load(w.botUser.id))
    const ask = await w.waitFor((s) => s.roomId === room && s.text.includes('编号 1 已办结：已请物业修好漏水管道'))
    expect(ask.text).toContain('请评价')
    expect(ask.mentionIds).toEqual(['zhang'])
    m.ContactMock.load('zhang').say('满意').to(m.RoomMock.load(room))
    await w.waitFor((s) => s.roomId === room && s.text.includes('编号 1 评价：满意'))
    const db = new Database(w.dbFile, { readonly: true })
    const row = db.prepare('select state, rating, accepted_at is not null as accepted from cases where id = 1').get()
    db.close()
    expect(row).toEqual({ state: 'closed', rating: 'satisfied', accepted: 1 })
  }, 30_000)

  const seenBefore = new Set<string>()
  it('reconnects by itself after the puppet service was down, and handles reports again', async () => {
    const m = w.mocker
    for (const s of w.seen) seenBefore.add(s.id)
    await w.outage(3_000)
    const started = Date.now()
    let reply
    // Until the supervisor has reconnected, messages said in the group never reach the bot; keep saying.
    for (let i = 0; !reply && Date.now() - started < 40_000; i++) {
      m.ContactMock.load('zhang')
        .say(`#报事 ${i + 1}号楼楼道灯不亮`)
        .to(m.RoomMock.load(room))
      reply = await w
        .waitFor((s) => s.roomId === room && /编号 \d+ 已登记/.test(s.text) && !seenBefore.has(s.id), 2_000)
        .catch(() => undefined)
    }
    if (!reply) console.log(w.output.slice(-4000))
    expect(reply).toBeDefined()
    expect(w.output).toMatch(/puppet connection lost, restarting/)
  }, 60_000)

  it('stops gracefully on SIGTERM', async () => {
    expect(await w.stopBot()).toBe(0)
  }, 30_000)
})
