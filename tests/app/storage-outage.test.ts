import { describe, expect, it } from 'vitest'
import { createStorageOutage, type OutageTimers } from '../../src/app/storage-outage.js'
import { expectsReply } from '../../src/commands/expects-reply.js'
import type { InboundMessage, Outgoing } from '../../src/domain/model.js'
import { adminStaffGroups } from '../../src/domain/staff-groups.js'
import { isStorageFailure } from '../../src/domain/storage-failure.js'
import { createLogger } from '../../src/logger.js'
import { coreHandler } from '../support/core.js'
import { BOT, createHarness, seedCommunity, type Harness } from '../support/harness.js'

/** better-sqlite3's error on a full disk. */
const sqliteError = (code: string) => Object.assign(new Error(code), { code })

/** The harness's repos, with an outermost commit that fails with `disk.code` while it is set. */
function failingCommits(h: Harness) {
  const disk: { code?: string } = {}
  let depth = 0
  const real = h.repos.transaction.bind(h.repos)
  h.repos.transaction = <T>(fn: () => T): T =>
    real(() => {
      depth++
      try {
        const r = fn()
        if (disk.code && depth === 1) throw sqliteError(disk.code)
        return r
      } finally {
        depth--
      }
    })
  return disk
}

/** Timers run by hand: `fire()` runs what is due. */
function manualTimers() {
  const pending = new Map<number, { fn: () => void; ms: number }>()
  let id = 0
  const timers: OutageTimers = {
    setTimeout: (fn, ms) => (pending.set(++id, { fn, ms }), id),
    clearTimeout: (h) => void pending.delete(h as number),
  }
  return {
    timers,
    delays: () => [...pending.values()].map((p) => p.ms),
    fire() {
      const due = [...pending]
      pending.clear()
      for (const [, p] of due) p.fn()
    },
  }
}

let seq = 0
function world(limit?: number) {
  const h = createHarness()
  const s = seedCommunity(h)
  const disk = failingCommits(h)
  const handler = coreHandler(h.deps)
  const direct: Outgoing[] = []
  const stored: string[] = []
  const clock = manualTimers()
  const outage = createStorageOutage({
    handleBatch: handler.handleBatch,
    handled: (ms) => stored.push(...ms.map((m) => m.id)),
    sendNow: (out) => direct.push(...out),
    expectsReply: (m) => expectsReply(m, BOT, handler.registry.words),
    alertRooms: () => adminStaffGroups(h.repos, h.deps.admins),
    log: createLogger('silent'),
    timers: clock.timers,
    ...(limit ? { limit } : {}),
  })
  outage.refreshRooms()
  const msg = (senderId: string, text: string, roomId: string | null = s.grid): InboundMessage => ({
    id: `o${++seq}`,
    roomId,
    senderId,
    senderName: senderId,
    kind: 'text',
    text,
    mentionIds: [],
    self: false,
  })
  return { h, s, disk, direct, stored, clock, outage, msg }
}

describe('storage failures are told apart from bugs', () => {
  it('SQLite and file-system codes of a database that cannot write, wrapped or not; a TypeError is a bug', () => {
    for (const code of ['SQLITE_FULL', 'SQLITE_IOERR_WRITE', 'SQLITE_READONLY', 'SQLITE_BUSY', 'ENOSPC'])
      expect(isStorageFailure(sqliteError(code))).toBe(true)
    expect(isStorageFailure(new Error('migration failed', { cause: sqliteError('SQLITE_FULL') }))).toBe(true)
    expect(isStorageFailure(new TypeError('x is undefined'))).toBe(false)
    expect(isStorageFailure(sqliteError('SQLITE_CONSTRAINT_UNIQUE'))).toBe(false)
  })

  it('a command that throws a bug still gets 系统繁忙 through the outbox; one whose commit fails is thrown to the caller', () => {
    const h = createHarness()
    const s = seedCommunity(h)
    const original = h.repos.cases.create.bind(h.repos.cases)
    h.repos.cases.create = () => {
      throw new TypeError('a bug')
    }
    expect(h.say(s.zhang, '#报事 楼道灯不亮', s.grid).status).toBe('error')
    expect(h.take().map((r) => r.text)).toEqual([expect.stringContaining('系统繁忙')])
    h.repos.cases.create = () => {
      throw sqliteError('SQLITE_FULL')
    }
    expect(() => h.say(s.zhang, '#报事 楼道灯不亮', s.grid)).toThrow('SQLITE_FULL')
    expect(h.take()).toEqual([])
    h.repos.cases.create = original
  })
})

