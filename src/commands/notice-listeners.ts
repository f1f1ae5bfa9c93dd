import { acknowledgeMessage } from '../domain/notices.js'
import type { Listener } from './types.js'

/** A group member's 收到 (or a quote-reply of the notice) acknowledges the notice they owe. */
export const noticeAck: Listener = {
  id: 'notice-ack',
  take: ({ deps, msg, text, quote, now }) => acknowledgeMessage(deps, msg, text, quote, now),
}
