import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { createHarness, seedCommunity } from '../support/harness.js'

describe('rules across a restart', () => {
  it('after downtime past more rungs, sends one catch-up per recipient, no duplicates, no step lost', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gridbot-rules-')), 'bot.db')
    const before = createHarness({ file })
    const c = seedCommunity(before)
    before.say(c.zhang, '#报事 5栋楼道里有人给电动车充电', c.grid) // urgent: warn 4 min, due 5, double 10
    before.say(c.li, '#报事 3号楼门口垃圾没人清理', c.grid) // normal: warn 24 min, due 30, double 60
    before.take()
    before.clock.advance('4m')
    before.tick() // case 1 warned
    expect(before.take().map((o) => o.text.split('\n')[0])).toEqual(['提醒：编号 1 签收时限还剩1分钟'])
    const stoppedAt = before.clock.now()
    before.db.close() // the bot stops

    const after = createHarness({ file })
    after.take() // what was queued before the stop
    after.clock.set(stoppedAt + 61 * 60_000) // back 61 minutes later: case 1 missed its deadline, case 2 its warning and deadline
    after.tick()
    const out = after.take()
    // One message per recipient: the worker's lists both cases, and so does the community staff group's.
    expect(out.map((o) => o.conversationId).sort()).toEqual(['s1@chatroom', c.worker.id].sort())
    for (const o of out) expect(o.text).toMatch(/编号 1[\s\S]*编号 2/)
    after.tick()
    expect(after.take()).toEqual([])
    // The ladder urges; it does not move the cases: both are the grid's, and marked 已催办.
    expect(after.repos.cases.get(1)).toMatchObject({ level: 0, supervision: 1 })
    expect(after.repos.cases.get(2)).toMatchObject({ level: 0, supervision: 1 })
    after.db.close()
    const db = new Database(file, { readonly: true })
    const steps = db.prepare("select subject, step from rule_firings where rule = 'case-ladder' order by subject, step").all()
    db.close()
    expect(steps).toEqual([
      { subject: 'case:1', step: 'signFor:due' },
      { subject: 'case:1', step: 'signFor:warn' },
      { subject: 'case:2', step: 'signFor:due' },
      { subject: 'case:2', step: 'signFor:warn' },
    ])
  })
})
