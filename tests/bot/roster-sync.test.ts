import { afterEach, describe, expect, it } from 'vitest'
import type * as PUPPET from 'wechaty-puppet'
import { MINUTE, systemClock, type Clock } from '../../src/clock.js'
import { createWechatyAccount } from '../../src/bot/wechaty-account.js'
import { createLogger } from '../../src/logger.js'
import { openDatabase } from '../../src/store/database.js'
import { createRepos, type Repos } from '../../src/store/repos.js'
import { HeldRosterPuppet } from '../support/held-roster-puppet.js'
import { until } from '../support/until.js'

/** A mock whose member reads of one group fail until `healAfter` of them have failed (a service timing reads out). */
class FlakyPuppet extends HeldRosterPuppet {
  failures = 0
  /** Roster reads of the flaky group: one each time the bot reads its member list. */
  reads = 0
  constructor(
    readonly flakyRoom: string,
    readonly healAfter: number,
  ) {
    super()
  }
  override async roomMemberList(roomId: string): Promise<string[]> {
    if (roomId === this.flakyRoom) this.reads++
    return super.roomMemberList(roomId)
  }
  override async roomMemberRawPayload(roomId: string, contactId: string): Promise<PUPPET.payloads.RoomMember> {
    if (roomId === this.flakyRoom && this.failures < this.healAfter) {
      this.failures++
      throw new Error('4 DEADLINE_EXCEEDED: Deadline exceeded')
    }
    return super.roomMemberRawPayload(roomId, contactId)
  }
}

function world(healAfter: number, clock: Clock = systemClock) {
  const puppet = new FlakyPuppet('g2@chatroom', healAfter)
  const m = puppet.mocker
  const me = m.createContact({ id: 'bot', name: '小助手' })
  for (const g of [1, 2, 3]) {
    const ids = [1, 2, 3].map((i) => m.createContact({ id: `g${g}-c${i}`, name: `居民${i}` }).id)
    m.createRoom({ id: `g${g}@chatroom`, topic: `${g}号网格群`, memberIdList: ['bot', ...ids] })
    ids.forEach((id, i) => puppet.setRoomAlias(`g${g}@chatroom`, id, `${g}-1-${101 + i} 居民${i + 1}`))
  }
  const repos: Repos = createRepos(openDatabase(':memory:'))
  let loggedIn = 0
  const retriesDone: number[] = []
  let fullReads = 0
  const log = createLogger('info', {
    write: (line: string) => {
      const entry = JSON.parse(line) as { msg: string; stillFailing?: number }
      if (entry.msg === 'rosters read again') retriesDone.push(entry.stillFailing ?? -1)
      if (entry.msg === 'roster synced') fullReads++
    },
  })
  const account = createWechatyAccount({
    puppet: { instance: puppet },
    repos,
    clock,
    log,
    name: '小助手',
    rosterRetryMs: [0, 0],
    on: {
      inbound: () => undefined,
      login: () => void loggedIn++,
      throttled: () => undefined,
      down: () => undefined,
    },
  })
  return { puppet, repos, account, me, loggedIn: () => loggedIn, retriesDone: () => retriesDone, fullReads: () => fullReads }
}

describe('roster sync at login', () => {
  let stop: (() => Promise<void>) | undefined
  afterEach(async () => stop?.())

  it('records and claims every group even when one roster cannot be read, and reads that roster again', async () => {
    const w = world(3) // the first three member reads of g2 fail: the login's read fails, the retry works
    stop = () => w.account.stop()
    await w.account.start()
    w.puppet.mocker.login(w.me)
    expect(await until(() => w.loggedIn() === 1)).toBe(true)
    // Every group answered from the first moment: topic recorded, owner claimed, the roster read or not.
    for (const g of [1, 2, 3]) {
      expect(w.repos.directory.group(`g${g}@chatroom`)?.topic).toBe(`${g}号网格群`)
      expect(w.repos.accounts.ownerOf(`g${g}@chatroom`)).toBe('小助手')
    }
    expect(await until(() => w.repos.members.list('g1@chatroom').length === 4)).toBe(true)
    expect(await until(() => w.repos.members.list('g2@chatroom').length === 4)).toBe(true)
    expect(w.repos.members.get('g2@chatroom', 'g2-c2')).toMatchObject({ nickname: '2-1-102 居民2', building: '2', room: '102' })
  })

  it('is ready to send once every group is recorded, before any roster is read', async () => {
    const w = world(0)
    w.puppet.hold()
    stop = async () => {
      w.puppet.release()
      await w.account.stop()
    }
    await w.account.start()
    w.puppet.mocker.login(w.me)
    // The login is reported (the outbox sends from here on) while every member read still waits.
    expect(await until(() => w.loggedIn() === 1)).toBe(true)
    for (const g of [1, 2, 3]) {
      expect(w.repos.accounts.ownerOf(`g${g}@chatroom`)).toBe('小助手')
      expect(w.repos.members.list(`g${g}@chatroom`)).toHaveLength(0)
    }
    w.puppet.release()
    expect(await until(() => [1, 2, 3].every((g) => w.repos.members.list(`g${g}@chatroom`).length === 4))).toBe(true)
  })

  it('gives up after its retries and leaves the group to the 30-minute sync, the other groups stored', async () => {
    const w = world(Infinity)
    stop = () => w.account.stop()
    await w.account.start()
    w.puppet.mocker.login(w.me)
    expect(await until(() => w.loggedIn() === 1)).toBe(true)
    // The login's read and one more after each of rosterRetryMs's two pauses; after the last, it stops trying.
    expect(await until(() => w.retriesDone().length === 2)).toBe(true)
    expect(w.retriesDone()).toEqual([1, 1])
    expect(w.puppet.reads).toBe(3)
    expect(w.repos.members.list('g2@chatroom')).toHaveLength(0)
    expect(w.repos.members.list('g3@chatroom')).toHaveLength(4)
    expect(w.repos.accounts.ownerOf('g2@chatroom')).toBe('小助手')
  })

  it('skips the 30-minute read while the login read is fresh, and reads every group when it is due', async () => {
    let now = Date.parse('2026-12-01T10:00:00Z')
    const w = world(0, { now: () => now })
    stop = () => w.account.stop()
    await w.account.start()
    w.puppet.mocker.login(w.me)
    expect(await until(() => w.fullReads() === 1)).toBe(true) // the login's read is over
    const reads = w.puppet.reads
    now += 20 * MINUTE // the cron fires 20 minutes after the login's read: nothing read again
    await w.account.syncAll()
    expect(w.fullReads()).toBe(1)
    expect(w.puppet.reads).toBe(reads)
    now += 10 * MINUTE // 30 minutes after: every group read again, nicknames too
    w.puppet.setRoomAlias('g2@chatroom', 'g2-c1', '2-1-909 居民1')
    await w.account.syncAll()
    expect(w.fullReads()).toBe(2)
    expect(w.puppet.reads).toBeGreaterThan(reads)
    expect(w.repos.members.get('g2@chatroom', 'g2-c1')).toMatchObject({ nickname: '2-1-909 居民1', room: '909' })
  })
})