describe('the outage keeper', () => {
  it('keeps messages in order, tells each sender once and the admins once, retries with backoff, then stores each once', () => {
    const w = world()
    w.disk.code = 'SQLITE_FULL'
    w.outage.receive([w.msg('r1', '#报事 楼道灯不亮'), w.msg('r2', '#报事 3号楼门口垃圾没人清理')])
    w.outage.receive([w.msg('r1', '#报事 电梯坏了'), w.msg('r3', '谢谢'), w.msg('r4', '#我的', null)])
    expect(w.outage.down).toBe(true)
    expect(w.outage.size).toBe(5)
    expect(w.direct.map((o) => [o.conversationId, o.text, o.mentionIds])).toEqual([
      [w.s.staffRoom, expect.stringContaining('数据库暂时无法写入'), ['admin']],
      [w.s.grid, '系统暂时无法登记，请稍后再发', ['r1']],
      [w.s.grid, '系统暂时无法登记，请稍后再发', ['r2']],
      // r3's 谢谢 is chit-chat: kept, not answered
      ['r4', '系统暂时无法登记，请稍后再发', []],
    ])
    expect(w.h.take()).toEqual([]) // nothing written

    w.clock.fire() // still full
    w.clock.fire()
    expect(w.clock.delays()).toEqual([8_000])
    expect(w.direct).toHaveLength(4)

    w.disk.code = undefined
    w.outage.retry() // another write succeeded
    expect(w.outage.down).toBe(false)
    expect(w.clock.delays()).toEqual([])
    expect(w.stored).toHaveLength(5)
    expect([1, 2, 3].map((id) => w.h.repos.cases.get(id)?.reporterId)).toEqual(['r1', 'r2', 'r1'])
    expect(w.h.repos.cases.get(4)).toBeUndefined()
    expect(w.h.take().filter((r) => /编号 \d+ 已登记/.test(r.text))).toHaveLength(3)
    expect(w.direct.at(-1)).toMatchObject({ conversationId: w.s.staffRoom, text: expect.stringContaining('暂存的 5 条消息') })

    // A new message is stored at once; a redelivery of a kept one is a duplicate.
    const again = w.msg('r5', '#报事 路灯不亮')
    w.outage.receive([again])
    w.outage.receive([again])
    expect(w.h.repos.cases.get(4)?.reporterId).toBe('r5')
    expect(w.h.repos.cases.get(5)).toBeUndefined()
  })

  it('keeps at most `limit` messages; the rest are counted and the staff group hears of them', () => {
    const w = world(3)
    w.disk.code = 'SQLITE_IOERR_WRITE'
    w.outage.receive(Array.from({ length: 5 }, (_, i) => w.msg(`r${i}`, `#报事 ${i + 1}号楼漏水`)))
    expect(w.outage.size).toBe(3)
    expect(w.direct.filter((o) => o.text.startsWith('系统暂时无法登记'))).toHaveLength(5)
    w.disk.code = undefined
    w.clock.fire()
    expect(w.direct.at(-1)!.text).toMatch(/暂存的 3 条消息.*另有 2 条因暂存已满没有保存/)
    expect(w.h.repos.cases.get(3)?.reporterId).toBe('r2')
    expect(w.h.repos.cases.get(4)).toBeUndefined()
  })

  it('a batch that fails for another reason is logged and dropped as before, not kept', () => {
    const w = world()
    w.h.repos.transaction = () => {
      throw new TypeError('a bug')
    }
    w.outage.receive([w.msg('r1', '#报事 楼道灯不亮')])
    expect(w.outage.down).toBe(false)
    expect(w.direct).toEqual([])
  })

  it('the admins’ staff groups: where a GRIDBOT_ADMINS member is present, else the streets’, else every one', () => {
    const h = createHarness({ admins: ['admin', 'admin2'] })
    const s = seedCommunity(h)
    expect(adminStaffGroups(h.repos, h.deps.admins)).toEqual([{ roomId: s.staffRoom, adminIds: ['admin'] }])
    h.join('street@chatroom', [{ id: 'admin', nickname: '管理员老周' }], '幸福街道工作群')
    h.say(s.admin, '#绑定工作群 幸福街道', 'street@chatroom')
    expect(adminStaffGroups(h.repos, ['nobody'])).toEqual([{ roomId: 'street@chatroom', adminIds: [] }])
    h.repos.members.markLeft(s.staffRoom, ['admin'], h.clock.now())
    expect(adminStaffGroups(h.repos, ['admin'])).toEqual([{ roomId: 'street@chatroom', adminIds: ['admin'] }])
  })
})
