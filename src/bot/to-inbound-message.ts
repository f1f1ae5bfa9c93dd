import { types, type Message, type Room } from 'wechaty'
import type { ContactInterface } from 'wechaty/impls'
import type { InboundMessage } from '../domain/model.js'

const NICKNAME_TTL_MS = 10 * 60_000

/**
 * Group nicknames seen recently. Over gRPC each room.alias() is a round trip (~0.12 ms measured), paid on
 * every message otherwise; roster sync refreshes the cache, and entries expire so a renamed member shows soon.
 */
export function createNicknameCache(now: () => number = Date.now, ttlMs = NICKNAME_TTL_MS) {
  const entries = new Map<string, { nickname: string | undefined; at: number }>()
  return {
    set(roomId: string, contactId: string, nickname: string | undefined): void {
      entries.set(`${roomId}\u0000${contactId}`, { nickname, at: now() })
    },
    async get(room: Room, contact: ContactInterface): Promise<string | undefined> {
      const key = `${room.id}\u0000${contact.id}`
      const hit = entries.get(key)
      if (hit && now() - hit.at < ttlMs) return hit.nickname
      const nickname = await room.alias(contact).catch(() => undefined)
      entries.set(key, { nickname, at: now() })
      return nickname
    },
  }
}

export type NicknameCache = ReturnType<typeof createNicknameCache>

/** No command needs more @-mentions than this; a message with 10,000 of them must not load 10,000 contacts. */
const MAX_MENTIONS = 100

/** The contacts really @-mentioned, at most MAX_MENTIONS, loaded from the payload's ids before any lookup. */
async function mentionsOf(message: Message): Promise<ContactInterface[]> {
  const ids = (message.payload as { mentionIdList?: unknown } | undefined)?.mentionIdList
  if (!Array.isArray(ids)) return (await message.mentionList()).slice(0, MAX_MENTIONS)
  const found = await Promise.all(ids.slice(0, MAX_MENTIONS).map((id) => message.wechaty.Contact.find({ id: String(id) })))
  return found.filter((c): c is ContactInterface => c !== undefined)
}

/** Maps a Wechaty message to the core's plain data (group nickname first, real @-mentions only). */
export async function toInboundMessage(message: Message, nicknames: NicknameCache): Promise<InboundMessage> {
  const room = message.room()
  const talker = message.talker()
  const type = message.type()
  const kind = type === types.Message.Text ? 'text' : type === types.Message.Image ? 'image' : 'other'
  const [topic, alias, mentions] = room
    ? await Promise.all([room.topic().catch(() => ''), nicknames.get(room, talker), mentionsOf(message).catch(() => [])])
    : ['', undefined, []]
  const mentionNames = await Promise.all(mentions.map(async (c) => (room ? await nicknames.get(room, c) : undefined) || c.name()))
  return {
    id: message.id,
    roomId: room?.id ?? null,
    roomTopic: topic,
    senderId: talker.id,
    senderName: alias || talker.name() || talker.id,
    kind,
    text: kind === 'text' ? message.text() : '',
    mentionIds: mentions.map((c) => c.id),
    mentionNames,
    self: message.self(),
    ...sentAt(message),
  }
}

/** The message's own time, where its provider gives one (some send 0). */
function sentAt(message: Message): { sentAt?: number } {
  try {
    const at = message.date().getTime()
    return at > 0 ? { sentAt: at } : {}
  } catch {
    return {}
  }
}
