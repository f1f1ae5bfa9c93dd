import type { InboundMessage, Outgoing } from './types.js'
import type { Priority } from '../store/outbox-repo.js'

/** A reply where the message was said; in a group it @-mentions the sender. */
export function replyTo(msg: InboundMessage, text: string, priority: Priority = 'reply'): Outgoing {
  return msg.roomId
    ? { conversationId: msg.roomId, isRoom: true, text, mentionIds: [msg.senderId], priority }
    : { conversationId: msg.senderId, isRoom: false, text, mentionIds: [], priority }
}

/** A private message to one contact. */
export function toContact(contactId: string, text: string, priority: Priority = 'push'): Outgoing {
  return { conversationId: contactId, isRoom: false, text, mentionIds: [], priority }
}

/** A message to a group, optionally @-mentioning some members. */
export function toRoom(roomId: string, text: string, mentionIds: string[] = [], priority: Priority = 'push'): Outgoing {
  return { conversationId: roomId, isRoom: true, text, mentionIds, priority }
}
