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
/**
 * Handled messages remembered at most (about 50 MB): a district's few thousand messages an hour are all remembered for
 * 5 minutes; at the gRPC ceiling of ~1,600 messages/s, the last minute, still far more than copies lie apart.
 */
const HANDLED_MAX = 100_000
/** Messages held per group at most (a flood in a group of 500 keeps its newest). */
const HELD_PER_GROUP = 500

/** One account's copy of a group message, as matched against the others'. */
interface Copy {
  /** Group, sender, kind and text: copies of one message share it. */
  key: string
  /** The message's own time (the provider's); our receiving time where it has none. */
  sentAt: number
  account: string
  /** When we got it (the injected clock): it is held, or remembered, until HOLD_MS after this. */
  at: number
}

interface Held extends Copy {
  m: InboundMessage
}

interface Handled extends Copy {
  /** The accounts whose copy of it was matched already (each account's copy counts once). */
  seenBy: string[]
}

/**
 * The group messages that one of our accounts heard but left to the group's answering account, and the ones some
 * account handled, for a few minutes, in memory. Message ids differ per account, so copies are matched on group,
 * sender, kind, text and the message's own time. When a group's owner goes down, the account that answers the group
 * now handles what it holds there that nobody handled, in order, once (takeOver); everything else is forgotten.
 */
export function createHeldMessages(now: () => number) {
  /** Group → what our accounts hold there, in the order it came. */
  const held = new Map<string, Held[]>()
  /** Key → the handled messages with it; `order` is all of them, oldest first, to forget them. */
  const handled = new Map<string, Handled[]>()
  let order: Handled[] = []
  let head = 0
  let swept = now()

  const near = (a: Copy, b: Copy) => Math.abs(a.sentAt - b.sentAt) <= SAME_MESSAGE_MS
  const copy = (m: InboundMessage): Held | undefined => {
    if (!m.roomId || !m.account) return undefined
    const at = now()
    const key = `${m.roomId}\u0000${m.senderId}\u0000${m.kind}\u0000${m.text}`
    return { key, sentAt: m.sentAt ?? at, account: m.account, at, m }
  }

  /**
   * Drops the handled messages older than HOLD_MS (and the oldest beyond HANDLED_MAX), and the held ones: in the group
   * touched now, and in every group once a minute.
   */
  function forget(roomId: string): void {
    const oldest = now() - HOLD_MS
    while (head < order.length && (order[head]!.at < oldest || order.length - head > HANDLED_MAX)) {
      const h = order[head++]!
      const same = handled.get(h.key)!
      same.shift() // the oldest with its key is the oldest of all
      if (!same.length) handled.delete(h.key)
    }
    if (head > 1024 && head * 2 > order.length) {
      order = order.slice(head)
      head = 0
    }
    const trim = (room: string) => {
      const list = held.get(room)
      if (!list) return
      while (list.length && (list[0]!.at < oldest || list.length > HELD_PER_GROUP)) list.shift()
      if (!list.length) held.delete(room)
    }
    trim(roomId)
    if (now() - swept < 60_000) return
    swept = now()
    for (const room of [...held.keys()]) trim(room)
  }

  /** The handled message `c` is a copy of (one this account's copies did not match yet), marked as matched now. */
  function matchHandled(c: Copy): Handled | undefined {
    const hit = handled.get(c.key)?.find((h) => !h.seenBy.includes(c.account) && near(h, c))
    hit?.seenBy.push(c.account)
    return hit
  }

  /** `c` is handled: remembered, and each other account's held copy of it is spoken for. */
  function remember(c: Held): void {
    const h: Handled = { key: c.key, sentAt: c.sentAt, account: c.account, at: now(), seenBy: [c.account] }
    const same = handled.get(c.key)
    if (same) same.push(h)
    else handled.set(c.key, [h])
    order.push(h)
    const others = held.get(c.m.roomId!)
    if (!others) return
    const keep = others.filter((o) => {
      if (o.key !== c.key || h.seenBy.includes(o.account) || !near(o, c)) return true
      h.seenBy.push(o.account)
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
      forget(m.roomId!)
      const earlier = matchHandled(c)
      if (earlier && earlier.account !== c.account) return false
      remember(c)
      return true
    },
    /** An account heard `m` in a group it does not answer: held, unless the answering account's copy was handled. */
    hold(m: InboundMessage): void {
      const c = copy(m)
      if (!c) return
      forget(m.roomId!)
      if (matchHandled(c)) return
      const list = held.get(m.roomId!)
      if (list) list.push(c)
      else held.set(m.roomId!, [c])
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
    /** How many messages are held now. */
    size: () => [...held.values()].reduce((n, l) => n + l.length, 0),
  }
}

/** The held messages of a process with several accounts. */
export type HeldMessages = ReturnType<typeof createHeldMessages>
