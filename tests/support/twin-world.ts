import { FileBox } from 'file-box'
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
  /** Accounts whose provider no longer delivers what is said in their groups (a connection dead, not yet noticed). */
  const deaf = new Map<string, (() => void)[]>()
  /** Delivers `say` to every account in the group; a deaf one's copy waits, for a provider that replays it later. */
  const deliver = (roomId: string, say: (m: SandboxPuppet['mocker']) => void) => {
    for (const w of worlds.filter((x) => x.rooms.has(roomId))) {
      const later = deaf.get(w.name)
      if (later) later.push(() => say(w.puppet.mocker))
      else say(w.puppet.mocker)
    }
  }
  const world = {
    said,
    worlds,
    /** From now on `name` hears nothing said in a group (its stream died silently), until `hearsAgain`. */
    stopsHearing: (name: string) => void deaf.set(name, []),
    /** `name` hears again; with `replay`, its provider first delivers what it missed (as some do after a reconnect). */
    hearsAgain(name: string, o: { replay?: boolean } = {}): void {
      const missed = deaf.get(name) ?? []
      deaf.delete(name)
      if (o.replay) for (const say of missed) say()
    },
    puppet: (name: string) => worlds.find((w) => w.name === name)!.puppet,
    login(name: string): void {
      const w = worlds.find((x) => x.name === name)!
      w.puppet.mocker.login(w.me)
    },
    /** `who` says `text` in a group: every account in it receives it. */
    say(who: string, roomId: string, text: string, mentions: string[] = []): void {
      deliver(roomId, (m) =>
        m.ContactMock.load(who)
          .say(
            text,
            mentions.map((id) => m.ContactMock.load(id)),
          )
          .to(m.RoomMock.load(roomId)),
      )
    },
    /** `who` sends a picture (base64) in a group: every account in it that still hears receives it. */
    sendImage(who: string, roomId: string, base64: string, name = 'photo.png'): void {
      deliver(roomId, (m) => m.ContactMock.load(who).say(FileBox.fromBase64(base64, name)).to(m.RoomMock.load(roomId)))
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
