/*
 * Masking of personal numbers in everything the bot says in a group.
 *
 * What is masked, and how:
 * - Mainland mobile numbers (11 digits, 1[3-9]…), with or without +86 / 0086 / 86 (a bare "86 " before it
 *   stays: it may be a count), glued or in the usual groups (3-4-4, 3-8, 7-4, 4-4-3, 4-3-4, 3-3-5) or digit by digit, the groups separated by spaces,
 *   dots, hyphens, en/em dashes, slashes, underscores or brackets, mixed: `138****5678` (first 3 and
 *   last 4 digits kept, the prefix and separators dropped).
 * - Landlines with an area code (010, 02x, 0xxx; after +86 also without the 0), the local number of
 *   7–8 digits glued or in two groups, with or without brackets: `0755-****4321` (area code and the last
 *   4 digits kept). An extension after it (`-123`, `转123`) is not personal and stays.
 * - Resident ID-card numbers, 18 characters (17 digits and a digit or X) or the old 15 digits, when the
 *   province code and birth date are plausible: `110***********1234` (first 3 and last 4 kept, every
 *   other character a `*`, so the length still shows what it was).
 * Not masked: service numbers (400/800-…, 95xxx, 96xxx, 12345, 110 …), which are not personal; a local
 * number without an area code (8 digits are as often a date or an amount); case numbers, dates, times,
 * room numbers, money and counts, which never have the shapes above. Masking a masked text changes nothing.
 *
 * The text is scanned once: a "run" is digit groups joined by short separators (at most 5 characters:
 * spaces and at most two of - – — . / _ ( ) …, never a line break); each run is matched group by group.
 * A number must start and end at group boundaries, so a longer number is never cut into a phone.
 */

/** One maximal sequence of digits inside a run. */
interface Group {
  start: number
  /** End of the digits (an X after an ID number not included). */
  end: number
  /** End including a trailing X/x. */
  xEnd: number
  /** The digits, ASCII. */
  digits: string
  /** Preceded directly by `+`. */
  plus: boolean
  /** Followed directly by X/x (the last character of an ID-card number); it ends the run. */
  x: boolean
  /** The separator before it: none (first of the run), only spaces, or with punctuation. */
  sep: 'none' | 'space' | 'punct'
}

interface Span {
  start: number
  end: number
  text: string
  next: number
}

const MAX_SEPARATOR = 5
const MIN_DIGITS = 10 // the shortest maskable number: a landline of a 3-digit area code and 7 digits
const PROVINCES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
  '83',
])
/** Digit-group sizes a mobile number is written in besides digit by digit (11, 3-8, 3-4-4 …), as base-16 numbers. */
const MOBILE_SHAPES = new Set([[11], [3, 8], [3, 4, 4], [7, 4], [4, 4, 3], [4, 3, 4], [3, 3, 5]].map((s) => s.reduce((a, b) => a * 16 + b)))

function digitOf(c: number): number {
  if (c >= 48 && c <= 57) return c - 48
  if (c >= 0xff10 && c <= 0xff19) return c - 0xff10 // full-width ０-９
  return -1
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 0xa0 || c === 0x3000 || c === 0x202f || (c >= 0x2000 && c <= 0x200a)
}

function isPunctSeparator(c: number): boolean {
  return (
    c === 45 ||
    c === 46 ||
    c === 47 ||
    c === 95 ||
    c === 40 ||
    c === 41 || // - . / _ ( )
    (c >= 0x2010 && c <= 0x2015) ||
    c === 0x2212 || // hyphens, en/em dashes, minus
    c === 0xff0d ||
    c === 0xff0e ||
    c === 0xff0f ||
    c === 0xff3f ||
    c === 0xff08 ||
    c === 0xff09
  ) // full-width - . / _ ( )
}

const isPlus = (c: number) => c === 43 || c === 0xff0b
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
const isOpen = (c: number) => c === 40 || c === 0xff08
const isClose = (c: number) => c === 41 || c === 0xff09

/**
 * Reads the run of digit groups starting at `from` (a digit): where it ends and how many digits it holds,
 * and its groups when `groups` is given (the first pass only counts, so short runs cost no allocation).
 */
