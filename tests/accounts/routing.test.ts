import { describe, expect, it } from 'vitest'
import { enqueue, replyTo, toContact, toRoom } from '../../src/domain/outgoing.js'
import { rosterEntry } from '../../src/domain/roster.js'
import { openDatabase } from '../../src/store/database.js'
import { createRepos } from '../../src/store/repos.js'

const NOW = Date.parse('2026-12-01T02:00:00Z')

/** Three accounts (the third a standby) in groups of a small district, as roster sync would record them. */
function district() {
  const repos = createRepos(openDatabase(':memory:'))
  repos.accounts.register(
    [
      { name: 'A', standby: false },
      { name: 'B', standby: false },
      { name: 'S', standby: true },
    ],
    NOW,
  )
  repos.accounts.loggedIn('A', 'botA', NOW)
  repos.accounts.loggedIn('B', 'botB', NOW)
  repos.accounts.loggedIn('S', 'botS', NOW)
  const room = (id: string, members: string[], owner?: string) => {
    repos.directory.touchGroup(id, id, NOW)
    for (const m of members) repos.members.upsert(id, rosterEntry(m, m), NOW)
    if (owner) repos.accounts.claim(id, owner, NOW)
  }
  room('g1@chatroom', ['botA', 'botB', 'botS', 'zhang'], 'B')
  room('g2@chatroom', ['botA', 'li'], 'A')
  room('g3@chatroom', ['botB', 'botS', 'wang'], 'B')
  const queue = (...out: Parameters<typeof enqueue>[1]) => {
    enqueue(repos.outbox, out, NOW, 20)
    return repos.outbox.all().slice(-out.length)
  }
  return { repos, queue }
}

describe('which account sends (issue 15, item 2)', () => {
  it('pushes a group message from its owner, a reply from the account that received the message', () => {
    const { queue } = district()
    expect(queue(toRoom('g1@chatroom', 'notice')).map((r) => r.account)).toEqual(['B'])
    expect(queue(replyTo({ roomId: 'g1@chatroom', senderId: 'zhang', account: 'A' }, 'ok')).map((r) => r.account)).toEqual(['A'])
    expect(queue(replyTo({ roomId: null, senderId: 'li', account: 'A' }, 'ok')).map((r) => r.account)).toEqual(['A'])
  })

  it('writes to a person from an account sharing a group with them (the first listed, a standby last)', () => {
    const { queue } = district()
    expect(queue(toContact('zhang', 'a')).map((r) => r.account)).toEqual(['A'])
    expect(queue(toContact('li', 'b')).map((r) => r.account)).toEqual(['A'])
    expect(queue(toContact('wang', 'c')).map((r) => r.account)).toEqual(['B'])
    expect(queue(toContact('stranger', 'd')).map((r) => r.account)).toEqual([null])
  })

  it("sends an unhealthy owner's group from another of ours in it (standby last), and nothing where none is", () => {
    const { repos, queue } = district()
    repos.accounts.setHealthy('B', false, NOW)
    expect(queue(toRoom('g1@chatroom', 'x'), toRoom('g3@chatroom', 'y'), toContact('wang', 'z')).map((r) => r.account)).toEqual([
      'A',
      'S',
      'S',
    ])
    repos.accounts.setHealthy('S', false, NOW)
    expect(queue(toRoom('g3@chatroom', 'y')).map((r) => r.account)).toEqual([null])
  })

  it("lets each account's sender take its own rows, and the first account those without one", () => {
    const { repos, queue } = district()
    queue(toRoom('g1@chatroom', 'b1'), toRoom('g2@chatroom', 'a1'), toContact('stranger', 'loose'))
    const take = (name: string, unrouted: boolean) => {
      const out: string[] = []
      for (let r = repos.outbox.nextDue(NOW, { name, unrouted }); r; r = repos.outbox.nextDue(NOW, { name, unrouted })) {
        out.push(r.text)
        repos.outbox.markSent(r.id, NOW, name)
      }
      return out
    }
    expect(take('B', false)).toEqual(['b1'])
    expect(take('A', true)).toEqual(['a1', 'loose'])
    expect(repos.outbox.sentByAccountSince(NOW - 1)).toEqual(
      new Map([
        ['A', 2],
        ['B', 1],
      ]),
    )
    expect(repos.accounts.ownedCounts()).toEqual(
      new Map([
        ['A', 1],
        ['B', 2],
      ]),
    )
  })

  it('gives a group to the first listed of ours in it, unless an admin’s #绑定… named another', () => {
    const { repos } = district()
    const now = NOW
    repos.directory.touchGroup('late@chatroom', 'late', now)
    expect(repos.accounts.claim('late@chatroom', 'B', now)).toBe(true) // B was there first (A not logged in yet)
    expect(repos.accounts.claim('late@chatroom', 'A', now)).toBe(true) // A is listed first: it takes the group
    expect(repos.accounts.claim('late@chatroom', 'B', now)).toBe(false)
    expect(repos.accounts.ownerOf('late@chatroom')).toBe('A')
    expect(repos.accounts.claim('late@chatroom', 'B', now, true)).toBe(true) // @小助手2 #绑定网格 …
    expect(repos.accounts.claim('late@chatroom', 'A', now)).toBe(false) // named by an admin: it stays
    expect(repos.accounts.ownerOf('late@chatroom')).toBe('B')
  })

  it('forgets an account no longer listed, and its groups are claimed again', () => {
    const { repos } = district()
    repos.accounts.register([{ name: 'A', standby: false }], NOW)
    expect(repos.accounts.all().map((a) => a.name)).toEqual(['A'])
    expect(repos.accounts.ownerOf('g1@chatroom')).toBeUndefined()
    expect(repos.accounts.claim('g1@chatroom', 'A', NOW)).toBe(true)
    expect(repos.accounts.claim('g1@chatroom', 'B', NOW)).toBe(false)
    expect(repos.accounts.ownerOf('g1@chatroom')).toBe('A')
  })
})
