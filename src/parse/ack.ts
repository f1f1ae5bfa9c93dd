import { parseNickname } from './nickname.js'

// PRODUCT.md's words (收到 已收到 好的 明白 已阅 1 ok) and the ways people write them in groups.
const WORD =
  '(?:已经?)?收到(?:收到)*|好的|好滴|好嘞|好|明白|了解|已阅|已读|已知悉|知悉|知道|已知晓|收悉|1|ok|okay|嗯嗯|👌|\\[ok\\]|\\[强\\]|\\[抱拳\\]|\\[好的\\]'
const PARTICLE = '(?:了|啦|哈|哦|噢|呀|的|嘞|啊|滴)*'
const POLITE = '(?:谢谢|谢啦|感谢|多谢|辛苦了?|辛苦啦|麻烦了)[\\u4e00-\\u9fa5]{0,4}'
const ACK_HEAD = new RegExp(`^(?:(?:${WORD})${PARTICLE}\\s*)+(?:${POLITE})?$`, 'i')

/** Questions: "收到了吗？", "几点停水" are not acknowledgements, wherever the question stands. */
const QUESTION = /吗|么|呢|[?？]|几|怎么|什么|哪|谁|如何|能否|是否|可以.{0,6}吗/
/** Negations veto only the clause they stand in: "没收到", "收不到" are not answers; "我家没有电动车，收到" is. */
const NEGATION = /没|未|不|别/
/** Both: a quote's short reply that questions or refuses is not an answer. */
const NOT_ACK = new RegExp(`${QUESTION.source}|${NEGATION.source}`)
/** Emoji and WeChat's bracketed stickers ([强] [OK]) are decoration, except the ones that are the acknowledgement. */
const EMOJI = /\p{Extended_Pictographic}|\uFE0F|\[(?!ok\]|强\]|抱拳\]|好的\])[^\]\s]{1,4}\]/giu
/** A room or house number written before the word ("3-2-502收到", "12号楼302 收到"). */
const HOUSE_PREFIX = /^(?=[^\u4e00-\u9fa5]*\d)[\d\s\-—_#/.号楼栋幢座单元室层户]+/
const SELF_PREFIX = /^(?:我们?家?|本人|俺)\s*/
const SEPARATOR = /[\s,，。.!！~～、;；:：]+/
/** A short clause after the word still counts ("收到，明天一定准时参加"); a long message is conversation. */
const MAX_TAIL_CHARS = 20

/**
 * True when a group message acknowledges a notice: one of the words, alone or lightly decorated —
 * punctuation, emoji, thanks, the sender's house number or name before it, a short clause after it.
 * `senderName` is the sender's group nickname (its name part may prefix the word: "张三收到").
 */
export function isAck(text: string, senderName = ''): boolean {
  let s = text.trim()
  if (!s || s.length > 60 || QUESTION.test(s)) return false
  s = s.replace(EMOJI, ' ').trim()
  const names = [senderName.trim(), parseNickname(senderName).name].filter((n) => n.length >= 2)
  for (let changed = true; changed;) {
    const before = s
    const unprefixed = s.replace(HOUSE_PREFIX, '').trim()
    s = (unprefixed || s).replace(SELF_PREFIX, '').trim()
    for (const n of names) if (s.startsWith(n)) s = s.slice(n.length).replace(/^家/, '').trim()
    changed = s !== before
  }
  if (!s) return /\[(?:ok|强|抱拳|好的)\]|👌/i.test(text)
  const clauses = s.split(SEPARATOR).filter(Boolean)
  const answers = (clause: string | undefined) => clause !== undefined && ACK_HEAD.test(clause) && !NEGATION.test(clause)
  // The word leads ("收到，明天一定准时参加") or closes ("我家没有电动车，收到") a short message.
  if (answers(clauses[0])) return clauses.slice(1).join('').length <= MAX_TAIL_CHARS
  return clauses.length > 1 && answers(clauses.at(-1)) && clauses.slice(0, -1).join('').length <= MAX_TAIL_CHARS
}

/**
 * True when the reply under a quote of a notice acknowledges it: an acknowledgement, nothing but
 * decoration, or a short remark that is neither a question nor a refusal.
 */
export function isQuoteAck(reply: string, senderName = ''): boolean {
  const s = reply.trim()
  if (isAck(s, senderName)) return true
  return s.length <= 10 && !NOT_ACK.test(s)
}