function readRun(text: string, from: number, groups?: Group[]): { end: number; total: number } {
  const n = text.length
  let pos = from
  let total = 0
  let plus = from > 0 && isPlus(text.charCodeAt(from - 1))
  let sep: Group['sep'] = 'none'
  for (;;) {
    const start = pos
    let wide = false
    for (let c; pos < n && ((c = text.charCodeAt(pos)), (c >= 48 && c <= 57) || (wide = c >= 0xff10 && c <= 0xff19) || false); pos++);
    for (let i = start; !wide && i < pos; i++) wide = text.charCodeAt(i) > 57
    const x = pos < n && (text.charCodeAt(pos) | 32) === 120 && !(pos + 1 < n && isLetter(text.charCodeAt(pos + 1)))
    total += pos - start
    if (groups) {
      const raw = text.slice(start, pos)
      const digits = wide ? raw.replace(/[０-９]/g, (d) => String(d.charCodeAt(0) - 0xff10)) : raw
      groups.push({ start, end: pos, xEnd: x ? pos + 1 : pos, digits, plus, x, sep })
    }
    if (x) return { end: pos + 1, total }
    let q = pos
    let punct = 0
    plus = false
    while (q < n && q - pos < MAX_SEPARATOR) {
      const c = text.charCodeAt(q)
      if (isSpace(c)) q++
      else if (isPunctSeparator(c) && punct < 2) {
        punct++
        q++
      } else if (isPlus(c) && q + 1 < n && digitOf(text.charCodeAt(q + 1)) >= 0) {
        plus = true
        q++
        break
      } else break
    }
    if (q === pos || q >= n || digitOf(text.charCodeAt(q)) < 0) return { end: pos, total }
    sep = punct ? 'punct' : 'space'
    pos = q
  }
}

function plausibleDate(month: string, day: string): boolean {
  const m = Number(month)
  const d = Number(day)
  return m >= 1 && m <= 12 && d >= 1 && d <= 31
}

/** An ID-card number starting at group k (18 characters with a final digit or X, or 15 digits). */
function matchId(g: Group[], k: number): Span | undefined {
  if (!PROVINCES.has(g[k]!.digits.slice(0, 2))) return undefined
  let acc = ''
  let found: Span | undefined
  for (let j = k; j < g.length && j - k < 5; j++) {
    const group = g[j]!
    if (group.digits.length < 2) return found
    acc += group.digits
    if (acc.length === 15 && !group.x && plausibleDate(acc.slice(8, 10), acc.slice(10, 12))) {
      found = { start: g[k]!.start, end: group.end, text: maskId(acc), next: j + 1 }
    }
    const id = acc.length === 17 && group.x ? `${acc}X` : acc.length === 18 && !group.x ? acc : undefined
    if (id && (id.startsWith('19', 6) || id.startsWith('20', 6)) && plausibleDate(id.slice(10, 12), id.slice(12, 14))) {
      return { start: g[k]!.start, end: group.xEnd, text: maskId(id), next: j + 1 }
    }
    if (acc.length >= 18 || group.x) break
  }
  return found
}

function maskId(id: string): string {
  return `${id.slice(0, 3)}${'*'.repeat(id.length - 7)}${id.slice(-4)}`
}

/**
 * A mobile or landline number whose first group's digits are `first` (group k's digits, or what
 * follows a glued 86/0086). `intl`: after a country code, where an area code may drop its 0.
 */
