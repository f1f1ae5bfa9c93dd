import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGrpcWorld } from '../support/grpc-world.js'

type World = Awaited<ReturnType<typeof createGrpcWorld>>

describe('end to end over gRPC: a case dispatched to a department, resolved there, rated by the community and the reporter', () => {
  let w: World
  const grid = 'dep-grid@chatroom'
  const staffRoom = 'dep-staff@chatroom'
  const deptRoom = 'dep-dept@chatroom'

  beforeAll(async () => {
    w = await createGrpcWorld()
    const m = w.mocker
    for (const [id, name] of [
      ['admin', '周主任'],
      ['worker', '李芳'],
      ['zhang', '张三'],
      ['staff', '刘社工'],
      ['handler', '张队长'],
    ])
      m.createContact({ id, name })
    m.createRoom({ id: grid, topic: '阳光社区1号网格群', memberIdList: [w.botUser.id, 'admin', 'worker', 'zhang'] })
    m.createRoom({ id: staffRoom, topic: '阳光社区工作群', memberIdList: [w.botUser.id, 'admin', 'staff'] })
    m.createRoom({ id: deptRoom, topic: '幸福街道城管中队群', memberIdList: [w.botUser.id, 'admin', 'handler'] })
    w.puppet.setRoomAlias(grid, 'zhang', '3-2-502 张三')
    await w.startBot()
  }, 60_000)
  afterAll(async () => w?.close())

  it('社区点单、部门响应: #派单 reaches the department group, its handler resolves, both ratings are stored', async () => {
    const say = (who: string, text: string, to: string, mentions: string[] = []) => w.say(who, to, text, mentions)
    say('admin', '#绑定网格 幸福街道 阳光社区 1号网格', grid)
    say('admin', '#设置 网格员', grid, ['worker'])
    say('admin', '#绑定工作群 阳光社区', staffRoom)
    say('admin', '#设置 社区', staffRoom, ['staff'])
    say('admin', '#绑定部门 城管中队 幸福街道', deptRoom)
    await w.waitFor((s) => s.roomId === deptRoom && s.text.includes('本群已成为城管中队（幸福街道）的部门群'))
    say('admin', '#设置 部门', deptRoom, ['handler'])
    await w.waitFor((s) => s.roomId === deptRoom && s.text.includes('设为部门'))

    say('zhang', '#报事 小区门口路灯坏了，晚上很黑', grid)
    await w.waitFor((s) => s.roomId === grid && s.text.includes('编号 1 已登记'))
    say('staff', '#派单 1 城管 请尽快修复', staffRoom)
    const order = await w.waitFor((s) => s.roomId === deptRoom && s.text.includes('【派单】编号 1'))
    expect(order.mentionIds).toEqual(['handler'])
    expect(order.text).toContain('阳光社区刘社工派单：请尽快修复')
    await w.waitFor((s) => s.roomId === grid && s.text.includes('编号 1 已转城管中队处理'))

    say('handler', '#受理 1', deptRoom)
    await w.waitFor((s) => s.roomId === deptRoom && s.text.includes('编号 1 已受理'))
    w.mocker.ContactMock.load('handler').say('#办结 1 已更换灯泡').to(w.mocker.ContactMock.load(w.botUser.id))
    const ask = await w.waitFor((s) => s.roomId === staffRoom && s.text.includes('编号 1 城管中队已办结：已更换灯泡'))
    expect(ask.mentionIds).toEqual(['staff'])
    expect(ask.text).toContain('请评价部门响应：#评价 1')
    await w.waitFor((s) => s.roomId === grid && s.text.includes('编号 1 已办结：已更换灯泡') && s.mentionIds.includes('zhang'))

    say('staff', '#评价 1 满意 响应及时', staffRoom)
    await w.waitFor((s) => s.roomId === staffRoom && s.text.includes('编号 1 城管中队的响应评价：满意，已记录'))
    say('zhang', '满意', grid)
    await w.waitFor((s) => s.roomId === grid && s.text.includes('编号 1 评价：满意'))

    const db = new Database(w.dbFile, { readonly: true })
    const c = db.prepare('select state, level, resolved_level, rating from cases where id = 1').get()
    const d = db
      .prepare(
        'select from_level, staff_rating, staff_comment, reporter_rating, responded_at is not null as responded, resolved_at is not null as resolved from dispatches where case_id = 1',
      )
      .all()
    db.close()
    expect(c).toEqual({ state: 'closed', level: 3, resolved_level: 1, rating: 'satisfied' })
    expect(d).toEqual([
      { from_level: 1, staff_rating: 'satisfied', staff_comment: '响应及时', reporter_rating: 'satisfied', responded: 1, resolved: 1 },
    ])
  }, 90_000)
})
