import { parseNickname } from '../parse/nickname.js'
import { normalizeText } from '../parse/normalize.js'
import { roleInGroup, type Actor } from './actor.js'
import type { CoreDeps } from './core.js'
import type { Notice, Recipient } from './model.js'
import { canActAs } from './roles.js'

/** Who a #代确认 names: the members found, the words that named nobody, and the words that named several. */
export interface AckTargets {
  ids: string[]
  notListed: string[]
  ambiguous: { word: string; names: string[] }[]
  /** The notice's door-knocking list was sent (its numbers name members). */
  hasDoorList: boolean
}

/** Between the members a #代确认 names: blanks, commas, 、 and semicolons. */
const SEPARATORS = /[\s,，、;；]+/
const AT = /^[@＠]+/
/** A line number of the door-knocking list (a list is never a thousand long). */
const DOOR_NO = /^\d{1,3}$/

/**
 * The recipients a sender may confirm for: all of them for the author or an admin, otherwise those in the grid
 * groups where the sender is a leader or above (present members only).
 */
export function recipientsInScope(deps: CoreDeps, actor: Actor, n: Notice): Recipient[] {
  const all = actor.id === n.authorId || actor.role === 'admin'
  const rooms = new Set(
    n.rooms
      .filter((r) => all || canActAs(roleInGroup(deps, actor.id, deps.repos.directory.group(r.roomId)), 'leader'))
      .map((r) => r.roomId),
  )
  return deps.repos.notices.recipients(n.id).filter((r) => rooms.has(r.roomId) && r.leftAt === null)
}

/** True when `at` in `text` starts and ends on a boundary (start, end, a blank, a separator or an @). */
function bounded(text: string, at: number, length: number): boolean {
  const before = at === 0 ? ' ' : text[at - 1]!
  const after = at + length >= text.length ? ' ' : text[at + length]!
  return (SEPARATORS.test(before) || AT.test(before)) && SEPARATORS.test(after)
}

/**
 * Finds the members a #代确认 names among `recipients`: real @-mentions; then whole group nicknames typed out
 * (`@6-3-303 冯雪` in a private chat, where nothing is a real mention); then each remaining word as a number of
 * the door-knocking list, a room (`6-3-303`, `6栋3单元303`, a bare `303`) or a name (`冯雪`). A word that fits
 * several members names none of them: the sender is asked which.
 */
export function findAckTargets(recipients: Recipient[], text: string, mentions: { id: string; name?: string }[]): AckTargets {
  const ids = new Set<string>()
  const notListed: string[] = []
  const ambiguous: AckTargets['ambiguous'] = []
  const byId = new Map(recipients.map((r) => [r.contactId, r]))
  let rest = ` ${normalizeText(text)} `
  for (const m of mentions) {
    if (byId.has(m.id)) ids.add(m.id)
    else notListed.push(m.name ?? m.id)
    if (m.name) rest = rest.split(`@${normalizeText(m.name)}`).join(' ')
  }
  const people = recipients.map((r) => ({ r, nick: normalizeText(r.name), parsed: parseNickname(r.name) }))
  for (const p of [...people].sort((a, b) => b.nick.length - a.nick.length)) {
    if (p.nick.length < 2) continue
    for (let at = rest.indexOf(p.nick); at >= 0; at = rest.indexOf(p.nick, at + 1)) {
      if (!bounded(rest, at, p.nick.length)) continue
      ids.add(p.r.contactId)
      rest = `${rest.slice(0, at)} ${rest.slice(at + p.nick.length)}`
    }
  }
  const hasDoorList = recipients.some((r) => r.doorNo !== null)
  for (const raw of rest.split(SEPARATORS)) {
    const word = raw.replace(AT, '')
    if (!word) continue
    const hits = matchWord(people, word, hasDoorList)
    if (hits.length === 1) ids.add(hits[0]!.contactId)
    else if (hits.length === 0) notListed.push(word)
    else if (!hits.every((h) => ids.has(h.contactId))) ambiguous.push({ word, names: hits.map((h) => h.name) })
  }
  return { ids: [...ids], notListed, ambiguous, hasDoorList }
}

type Person = { r: Recipient; nick: string; parsed: ReturnType<typeof parseNickname> }

/** The recipients one word names: by door-list number, then room, then name or whole nickname. */
function matchWord(people: Person[], word: string, hasDoorList: boolean): Recipient[] {
  const pick = (test: (p: Person) => boolean) => people.filter(test).map((p) => p.r)
  if (DOOR_NO.test(word) && hasDoorList) {
    const byNo = pick((p) => p.r.doorNo === Number(word))
    if (byNo.length) return byNo
  }
  if (/^\d+$/.test(word)) return pick((p) => p.parsed.room === word)
  const asRoom = parseNickname(word)
  if (asRoom.room !== undefined && asRoom.building !== undefined) {
    return pick(
      (p) =>
        p.parsed.building === asRoom.building &&
        p.parsed.room === asRoom.room &&
        (asRoom.unit === undefined || p.parsed.unit === undefined || p.parsed.unit === asRoom.unit),
    )
  }
  return pick((p) => p.parsed.name === word || p.nick === word)
}
