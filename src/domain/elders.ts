import { elderText } from '../text/elders.js'
import type { CoreDeps } from './core.js'
import { addDays, clockTime, dayOf, dueAtOf, firstDay, shortDay } from './elder-days.js'
import { parsePlace, placeOf } from '../parse/elder-words.js'
import type { Elder, ElderDay, Member, Outgoing, Priority, RoleHolder } from './model.js'
import { toContact } from './outgoing.js'
import { toCommunityStaff } from './staff-groups.js'
import type { ChaseEnd, ElderEventKind, SignSource } from './types.js'

/**
 * The members some words name, as staff write them: a room (`6-3-303`, `6栋3单元303`) and/or a name (the name in
 * the nickname, or part of the nickname). The candidates come from `byName` (a name given) or `byPlace`.
 */
export function membersNamed(repos: Pick<CoreDeps['repos'], 'members'>, words: string[]): Member[] {
  const place = words.map(parsePlace).find((p) => p !== undefined)
  const names = words.filter((w) => !parsePlace(w))
  const pool = names.length ? repos.members.byName(names[0]!) : place ? repos.members.byPlace(place) : []
  return pool
    .filter((m) => names.every((n) => m.name === n || m.nickname.includes(n)))
    .filter((m) => !place || placeOf(m) === placeOf(place) || (!place.unit && m.building === place.building && m.room === place.room))
}

/** Who did something: a contact and the name shown. */
export interface Who {
  id: string
  name: string
}

/** Where the rule starts with an elder signed up (or changed) at `now`: today's check if the time is still ahead. */
export function scheduleFor(now: number, checkBy: number, timeZone: string): { day: string; nextAt: number } {
  const day = firstDay(now, checkBy, timeZone)
  return { day, nextAt: dueAtOf(day, checkBy, timeZone) }
}

/** The line of an elder in lists: name, room, tier and time. */
export function elderLine(e: Elder) {
  return { name: e.name, place: e.place, tier: e.tier, time: clockTime(e.checkBy) }
}

/** How the nudge and the welcome address an elder. */
export const callOf = (e: Pick<Elder, 'call' | 'name'>): string => e.call || e.name

/** True when the elder is away on that day. */
export function isAway(e: Pick<Elder, 'awayFrom' | 'awayTo'>, day: string): boolean {
  return e.awayFrom !== null && e.awayTo !== null && day >= e.awayFrom && day <= e.awayTo
}

/** The grid's 网格员 who can be reached (in one of the bot's groups), longest-serving first. */
export function gridWorkers(deps: Pick<CoreDeps, 'repos'>, gridId: number): RoleHolder[] {
  return deps.repos.directory.holders('grid', gridId, 'worker').filter((h) => deps.repos.members.roomsOf(h.contactId).length > 0)
}

/** Adds an entry to an elder's timeline. */
export function elderEvent(deps: Pick<CoreDeps, 'repos'>, e: Elder, kind: ElderEventKind, by: Who, now: number, text = ''): void {
  deps.repos.elders.addEvent(e.id, { at: now, actorId: by.id, actorName: by.name, kind, text })
}

/** The priority of what a chase says: a red-tier elder's goes at once, quiet hours or not. */
export const chasePriority = (e: Pick<Elder, 'tier'>): Priority => (e.tier === 'red' ? 'urgent' : 'push')

/**
 * Ends an elder's open chases (a late sign, a visit, an away, a sign-off): each becomes a timeline entry, and
 * whoever the chase had told — the grid worker after the list, the community staff group after the alert —
 * hears that it is over, except the one who ended it.
 */
export function endChases(deps: CoreDeps, e: Elder, reason: ChaseEnd, by: Who, now: number, line: string): Outgoing[] {
  const open = deps.repos.elders.openChases(e.id)
  if (open.length === 0) return []
  for (const d of open) deps.repos.elders.updateDay(e.id, d.day, { endedAt: now, endReason: reason })
  if (reason === 'stopped') return []
  const told = open.filter((d) => d.listedAt !== null)
  const out: Outgoing[] = []
  if (told.length)
    for (const w of gridWorkers(deps, e.gridId)) if (w.contactId !== by.id) out.push(toContact(w.contactId, line, chasePriority(e)))
  if (open.some((d) => d.escalatedAt !== null)) out.push(...toCommunityStaff(deps, e.communityId, line, chasePriority(e)))
  return out
}

/** What a sign did: whether it was the day's first, and whether it ended a chase. */
export interface Signed {
  out: Outgoing[]
  first: boolean
  endedChase: boolean
}

/**
 * The day's sign: any message from the elder, or #报平安 by family or staff. Stored on the day's row when the
 * day is judged (a sign on a day the check does not cover — signed up after the time — is not a day to count);
 * an open chase ends, and whoever it had told hears so.
 */
