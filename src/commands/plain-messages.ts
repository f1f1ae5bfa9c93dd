import type { Listener } from './types.js'

/**
 * Which listener takes a message that is not a command, first taker wins. This order is product behaviour:
 * - photo: an image attaches to the sender's recent case (nothing else reads images);
 * - confirm-report: 是/好/嗯/对 answers the bot's own question 要登记为报事吗, asked of this sender in the last
 *   10 minutes (only then does it take the message): a 好的 right after the question answers it, not an older
 *   notice, which still gets the sender's next 收到;
 * - notice-ack: "收到请回复1" is the common case, so a plain 收到/1 acknowledges an owed notice before it
 *   could be a 1-star rating that would reopen a case;
 * - rating: 满意/不满意/1-5 from a reporter whose case was just resolved;
 * - category-correction: the reporter's 类别不对，是安全隐患 within 10 minutes of filing. After the three above,
 *   which take only short fixed words a correction never is, so nothing of theirs changes; before
 *   problem-question, because a correction names a category (安全隐患, 漏水…) and would read like a new problem;
 * - elder-sign: a private 平安 / 签到 / 好 (早上好, 👍 …) from an elder looked after gets a short warm reply (the
 *   sign itself is recorded for any message of theirs, by an observer). After the listeners above, so a 好 answers
 *   a pending question and a 1 stays a rating; before problem-question, which never reads those words anyway;
 * - problem-question: a message that reads like a problem gets that question;
 * - private-help: anything else said privately gets #帮助 (in a group, chat is left alone).
 */
export const PLAIN_MESSAGE_ORDER = [
  'photo',
  'confirm-report',
  'notice-ack',
  'rating',
  'category-correction',
  'elder-sign',
  'problem-question',
  'private-help',
] as const

/** The listeners a feature may register. */
export type PlainMessageKind = (typeof PLAIN_MESSAGE_ORDER)[number]

/** The registered listeners in PLAIN_MESSAGE_ORDER; a listener registered twice stops start-up. */
export function orderListeners(listeners: Listener[]): Listener[] {
  const ids = listeners.map((l) => l.id)
  const twice = ids.find((id, i) => ids.indexOf(id) !== i)
  if (twice) throw new Error(`listener "${twice}" is registered twice`)
  const unknown = ids.find((id) => !(PLAIN_MESSAGE_ORDER as readonly string[]).includes(id))
  if (unknown) throw new Error(`listener "${unknown}" has no place in PLAIN_MESSAGE_ORDER`)
  return PLAIN_MESSAGE_ORDER.flatMap((id) => listeners.filter((l) => l.id === id))
}
