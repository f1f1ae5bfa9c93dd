import { SandboxPuppet } from '../../src/sandbox/sandbox-puppet.js'

/** A message one of the bot's accounts sent, as its puppet saw it. */
export interface Said {
  account: string
  roomId?: string
  listenerId?: string
  text: string
  mentionIds: string[]
}

/** What one account's world is made of: the people, the groups it is a member of, and the rooms it is in. */
export interface AccountWorldSpec {
  accounts: { name: string; id: string }[]
  contacts: [id: string, name: string][]
  rooms: { id: string; topic: string; members: string[] }[]
}

/**
 * One account's provider: a mock with the other accounts, the contacts and the groups this account is a member of;
 * every message the account itself sends is recorded in `said`.
 */
export function accountPuppet(a: { name: string; id: string }, o: AccountWorldSpec, said: Said[], puppet = new SandboxPuppet()) {
  const m = puppet.mocker
  const me = m.createContact({ id: a.id, name: a.name })
  for (const other of o.accounts) if (other.id !== a.id) m.createContact({ id: other.id, name: other.name })
  for (const [id, name] of o.contacts) m.createContact({ id, name })
  const rooms = o.rooms.filter((r) => r.members.includes(a.id))
  for (const r of rooms) m.createRoom({ id: r.id, topic: r.topic, memberIdList: r.members })
  puppet.on('message', ({ messageId }) => {
    const p = m.messagePayload(messageId) as {
      roomId?: string
      listenerId?: string
      talkerId: string
      text?: string
      mentionIdList?: string[]
    }
    if (p.talkerId === a.id)
      said.push({ account: a.name, roomId: p.roomId, listenerId: p.listenerId, text: p.text ?? '', mentionIds: p.mentionIdList ?? [] })
  })
  return { puppet, me, rooms: new Set(rooms.map((r) => r.id)) }
}

/**
 * Several WeChat accounts of the bot in one simulated world: each account has its own mock puppet (as each has
 * its own provider session), and a group exists in every account's world it is a member of, under the same id.
 * What a person says in a group reaches every account in it (each with its own message id, as in WeChat).
 */
export function createTwinWorld(o: {
  accounts: { name: string; id: string }[]
  contacts: [id: string, name: string][]
  rooms: { id: string; topic: string; members: string[] }[]
  /** Each account's provider (a SandboxPuppet unless a subclass, such as one whose sends fail, is given). */
  puppet?: (name: string) => SandboxPuppet
}) {
  const said: Said[] = []
  const worlds = o.accounts.map((a) => {
    const { puppet, me, rooms } = accountPuppet(a, o, said, o.puppet?.(a.name))
    return { ...a, puppet, me, rooms }
  })
  const world = {
    said,
    worlds,
    puppet: (name: string) => worlds.find((w) => w.name === name)!.puppet,
    login(name: string): void {
      const w = worlds.find((x) => x.name === name)!
      w.puppet.mocker.login(w.me)
    },
    /** `who` says `text` in a group: every account in it receives it. */
    say(who: string, roomId: string, text: string, mentions: string[] = []): void {
      for (const w of worlds) {
        if (!w.rooms.has(roomId)) continue
        const m = w.puppet.mocker
        m.ContactMock.load(who)
          .say(
            text,
            mentions.map((id) => m.ContactMock.load(id)),
          )
          .to(m.RoomMock.load(roomId))
      }
    },
    /** `who` writes privately to one account. */
    tell(who: string, account: string, text: string): void {
      const w = worlds.find((x) => x.name === account)!
      w.puppet.mocker.ContactMock.load(who).say(text).to(w.me)
    },
    /** Waits until the bot said something that passes `test`. */
    async next(test: (s: Said) => boolean, timeoutMs = 4000): Promise<Said> {
      for (const end = Date.now() + timeoutMs; Date.now() < end;) {
        const hit = said.find(test)
        if (hit) return hit
        await new Promise((r) => setTimeout(r, 10))
      }
      throw new Error(`bot said: ${JSON.stringify(said)}`)
    },
  }
  return world
}