function matchNumber(g: Group[], k: number, first: string, intl: boolean): Span | undefined {
  const start = g[k]!.start
  // Mobile: the usual groupings, or 11 single digits.
  if (first.length === 1) {
    if (k + 11 > g.length) return undefined
    let acc = ''
    for (let j = k; j < k + 11; j++) {
      if (g[j]!.digits.length !== 1) return undefined
      acc += g[j]!.digits
    }
    if (isMobileStart(acc)) return { start, end: g[k + 10]!.end, text: maskMobile(acc), next: k + 11 }
    return undefined
  }
  if (first[0] === '1' && first.length >= 3) {
    let acc = first
    let shape = first.length
    let j = k
    while (acc.length < 11 && j + 1 < g.length && j - k < 2) {
      j++
      acc += g[j]!.digits
      shape = shape * 16 + g[j]!.digits.length
    }
    if (acc.length === 11 && isMobileStart(acc) && MOBILE_SHAPES.has(shape)) {
      return { start, end: g[j]!.end, text: maskMobile(acc), next: j + 1 }
    }
  }
  // Landline: area code, then 7–8 digits (glued to it, or in one or two groups after it).
  let areaLen = 0
  if (first[0] === '0') areaLen = first[1] === '1' ? (first[2] === '0' ? 3 : 0) : first[1] === '2' ? 3 : first[1]! >= '3' ? 4 : 0
  else if (intl) areaLen = first[0] === '1' ? (first[1] === '0' ? 2 : 0) : first[0] === '2' ? 2 : 3
  if (!areaLen || first.length < areaLen) return undefined
  const area = first.slice(0, areaLen)
  let local = first.slice(area.length)
  let j = k
  if (local.length < 7 && j + 1 < g.length) {
    j++
    local += g[j]!.digits
    if (local.length < 7 && g[j]!.digits.length <= 4 && j + 1 < g.length) {
      j++
      local += g[j]!.digits
    }
  }
  if ((local.length !== 7 && local.length !== 8) || local[0] === '0') return undefined
  if (j - k === 2 && first.length !== area.length) return undefined // glued area code and two more groups: not a shape people write
  const code = area[0] === '0' ? area : `0${area}`
  return { start, end: g[j]!.end, text: `${code}-****${local.slice(-4)}`, next: j + 1 }
}

/** A span that starts with the country code in `group` (and its +). */
function withStart(r: Span, group: Group): Span {
  r.start = group.plus ? group.start - 1 : group.start
  return r
}

function isMobileStart(n: string): boolean {
  const c = n.charCodeAt(1)
  return n.charCodeAt(0) === 49 && c >= 51 && c <= 57 // 1[3-9]
}

function maskMobile(n: string): string {
  return `${n.slice(0, 3)}****${n.slice(7)}`
}

/** The first number starting at group k (with a country code in front of it, or not). */
function matchAt(g: Group[], k: number): Span | undefined {
  const group = g[k]!
  const d = group.digits
  const id = matchId(g, k)
  if (id) return id
  const next = g[k + 1]
  // A separate country code: +86, 0086, or 86 joined by punctuation (a bare "86 " may be a count).
  if (next && (d === '0086' || (d === '86' && (group.plus || next.sep === 'punct')))) {
    const r = matchNumber(g, k + 1, next.digits, true)
    if (r) return withStart(r, group)
  }
  // A glued one: +8613812345678, 008613812345678, 8613812345678.
  const glued = d.startsWith('0086') ? 4 : d.startsWith('86') ? 2 : 0
  if (glued && d.length > glued + 2) {
    const r = matchNumber(g, k, d.slice(glued), true)
    if (r) return withStart(r, group)
  }
  return matchNumber(g, k, d, false)
}

/** Masks every mobile number, landline with an area code and ID-card number in a text bound for a group (shapes and masks: top of this file). */
export function maskForGroup(text: string): string {
  let out = ''
  let copied = 0
  const n = text.length
  for (let i = 0; i < n;) {
    if (digitOf(text.charCodeAt(i)) < 0) {
      i++
      continue
    }
    const run = readRun(text, i)
    if (run.total < MIN_DIGITS) {
      i = run.end
      continue
    }
    const g: Group[] = []
    readRun(text, i, g)
    i = run.end
    for (let k = 0; k < g.length;) {
      const span = matchAt(g, k)
      if (!span) {
        k++
        continue
      }
      let start = span.start
      // "(0755)8765-4321", "(+86)138…": the opening bracket goes with the number when its closing one does.
      if (start > copied && isOpen(text.charCodeAt(start - 1)) && hasCloseBeforeOpen(text, start, span.end)) start--
      out += text.slice(copied, start) + span.text
      copied = span.end
      k = span.next
    }
  }
  return copied === 0 ? text : out + text.slice(copied)
}

function hasCloseBeforeOpen(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i)
    if (isClose(c)) return true
    if (isOpen(c)) return false
  }
  return false
}

/** The earlier name of {@link maskForGroup}, which masks more than phones now. */
export const maskPhones = maskForGroup
