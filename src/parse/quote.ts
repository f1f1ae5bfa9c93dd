/** A WeChat quote-reply, as the puppet delivers it. */
export interface Quote {
  quotedName: string
  quotedText: string
  reply: string
}

// 「<name>：<quoted>」\n- - - - - - - - - - - - - - -\n<reply>
const QUOTE = /^「([^：:」]{0,64})[：:]([\s\S]*?)」\s*\n\s*(?:-\s*){5,}\n?([\s\S]*)$/

/** Splits a quote-reply into who and what was quoted and the reply; undefined for an ordinary message. */
export function parseQuote(text: string): Quote | undefined {
  const m = QUOTE.exec(text)
  if (!m) return undefined
  return { quotedName: m[1]!.trim(), quotedText: m[2]!.trim(), reply: m[3]!.trim() }
}

/** The case number a quoted message names (the bot's `编号 12 已登记`), not a notice's 通知编号; undefined when none. */
export function quotedCaseNumber(q: Quote): number | undefined {
  const m = /(?<!通知)编号\s*(\d{1,9})(?!\d)/.exec(q.quotedText)
  return m ? Number(m[1]) : undefined
}
