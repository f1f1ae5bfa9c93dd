import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGrpcWorld } from '../support/grpc-world.js'

type World = Awaited<ReturnType<typeof createGrpcWorld>>

describe('end to end: the real scheduler urges an unclaimed report (policy in seconds)', () => {
  let w: World
  const room = 'esc-grid@chatroom'
  const staffRoom = 'esc-staff@chatroom'

  beforeAll(async () => {
    w = await createGrpcWorld()
    const m = w.mocker
    for (const [id, name] of [
      ['admin', '周主任'],
      ['worker', '李芳'],
      ['zhang', '张三'],
      ['staff', '刘社工'],
    ])
      m.createContact({ id, name })
    m.createRoom({ id: room, topic: '1号网格群', memberIdList: [w.botUser.id, 'admin', 'worker', 'zhang'] })
    m.createRoom({ id: staffRoom, topic: '社区工作群', memberIdList: [w.botUser.id, 'admin', 'staff'] })
    const policy = join(w.dir, 'policy.yaml')
    writeFileSync(policy, 'clocks:\n  signFor: { normal: 6s }\n  respond: { normal: 1h }\n')
    await w.startBot({ GRIDBOT_CONFIG: policy, GRIDBOT_RULES_CRON: '* * * * * *' })
  }, 60_000)
  afterAll(async () => w?.close())

  it("reminds the worker and tells the community staff group (催办), the case still the grid's", async () => {
    const say = (who: string, text: string, to: string, mentions: string[] = []) => w.say(who, to, text, mentions)
    say('admin', '#绑定网格 阳光社区 1号网格', room)
    say('admin', '#设置 网格员', room, ['worker'])
    say('admin', '#绑定工作群 阳光社区', staffRoom)
    say('admin', '#设置 社区', staffRoom, ['staff'])
    await w.waitFor((s) => s.text.includes('设为社区'))
    say('zhang', '#报事 3号楼楼道灯不亮', room)
    await w.waitFor((s) => s.roomId === room && s.text.includes('编号 1 已登记'))
    const urged = (s: { roomId?: string; text: string }) =>
      s.roomId === staffRoom && s.text.includes('【催办】') && s.text.includes('编号 1｜')
    const escalation = await w.waitFor(urged, 15_000)
    expect(escalation.mentionIds).toEqual(['staff'])
    // The warning at 80% (4.8 s) comes first when a tick lands in its 1.2 s window; a slow machine's
    // tick may land after the deadline, and then the deadline's reminder is the one the worker gets.
    const toWorker = w.seen.filter((s) => s.listenerId === 'worker' && s.text.includes('编号 1 签收'))
    expect(toWorker.length).toBeGreaterThan(0)
    expect(toWorker[0]!.text).toMatch(/^(提醒：编号 1 签收时限还剩|编号 1 签收已超期)/)
    expect(w.seen.filter(urged).length).toBe(1)
    expect(escalation.text).toContain('承办：网格（李芳）')
  }, 40_000)
})
