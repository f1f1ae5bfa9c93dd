import { normalizeText } from './normalize.js'
import { parseQuote, type Quote } from './quote.js'

/** How a message addresses the bot. */
export type Trigger =
  | { kind: 'command'; word: string; args: string }
  | { kind: 'unknown-command'; word: string }
  | { kind: 'report'; text: string }
  | { kind: 'none'; text: string }

const REPORT_PREFIX = /^(?:【(?:报事|报修|投诉|求助)】|\[(?:报事|报修|投诉|求助)\]|(?:报事|报修|投诉|求助)\s*[:：])\s*/

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Finds the longest command word at the start of `text` (Chinese words need no space after them). */
export function matchCommandWord(text: string, words: readonly string[]): { word: string; args: string } | undefined {
  const lower = text.toLowerCase()
  for (const word of words) {
    if (!lower.startsWith(word.toLowerCase())) continue
    const next = text.charAt(word.length)
    if (/^[a-z-]+$/i.test(word) && next && !/\s/.test(next)) continue
    return { word, args: text.slice(word.length).trim() }
  }
  return undefined
}

/**
 * Reads a normalised message: a `#`/`/` command, an @bot command or report, a `报事：` report, or nothing.
 * `words` must be sorted longest first.
 */
export function parseTrigger(text: string, opts: { botName: string; mentioned: boolean; words: readonly string[] }): Trigger {
  let t = text
  let mentioned = opts.mentioned
  if (opts.botName) {
    const at = new RegExp(`@${escapeRegExp(opts.botName)}(?:\\s|$)`, 'g')
    if (at.test(t)) {
      mentioned = true
      t = t.replace(at, ' ').trim()
    }
  }
  if (/^[#/]/.test(t)) {
    const body = t.replace(/^[#/]+\s*/, '')
    const hit = matchCommandWord(body, opts.words)
    if (hit) return { kind: 'command', ...hit }
    return { kind: 'unknown-command', word: body.split(/\s/)[0] ?? '' }
  }
  if (mentioned) {
    const hit = matchCommandWord(t, opts.words)
    if (hit) return { kind: 'command', ...hit }
    return t ? { kind: 'report', text: t } : { kind: 'command', word: 'help', args: '' }
  }
  const prefixed = REPORT_PREFIX.exec(t)
  if (prefixed) return { kind: 'report', text: t.slice(prefixed[0].length).trim() }
  return { kind: 'none', text: t }
}

/** A message as the bot reads it: its text (normalised; the reply part of a quote), the quote, and its trigger. */
export function readMessage(
  raw: string,
  opts: { botName: string; mentioned: boolean; words: readonly string[] },
): { text: string; quote: Quote | undefined; trigger: Trigger } {
  const normalized = normalizeText(raw)
  const quote = parseQuote(normalized)
  const text = quote?.reply ?? normalized
  return { text, quote, trigger: parseTrigger(text, opts) }
}
