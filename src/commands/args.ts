import { refuse } from '../domain/refusal.js'
import { commonText } from '../text/common.js'

/** What arguments are read from: the text after the command word (consumed left to right) and the mentions. */
export interface Cursor {
  rest: string
  mentionIds: readonly string[]
}

/** Returned by a reader for a missing or malformed argument: the command answers with its usage line. */
export const BAD = Symbol('bad argument')

/** One typed argument: its key, how the usage line shows it, and how it is read. */
export interface Arg<K extends string, T> {
  key: K
  usage: string
  read(c: Cursor): T | typeof BAD
}

/** The typed arguments object of a list of argument specs. */
export type ArgsOf<L extends readonly Arg<string, unknown>[]> = { [A in L[number] as A['key']]: A extends Arg<string, infer T> ? T : never }

const shown = (label: string, optional: boolean | undefined) => (optional ? `[${label}]` : `<${label}>`)

/** Takes the first whitespace-separated word off the cursor. */
function takeWord(c: Cursor): string | undefined {
  const m = /^\s*(\S+)\s*([\s\S]*)$/.exec(c.rest)
  if (!m) return undefined
  c.rest = m[2]!
  return m[1]!
}

/** A case or notice number: digits only (`1e30`, `1.9`, `0x1` are not numbers), a `#` before it allowed. */
const NUMBER = /^\s*#?(\d{1,9})(?![\d.,A-Za-z])\s*([\s\S]*)$/

/** `<编号>`: a case number, required (read as `id` unless named). */
export function caseNumber(): Arg<'id', number>
export function caseNumber<K extends string>(key: K): Arg<K, number>
export function caseNumber(key = 'id'): Arg<string, number> {
  return {
    key,
    usage: shown(commonText.args.caseNumber, false),
    read(c) {
      const m = NUMBER.exec(c.rest)
      if (!m) return BAD
      c.rest = m[2]!
      return Number(m[1])
    },
  }
}

/** `[通知编号]` / `<通知编号>`: a notice number as its own word. */
export function noticeNumber<K extends string>(key: K, opts: { optional: true }): Arg<K, number | undefined>
export function noticeNumber<K extends string>(key: K): Arg<K, number>
export function noticeNumber<K extends string>(key: K, opts: { optional?: boolean } = {}): Arg<K, number | undefined> {
  return {
    key,
    usage: shown(commonText.args.noticeNumber, opts.optional),
    read(c) {
      const word = takeWord(c)
      if (word === undefined) return opts.optional ? undefined : BAD
      const m = /^#?(\d{1,9})$/.exec(word)
      return m ? Number(m[1]) : BAD
    },
  }
}

/** `<结果>` / `[原因]`: everything left, trimmed; required unless optional (then possibly ''). */
export function rest<K extends string>(key: K, label: string, opts: { optional?: boolean } = {}): Arg<K, string> {
  return {
    key,
    usage: shown(label, opts.optional),
    read(c) {
      const text = c.rest.trim()
      c.rest = ''
      return text || opts.optional ? text : BAD
    },
  }
}

/** One word, or undefined when optional and absent; `whole` refuses anything after it. */
export function word<K extends string>(
  key: K,
  label: string,
  opts: { optional?: boolean; whole?: boolean } = {},
): Arg<K, string | undefined> {
  return {
    key,
    usage: shown(label, opts.optional),
    read(c) {
      const w = takeWord(c)
      if (w === undefined) return opts.optional ? undefined : BAD
      return opts.whole && c.rest.trim() ? BAD : w
    },
  }
}

/** One word looked up (`<类别>`): absent, the usage line; a word the lookup does not know, the `unknown` line. */
export function known<K extends string, V>(key: K, label: string, lookup: (w: string) => V | undefined, unknown: string): Arg<K, V> {
  return {
    key,
    usage: shown(label, false),
    read(c) {
      const w = takeWord(c)
      return w === undefined ? BAD : (lookup(w) ?? refuse(unknown))
    },
  }
}

/** Between `min` and `max` words, as written in `usage` (`[<街道>] <社区> <网格>`). */
export function words<K extends string>(key: K, usage: string, min: number, max: number): Arg<K, string[]> {
  return {
    key,
    usage,
    read(c) {
      const list = c.rest.trim().split(/\s+/).filter(Boolean)
      c.rest = ''
      return list.length >= min && list.length <= max ? list : BAD
    },
  }
}

/** A word looked up in a table (`今日/本周/本月`); a default word when absent. Gives the word and its value. */
export function choice<K extends string, V>(
  key: K,
  label: string,
  table: Record<string, V>,
  dflt: string,
): Arg<K, { word: string; value: V }> {
  return {
    key,
    usage: shown(label, true),
    read(c) {
      const w = takeWord(c) ?? dflt
      const value = table[w]
      return value === undefined ? BAD : { word: w, value }
    },
  }
}

/** The last word of the text, looked up (`#设置 @张三 @李四 网格员`: mentions come before it). */
export function lastWord<K extends string, V>(key: K, label: string, lookup: (w: string) => V | undefined): Arg<K, V> {
  return {
    key,
    usage: shown(label, false),
    read(c) {
      const w = c.rest.trim().split(/\s+/).filter(Boolean).pop() ?? ''
      c.rest = ''
      return lookup(w) ?? BAD
    },
  }
}

/** `@成员…`: the contacts @-mentioned (none is allowed; the command decides what to say). */
export function mentions<K extends string>(key: K, usage: string, opts: { required?: boolean } = {}): Arg<K, string[]> {
  return { key, usage, read: (c) => (opts.required && c.mentionIds.length === 0 ? BAD : [...c.mentionIds]) }
}

/**
 * `@成员…` or the words that name members (names, rooms, list numbers: a private chat has no real mentions): the
 * text left and the mentions; with neither, the usage line.
 */
export function named<K extends string>(key: K, usage: string): Arg<K, { text: string; mentionIds: string[] }> {
  return {
    key,
    usage,
    read(c) {
      const text = c.rest.trim()
      c.rest = ''
      return text || c.mentionIds.length ? { text, mentionIds: [...c.mentionIds] } : BAD
    },
  }
}

/** `@某人`: the first contact @-mentioned; without one, the `missing` line. */
export function mention<K extends string>(key: K, usage: string, missing: string): Arg<K, string> {
  return { key, usage, read: (c) => c.mentionIds[0] ?? refuse(missing) }
}

/** The usage line a command's arguments write: `#办结 <编号> <结果>`. */
export function usageOf(name: string, args: readonly Arg<string, unknown>[], note = ''): string {
  return [`#${name}`, ...args.map((a) => a.usage)].join(' ') + note
}

/** Reads a command's arguments in order; a missing or bad one refuses with the usage line. */
export function parseArgs(args: readonly Arg<string, unknown>[], usage: string, c: Cursor): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const a of args) {
    const v = a.read(c)
    if (v === BAD) refuse(commonText.usage(usage))
    out[a.key] = v
  }
  return out
}
