import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGrpcWorld } from '../support/grpc-world.js'

type World = Awaited<ReturnType<typeof createGrpcWorld>>

describe('end to end: a notice over gRPC, the real scheduler @-mentions exactly who has not said 收到', () => {
  let w: World
  const room = 'notice-grid@chatroom'
  const residents = ['a1', 'a2', 'a3', 'a4', 'a5']

  beforeAll(async () => {
    w = await createGrpcWorld()
    const m = w.mocker
    for (const [id, name] of [['admin', '周主任'], ['leader', '刘楼长'], ...residents.map((id, i) => [id, `居民${i + 1}`])])
      m.createContact({ id: id!, name: name! })
    m.createRoom({ id: room, topic: '2号网格群', memberIdList: [w.botUser.id, 'admin', 'leader', ...residents] })
    const policy = join(w.dir, 'policy.yaml')
    writeFileSync(policy, 'notices:\n  firstRound: 6s\n  maxRounds: 1\n')
    await w.startBot({ GRIDBOT_CONFIG: policy, GRIDBOT_RULES_CRON: '* * * * * *' })
  }, 60_000)
  afterAll(async () => w?.close())

  it('posts the notice, takes the replies, and the first round @s the three who stayed silent', async () => {
    const say = (who: string, text: string, mentions: string[] = []) => w.say(who, room, text, mentions)
    say('admin', '#绑定网格 阳光社区 2号网格')
    say('admin', '#设置 网格长', ['leader'])
    await w.waitFor((s) => s.text.includes('设为网格长'))
    say('leader', '#通知 明天上午9点小区消防演练，请准时参加')
    const post = await w.waitFor((s) => s.roomId === room && s.text.startsWith('【通知编号 1】'))
    expect(post.text).toContain('截止：')
    say('a1', '收到')
    say('a2', '3-2-502 好的👌')
    // a3 changes their group nickname; WeChat sends no event for that: the roster is re-read before the round.
    w.puppet.setRoomAlias(room, 'a3', '9-9-909 居民三')
    const round = await w.waitFor((s) => s.roomId === room && s.text.includes('【通知编号 1】还没确认'), 15_000)
    expect([...round.mentionIds].sort()).toEqual(['a3', 'a4', 'a5'])
    const db = new Database(w.dbFile, { readonly: true })
    expect(db.prepare("select name from notice_recipients where contact_id = 'a3'").get()).toEqual({ name: '9-9-909 居民三' })
    db.close()
    expect(w.seen.filter((s) => s.text.includes('【通知编号 1】还没确认'))).toHaveLength(1)
  }, 40_000)
})
