import { types, type Message } from 'wechaty'
import type { InboundMessage } from '../commands/types.js'

/** Maps a Wechaty message to the core's plain data (group nickname first, real @-mentions only). */
export async function toInboundMessage(message: Message): Promise<InboundMessage> {
  const room = message.room()
  const talker = message.talker()
  const type = message.type()
  const kind = type === types.Message.Text ? 'text' : type === types.Message.Image ? 'image' : 'other'
  const [topic, alias, mentions] = room
    ? await Promise.all([room.topic().catch(() => ''), room.alias(talker).catch(() => undefined), message.mentionList().catch(() => [])])
    : ['', undefined, []]
  const mentionNames = await Promise.all(mentions.map(async (c) => (room ? await room.alias(c).catch(() => undefined) : undefined) || c.name()))
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
  }
}
