import type { InboundMessage } from '../domain/model.js'

/**
 * How long an account that does not answer a group keeps a message it heard there, for the case that the owner never
 * got it. The owner is found dead at worst 2 min 30 s after its last sign of life (the supervisor's 2 minutes of
 * heartbeat silence, checked every 30 s); three failed sends in a row take about as long (a failure, then a probe a
 * minute apart). Twice the slower of the two, so a message sent just before the owner died is still held when its
 * failover comes; older than that, a reply would come too late to be one.
 */
export const HOLD_MS = 5 * 60_000
/** Two of our accounts' copies of one message carry its time as each provider saw it: this far apart they are one. */
export const SAME_MESSAGE_MS = 5_000
/** Messages remembered per group (a group in a flood forgets its oldest first). */
const PER_GROUP = 500

/** What tells two accounts' copies of one message apart from other messages. */
interface Print {
  senderId: string
  kind: InboundMessage['kind']
  text: string
  /** The message's own time (the provider's), for matching copies; our receiving time where it has none. */
  sentAt: number
  account: string
  /** When we got it (the injected clock): it is held, or remembered, until HOLD_MS after this. */
  at: number
}

interface Copy extends Print {
  m: InboundMessage
}

interface Handled extends Print {
  /** The accounts whose copy of it was matched already (each account's copy counts once). */
  seenBy: Set<string>
}

/**
 * The group messages that one of our accounts heard but left to the group's answering account, and the ones some
 * account handled, for a few minutes, in memory. Message ids differ per account, so copies are matched on group,
 * sender, kind, text and the message's own time. When a group's owner goes down, the account that answers the group
 * now handles what it holds there that nobody handled, in order, once (takeOver); everything else is forgotten.
 */
export function createHeldMessages(now: () => number) {
  const held = new Map<string, Copy[]>()
  const handled = new Map<string, Handled[]>()
  let swept = now()

  const same = (a: Print, b: Print) =>
    a.senderId === b.senderId && a.kind === b.kind && a.text === b.text && Math.abs(a.sentAt - b.sentAt) <= SAME_MESSAGE_MS

  const copy = (m: InboundMessage): Copy | undefined => {
    if (!m.roomId || !m.account) return undefined
    const at = now()
    return { m, senderId: m.senderId, kind: m.kind, text: m.text, sentAt: m.sentAt ?? at, account: m.account, at }
  }

  /** Drops what is older than HOLD_MS: in the group touched now, and everywhere once a minute. */
  function forget(roomId: string): void {
    const oldest = now() - HOLD_MS
    const trim = <T extends Print>(map: Map<string, T[]>, room: string) => {
      const list = map.get(room)
      if (!list) return
      while (list.length && (list[0]!.at < oldest || list.length > PER_GROUP)) list.shift()
      if (!list.length) map.delete(room)
    }
    trim(held, roomId)
    trim(handled, roomId)
    if (now() - swept < 60_000) return
    swept = now()
    for (const room of [...held.keys()]) trim(held, room)
    for (const room of [...handled.keys()]) trim(handled, room)
  }

  /** The handled message `c` is a copy of (one this account's copies did not match yet), marked as matched now. */
  function matchHandled(c: Copy): Handled | undefined {
    const hit = handled.get(c.m.roomId!)?.find((h) => !h.seenBy.has(c.account) && same(h, c))
    hit?.seenBy.add(c.account)
    return hit
  }

  function remember(c: Copy): void {
    const list = handled.get(c.m.roomId!) ?? []
    const { senderId, kind, text, sentAt, account } = c
    list.push({ senderId, kind, text, sentAt, account, at: now(), seenBy: new Set([account]) })
    handled.set(c.m.roomId!, list)
    // Its copies other accounts hold are spoken for.
    const others = held.get(c.m.roomId!)
    if (!others) return
    const dropped = new Set<string>()
    const keep = others.filter((o) => {
      if (o.account === c.account || dropped.has(o.account) || !same(o, c)) return true
      dropped.add(o.account)
      list[list.length - 1]!.seenBy.add(o.account)
      return false
    })
    if (keep.length) held.set(c.m.roomId!, keep)
    else held.delete(c.m.roomId!)
  }

  return {
    /**
     * The answering account is about to handle `m`: false when another account of ours handled a copy of it already
     * (a takeover after its owner went down, then the owner's late copy), so that nothing is handled twice.
     */
    handling(m: InboundMessage): boolean {
      const c = copy(m)
      if (!c) return true
      forget(c.m.roomId!)
      const earlier = matchHandled(c)
      if (earlier && earlier.account !== c.account) return false
      remember(c)
      return true
    },
    /** An account heard `m` in a group it does not answer: held, unless the answering account's copy was handled. */
    hold(m: InboundMessage): void {
      const c = copy(m)
      if (!c) return
      forget(c.m.roomId!)
      if (matchHandled(c)) return
      const list = held.get(c.m.roomId!) ?? []
      list.push(c)
      held.set(c.m.roomId!, list)
    },
    /**
     * A group's answering account may have changed (its owner went down): what each account holds in a group it now
     * answers, that no account handled, in the order it came, marked handled; the rest stays until it is too old.
     */
    takeOver(answers: (account: string, roomId: string) => boolean): InboundMessage[] {
      const out: InboundMessage[] = []
      for (const roomId of [...held.keys()]) {
        forget(roomId)
        const list = held.get(roomId) ?? []
        const mine = list.filter((c) => answers(c.account, roomId))
        if (!mine.length) continue
        const rest = list.filter((c) => !mine.includes(c))
        if (rest.length) held.set(roomId, rest)
        else held.delete(roomId)
        for (const c of mine) {
          if (matchHandled(c)) continue
          remember(c)
          out.push(c.m)
        }
      }
      return out
    },
    /** How many messages are held now (doctor, logs). */
    size: () => [...held.values()].reduce((n, l) => n + l.length, 0),
  }
}

/** The held messages of a process with several accounts. */
export type HeldMessages = ReturnType<typeof createHeldMessages>
