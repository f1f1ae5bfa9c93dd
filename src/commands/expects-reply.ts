import type { InboundMessage } from '../domain/model.js'
import { analyzeReport } from '../parse/report.js'
import { readMessage } from '../parse/trigger.js'

/**
 * Whether the sender of `m` waits for an answer (read without the database): anything said in private, a command,
 * an @-mention of the bot, a report, or a group message that reads like a problem. Chit-chat, acks and photos in a
 * group do not, so a database outage does not answer every 收到 in a grid group.
 */
export function expectsReply(m: InboundMessage, bot: { id: string; name: string }, words: readonly string[]): boolean {
  if (m.self) return false
  if (!m.roomId) return m.kind !== 'other'
  if (m.kind !== 'text') return false
  const { text, trigger } = readMessage(m.text, { botName: bot.name, mentioned: m.mentionIds.includes(bot.id), words })
  return trigger.kind !== 'none' || analyzeReport(text).looksLikeProblem
}