export function signElder(deps: CoreDeps, e: Elder, how: SignSource, by: Who, now: number): Signed {
  const repo = deps.repos.elders
  const day = dayOf(now, deps.timeZone)
  const existing = repo.day(e.id, day)
  const row = existing ?? (day >= e.day ? repo.ensureDay(e.id, day, dueAtOf(day, e.checkBy, deps.timeZone)) : undefined)
  const first = row !== undefined && row.signedAt === null
  if (first) repo.updateDay(e.id, day, { signedAt: now, signedHow: how, signedById: by.id })
  const chased = repo.openChases(e.id).length > 0
  const out = endChases(deps, e, 'sign', by, now, elderText.ended.signed(e.name, clockTime(minuteOf(now, deps.timeZone)), how, by.name))
  if (chased || (first && how !== 'self')) elderEvent(deps, e, 'signed', by, now, how)
  return { out, first, endedChase: chased }
}

/** True when the elder's own sign at `now` ended a chase (the message's observer signed before its command or listener ran). */
export function signEndedChase(deps: CoreDeps, e: Elder, now: number): boolean {
  const today = dayOf(now, deps.timeZone)
  return deps.repos.elders.days([e.id], addDays(today, -2), today).some((d) => d.endedAt === now && d.endReason === 'sign')
}

/** Minutes after local midnight of an instant. */
export function minuteOf(ms: number, timeZone: string): number {
  const day = dayOf(ms, timeZone)
  return Math.floor((ms - dueAtOf(day, 0, timeZone)) / 60_000)
}

/**
 * #已探访: the worker has seen the elder. Today's check counts as seen (a visit before the time starts no chase),
 * every open chase ends, and the community staff group hears of it when the chase had reached it.
 */
export function recordVisit(deps: CoreDeps, e: Elder, by: Who, note: string, now: number): { out: Outgoing[]; chase: boolean } {
  const repo = deps.repos.elders
  const day = dayOf(now, deps.timeZone)
  const chase = repo.openChases(e.id).length > 0
  // A day the check does not cover gets no row: the visit is on the timeline (what #统计 counts).
  if (day >= e.day || repo.day(e.id, day)) repo.ensureDay(e.id, day, dueAtOf(day, e.checkBy, deps.timeZone))
  repo.updateDay(e.id, day, { visitedAt: now, visitedByName: by.name, visitNote: note })
  const out = endChases(deps, e, 'visit', by, now, elderText.ended.visited(e.name, by.name, note))
  elderEvent(deps, e, 'visited', by, now, note)
  return { out, chase }
}

/**
 * #外出 N天: no sign expected from today for N days (0: back today). An open chase ends, and whoever it had told
 * hears so. Returns the last day away and the day the check resumes.
 */
export function setAway(deps: CoreDeps, e: Elder, days: number, by: Who, now: number): { out: Outgoing[]; last: string; resume: string } {
  const today = dayOf(now, deps.timeZone)
  const last = addDays(today, days - 1)
  deps.repos.elders.setAway(e.id, days ? today : null, days ? last : null)
  elderEvent(deps, e, 'away', by, now, elderText.events.away(days, shortDay(last)))
  const out = days ? endChases(deps, e, 'away', by, now, elderText.ended.away(e.name, by.name)) : []
  return { out, last: shortDay(last), resume: shortDay(addDays(today, days)) }
}

/** Where an elder's check stands today, for #关爱名单: what kind, and the words shown. */
export function todayStatus(
  e: Elder,
  row: ElderDay | undefined,
  today: string,
  now: number,
  timeZone: string,
): { kind: 'signed' | 'away' | 'missed' | 'pending' | 'unchecked'; text: string } {
  const s = elderText.careList.status
  const at = (ms: number) => clockTime(minuteOf(ms, timeZone))
  if (row?.signedAt != null) return { kind: 'signed', text: s.signed(at(row.signedAt), row.signedHow) }
  if (row?.visitedAt != null) return { kind: 'signed', text: s.visited(at(row.visitedAt)) }
  if (isAway(e, today) || row?.outcome === 'away') return { kind: 'away', text: s.away(shortDay(e.awayTo ?? today)) }
  if (row?.outcome === 'unchecked') return { kind: 'unchecked', text: s.unchecked }
  if (row?.escalatedAt != null) return { kind: 'missed', text: s.escalated }
  if (row?.listedAt != null) return { kind: 'missed', text: s.listed }
  if (row?.missedAt != null) return { kind: 'missed', text: s.missed }
  if (e.day > today) return { kind: 'pending', text: s.notToday }
  return now < dueAtOf(today, e.checkBy, timeZone) ? { kind: 'pending', text: s.pending } : { kind: 'missed', text: s.missed }
}
