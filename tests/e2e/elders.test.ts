import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGrpcWorld } from '../support/grpc-world.js'

type World = Awaited<ReturnType<typeof createGrpcWorld>>

/**
 * A fixed-offset zone where it is around noon now, so an elder's time a minute or two ahead is a daytime time
 * whenever the test runs (the check takes 01:00–23:59); and that time, with at least 20 s to sign up before it.
 */
function noonZoneAndTime(now: number): { zone: string; time: string; dueAt: number } {
  const offset = 12 - new Date(now).getUTCHours()
  const zone = offset === 0 ? 'Etc/GMT' : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`
  const local = new Date(now + offset * 3_600_000)
  const ahead = local.getUTCSeconds() > 40 ? 2 : 1
  const due = new Date(
    Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), local.getUTCHours(), local.getUTCMinutes() + ahead),
  )
  return {
    zone,
    time: `${due.getUTCHours()}:${String(due.getUTCMinutes()).padStart(2, '0')}`,
    dueAt: due.getTime() - offset * 3_600_000,
  }
}

describe('end to end: an elder signs up and sends nothing; the real scheduler nudges and lists, #已探访 stops it', () => {
  let w: World
  const room = 'elder-grid@chatroom'
  const staffRoom = 'elder-staff@chatroom'
  let plan: ReturnType<typeof noonZoneAndTime>

  beforeAll(async () => {
    w = await createGrpcWorld()
    const m = w.mocker
    for (const [id, name] of [
      ['admin', '周主任'],
      ['worker', '李芳'],
      ['feng', '冯雪'],
      ['son', '冯小明'],
      ['staff', '刘社工'],
    ])
      m.createContact({ id, name })
    m.createRoom({ id: room, topic: '1号网格群', memberIdList: [w.botUser.id, 'admin', 'worker', 'feng', 'son'] })
    m.createRoom({ id: staffRoom, topic: '社区工作群', memberIdList: [w.botUser.id, 'admin', 'staff'] })
    w.puppet.setRoomAlias(room, 'feng', '6-3-303 冯雪')
    w.puppet.setRoomAlias(room, 'son', '6-3-303 冯小明')
    const policy = join(w.dir, 'policy.yaml')
    writeFileSync(policy, 'elders:\n  graceToWorker: 5s\n  visitWithin: { red: 15s }\n')
    plan = noonZoneAndTime(Date.now() + 15_000) // the bot takes a few seconds to start
    await w.startBot({ GRIDBOT_CONFIG: policy, GRIDBOT_RULES_CRON: '* * * * * *', GRIDBOT_TIMEZONE: plan.zone })
  }, 60_000)
  afterAll(async () => w?.close())

  it('nudges the elder at their time, sends the worker one list and the son a line, and a visit keeps the community out of it', async () => {
    const say = (who: string, text: string, to: string, mentions: string[] = []) => w.say(who, to, text, mentions)
    say('admin', '#绑定网格 阳光社区 1号网格', room)
    say('admin', '#设置 网格员', room, ['worker'])
    say('admin', '#绑定工作群 阳光社区', staffRoom)
    say('admin', '#设置 社区', staffRoom, ['staff'])
    await w.waitFor((s) => s.text.includes('设为社区'))
    expect(Date.now()).toBeLessThan(plan.dueAt - 5_000)
    say('worker', `#关爱 @冯雪 ${plan.time} 红`, room, ['feng'])
    say('worker', '#关爱家属 @冯雪 @冯小明', room, ['feng', 'son'])
    const signedUp = await w.waitFor((s) => s.listenerId === 'worker' && s.text.startsWith('已登记关爱：冯雪 6-3-303'))
    expect(signedUp.text).toContain(`每天 ${plan.time} 前报平安，红色`)
    await w.waitFor((s) => s.listenerId === 'feng' && s.text.includes('为您开通了平安打卡'))

    const nudge = await w.waitFor((s) => s.listenerId === 'feng' && s.text.includes('今天还好吗？回复任意消息报个平安'), 150_000)
    const list = await w.waitFor((s) => s.listenerId === 'worker' && s.text.startsWith('【平安打卡】1 位老人没有按时报平安'), 20_000)
    expect(list.text).toContain(`1. 冯雪 6-3-303 红色 ${plan.time}前未报｜家属冯小明`)
    expect(list.text).toContain('上门后回复：#已探访 冯雪 已上门，身体好')
    await w.waitFor((s) => s.listenerId === 'son' && s.text.startsWith('您好，冯雪 今天'))
    const nudgeAt = w.seen.indexOf(nudge)
    expect(w.seen.indexOf(list)).toBeGreaterThan(nudgeAt)

    w.mocker.ContactMock.load('worker').say('#已探访 冯雪 已上门，身体好').to(w.mocker.ContactMock.load(w.botUser.id))
    await w.waitFor((s) => s.listenerId === 'worker' && s.text === '已记录探访：冯雪，今天的追踪已结束')
    // Past the time the community would have been told (15 s after the list), nothing went there.
    await new Promise((r) => setTimeout(r, 18_000))
    expect(w.seen.filter((s) => s.roomId === staffRoom && s.text.includes('平安打卡'))).toEqual([])
    expect(w.seen.filter((s) => s.roomId === room && /冯雪|6-3-303|冯小明/.test(s.text))).toEqual([])
    expect(w.seen.filter((s) => s.listenerId === 'worker' && s.text.startsWith('【平安打卡】1 位')).length).toBe(1)
    const db = new Database(w.dbFile, { readonly: true })
    const day = db
      .prepare(
        'select missed_at is not null as missed, nudged_at is not null as nudged, listed_at is not null as listed, escalated_at, end_reason from elder_days',
      )
      .get()
    const steps = db.prepare("select step from rule_firings where rule = 'elder-check' order by fired_at").all()
    db.close()
    expect(day).toEqual({ missed: 1, nudged: 1, listed: 1, escalated_at: null, end_reason: 'visit' })
    expect(steps.map((s) => (s as { step: string }).step.split(':')[1])).toEqual(['nudge', 'list'])
  }, 240_000)
})
