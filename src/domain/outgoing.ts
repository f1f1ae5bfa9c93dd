import type { InboundMessage, Outgoing, OutboxRow, Priority } from './model.js'
import type { OutboxRepo } from './ports.js'
import { maskForGroup } from './privacy.js'

/**
 * PRODUCT.md's order among pushes (urgent safety and replies have classes of their own): escalations, notices,
 * reminders, digests. A waiting push moves up one step every PUSH_RANK_AGE_MS, so an old reminder still goes out.
 */
export const PUSH_RANK = { escalation: 0, notice: 1, reminder: 2, digest: 3 } as const
export const PUSH_RANK_AGE_MS = 15 * 60_000

/** Longest text of one message: replies are read on phones. */
export const MAX_MESSAGE_CHARS = 480

/** A message as it will be sent: the unit of the outbox. */
export interface OutgoingPart {
  text: string
  mentionIds: string[]
}

/** A reply where the message was said; in a group it @-mentions the sender. */
export function replyTo(
  msg: Pick<InboundMessage, 'roomId' | 'senderId'> & { account?: string },
  text: string,
  priority: Priority = 'reply',
): Outgoing {
  // From the account that received it: that one is in the group, or is the person's contact.
  const via = msg.account ? { account: msg.account } : {}
  return msg.roomId
    ? { conversationId: msg.roomId, isRoom: true, text, mentionIds: [msg.senderId], priority, answers: msg.senderId, ...via }
    : { conversationId: msg.senderId, isRoom: false, text, mentionIds: [], priority, ...via }
}

/** A private message to one contact. */
export function toContact(contactId: string, text: string, priority: Priority = 'push'): Outgoing {
  return { conversationId: contactId, isRoom: false, text, mentionIds: [], priority }
}

/** A case photo forwarded privately (a handler's copy of what the reporter sent), once its file is downloaded. */
export function photoTo(contactId: string, attachmentId: number, priority: Priority = 'push'): Outgoing {
  return { conversationId: contactId, isRoom: false, text: '', mentionIds: [], priority, attachmentId }
}

/** A message to a group, optionally @-mentioning some members. */
export function toRoom(roomId: string, text: string, mentionIds: string[] = [], priority: Priority = 'push', rank?: number): Outgoing {
  return { conversationId: roomId, isRoom: true, text, mentionIds, priority, ...(rank ? { rank } : {}) }
}
/** Splits a long text at line breaks (or hard, for one very long line) into parts of at most `max` characters. */
export function splitText(text: string, max = MAX_MESSAGE_CHARS): string[] {
  const parts: string[] = []
  let current = ''
  for (const line of text.split('\n')) {
    for (let piece = line; ;) {
      const candidate = current ? `${current}\n${piece}` : piece
      if (candidate.length <= max) {
        current = candidate
        break
      }
      if (current) {
        parts.push(current)
        current = ''
        continue
      }
      parts.push(piece.slice(0, max))
      piece = piece.slice(max)
      if (!piece) break
    }
  }
  if (current || parts.length === 0) parts.push(current)
  return parts
}

/**
 * Turns one logical message into the messages to send: phone and ID-card numbers masked in groups, at most
 * `mentionsPerMessage` @-mentions each (the text repeated with each batch), long text split in parts.
 */
export function toParts(
  msg: { text: string; mentionIds: string[]; isRoom: boolean; attachmentId?: number },
  mentionsPerMessage: number,
): OutgoingPart[] {
  if (msg.attachmentId !== undefined) return [{ text: '', mentionIds: [] }]
  const text = msg.isRoom ? maskForGroup(msg.text) : msg.text
  const texts = splitText(text)
  const mentions = [...new Set(msg.mentionIds)]
  const batches: string[][] = []
  for (let i = 0; i < mentions.length; i += mentionsPerMessage) batches.push(mentions.slice(i, i + mentionsPerMessage))
  if (batches.length <= 1) return texts.map((t, i) => ({ text: t, mentionIds: i === 0 ? (batches[0] ?? []) : [] }))
  return [...batches.map((b) => ({ text: texts[0]!, mentionIds: b })), ...texts.slice(1).map((t) => ({ text: t, mentionIds: [] }))]
}

/** Writes what to say into the outbox: phones masked in groups, @-mentions batched, long text split (the parts share a lane). */
export function enqueue(outbox: Pick<OutboxRepo, 'insert'>, out: Outgoing[], now: number, mentionsPerMessage: number): void {
  for (const o of out) {
    for (const part of toParts(o, mentionsPerMessage)) {
      outbox.insert({ ...o, notBefore: now, ...part }, now)
    }
  }
}

/**
 * Packs messages, in order and a blank line apart, into as few texts of at most `max` characters as fit,
 * breaking only between them; one that is too long on its own is split at its lines as usual.
 */
export function packTexts(texts: string[], max = MAX_MESSAGE_CHARS): string[] {
  const packed: string[] = []
  let current = ''
  for (const text of texts) {
    const candidate = current ? `${current}\n\n${text}` : text
    if (candidate.length <= max) {
      current = candidate
      continue
    }
    if (current) packed.push(current)
    const pieces = splitText(text, max)
    current = pieces.pop()!
    packed.push(...pieces)
  }
  if (current) packed.push(current)
  return packed
}

/** More queued pushes than this to one private chat are merged before the next one goes out. */
export const COALESCE_AFTER = 3

/**
 * Coalesces a backed-up private chat: when more than COALESCE_AFTER pushes wait for the contact `row` goes
 * to, they are merged, in order, into as few messages as fit (under MAX_MESSAGE_CHARS each). Only one
 * conversation's own due, untried pushes are merged, so nothing reaches anyone it was not written to, and
 * no group message is touched. Returns true when the rows were replaced (the caller picks its next row again).
 */
export function coalesceBacklog(outbox: Pick<OutboxRepo, 'queuedTo' | 'replace'>, row: OutboxRow, now: number): boolean {
  if (row.isRoom || row.priority !== 'push' || row.attempts > 0 || row.kind !== 'text') return false
  const queued = outbox.queuedTo(row.conversationId, 'push')
  // Texts merge up to the first photo: a photo is sent as it is, after what was written before it.
  const firstPhoto = queued.findIndex((r) => r.kind !== 'text')
  // Only what the same account sends: another account's rows go out on its own pace.
  const rows = (firstPhoto < 0 ? queued : queued.slice(0, firstPhoto)).filter(
    (r) => !r.isRoom && r.attempts === 0 && r.notBefore <= now && r.account === row.account,
  )
  if (rows.length <= COALESCE_AFTER) return false
  const texts = packTexts(rows.map((r) => r.text))
  if (texts.length >= rows.length) return false
  const notBefore = Math.min(...rows.map((r) => r.notBefore))
  const items = texts.map((text) => ({
    conversationId: row.conversationId,
    isRoom: false,
    text,
    mentionIds: [],
    priority: 'push' as const,
    notBefore,
    ...(row.account ? { account: row.account } : {}),
  }))
  outbox.replace(
    rows.map((r) => r.id),
    items,
    now,
  )
  return true
}
