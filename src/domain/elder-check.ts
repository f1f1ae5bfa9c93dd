import { formatShort, toLocalTime } from '../clock.js'
import { elderText } from '../text/elders.js'
import type { CoreDeps } from './core.js'
import { addDays, dayStart, dueAtOf, shortDay } from './elder-days.js'
import { callOf, chasePriority, elderEvent, elderLine, gridWorkers, isAway } from './elders.js'
import type { Elder, ElderDay, Outgoing } from './model.js'
import { toContact } from './outgoing.js'
import { isQuiet, quietEnd } from './quiet-hours.js'
import { toCommunityStaff } from './staff-groups.js'
import { ELDER_CHECK_RULE } from './types.js'

/** After this many days of catching up in one tick, the rest waits for the next tick. */
const MAX_DAYS_PER_TICK = 60

/** The bot itself, as the actor of the chase's timeline entries. */
const BOT = (deps: CoreDeps) => ({ id: deps.bot.id, name: deps.bot.name })

/** What one tick has to say about one community's elders, gathered so each person gets one message. */
interface Tally {
  nudges: Outgoing[]
  /** The grid worker's list, by worker ('' for a grid without one: the community staff group). */
  lists: Map<string, { gridId: number; elders: { e: Elder; family: string[] }[] }>
  unchecked: Map<string, { gridId: number; names: string[]; days: Set<string>; from: number; to: number }>
  family: Outgoing[]
  escalations: { e: Elder; listedAt: number; worker: string | null; family: string[] }[]
}

/** A day whose check needs nothing more: signed, seen by a visit, ended, away or not judged. */
const settled = (d: ElderDay) => d.signedAt !== null || d.visitedAt !== null || d.endedAt !== null || d.outcome !== null

/**
 * One tick of the chase over a community's elders that are due: each elder's days from the one the rule is on
 * up to now — a sign by the time settles a day; a day away or with the bot offline during its window is not
 * judged (the worker is told the check could not be made); otherwise the chase: a nudge to the elder
 * (`elders.nudge`), after `elders.graceToWorker` the worker's list and the family, after the tier's
 * `visitWithin` the community staff group. Each step is claimed per elder and day, so it fires once across
 * ticks and restarts. Quiet hours hold the nudge and, but for a red-tier elder, the list and the alert.
 */
export function checkCommunity(deps: CoreDeps, communityId: number, now: number): Outgoing[] {
  const t: Tally = { nudges: [], lists: new Map(), unchecked: new Map(), family: [], escalations: [] }
  for (const e of deps.repos.elders.dueIn(communityId, now)) checkElder(deps, e, now, t)
  return render(deps, communityId, t, now)
}

function checkElder(deps: CoreDeps, e: Elder, now: number, t: Tally): void {
  let day = e.day
  for (let i = 0; i < MAX_DAYS_PER_TICK; i++) {
    const due = dueAtOf(day, e.checkBy, deps.timeZone)
    if (now < due) return deps.repos.elders.setNext(e.id, day, due)
    const wait = chaseDay(deps, e, day, due, deps.repos.elders.ensureDay(e.id, day, due), now, t)
    if (wait !== undefined) return deps.repos.elders.setNext(e.id, day, wait)
    day = addDays(day)
  }
  deps.repos.elders.setNext(e.id, day, dueAtOf(day, e.checkBy, deps.timeZone))
}

/** Walks one day's chase as far as `now` allows; returns when to look again, or undefined when the day is done. */
function chaseDay(deps: CoreDeps, e: Elder, day: string, due: number, row: ElderDay, now: number, t: Tally): number | undefined {
  const repo = deps.repos.elders
  const p = deps.policy.elders
  if (settled(row)) return undefined
  if (isAway(e, day)) return void repo.updateDay(e.id, day, { outcome: 'away' })
  const claim = (step: string) => deps.repos.firings.claim(ELDER_CHECK_RULE, `elder:${e.id}`, `${day}:${step}`, 0, now)
  if (row.missedAt === null) {
    const gap = deps.repos.presence.offline(Math.max(dayStart(day, deps.timeZone), e.since), due)
    if (gap) {
      if (claim('unchecked')) addUnchecked(deps, t, e, day, gap)
      repo.updateDay(e.id, day, { outcome: 'unchecked' })
      elderEvent(deps, e, 'unchecked', BOT(deps), now, elderText.events.unchecked(span(deps, gap.from), span(deps, gap.to)))
      return undefined
    }
    repo.updateDay(e.id, day, { missedAt: now })
    elderEvent(deps, e, 'missed', BOT(deps), now)
  }
  const red = e.tier === 'red'
  /** When a step due at `at` may go: then, or (where quiet hours apply) at their end. */
  const goAt = (at: number, quiet: boolean) => {
    const t0 = Math.max(at, now)
    return quiet && deps.quietHours && isQuiet(t0, deps.quietHours, deps.timeZone) ? quietEnd(t0, deps.quietHours, deps.timeZone) : t0
  }
  const waits: number[] = []
  let nudgedAt = row.nudgedAt
  if (p.nudge && nudgedAt === null) {
    const at = goAt(due, true)
    if (at > now) waits.push(at)
    else {
      const hour = toLocalTime(now, deps.timeZone).hour
      if (claim('nudge')) t.nudges.push(toContact(e.contactId, elderText.nudge(callOf(e), hour), 'push'))
      nudgedAt = now
      repo.updateDay(e.id, day, { nudgedAt })
      elderEvent(deps, e, 'nudged', BOT(deps), now)
    }
  }
  let listedAt = row.listedAt
  if (listedAt === null) {
    const from = red || !p.nudge ? due : (nudgedAt ?? waits[0] ?? due)
    const at = goAt(from + p.graceToWorker, !red)
    if (at > now) return Math.min(at, ...waits)
    if (claim('list')) addToList(deps, t, e)
    listedAt = now
    repo.updateDay(e.id, day, { listedAt })
    elderEvent(deps, e, 'listed', BOT(deps), now)
  }
  if (row.escalatedAt === null) {
    const at = goAt(listedAt + p.visitWithin[e.tier], !red)
    if (at > now) return Math.min(at, ...waits)
    if (claim('escalate'))
      t.escalations.push({
        e,
        listedAt,
        worker: gridWorkers(deps, e.gridId)[0]?.name ?? null,
        family: repo.family(e.id).map((f) => f.name),
      })
    repo.updateDay(e.id, day, { escalatedAt: now })
    elderEvent(deps, e, 'escalated', BOT(deps), now)
  }
  // Every step has gone: the day stays open, so a late sign or a visit still ends it and tells those told.
  return undefined
}

/** `11-23 05:10` */
const span = (deps: CoreDeps, ms: number) => formatShort(ms, deps.timeZone)

function addToList(deps: CoreDeps, t: Tally, e: Elder): void {
  const family = deps.repos.elders.family(e.id)
  const workers = gridWorkers(deps, e.gridId)
  for (const key of workers.length ? workers.map((w) => w.contactId) : ['']) {
    const entry = t.lists.get(key) ?? { gridId: e.gridId, elders: [] }
    entry.elders.push({ e, family: family.map((f) => f.name) })
    t.lists.set(key, entry)
  }
  const line = elderLine(e)
  for (const f of family)
    t.family.push(toContact(f.contactId, elderText.toFamily(e.name, line.time, workers[0]?.name ?? null), chasePriority(e)))
}

function addUnchecked(deps: CoreDeps, t: Tally, e: Elder, day: string, gap: { from: number; to: number }): void {
  const workers = gridWorkers(deps, e.gridId)
  for (const key of workers.length ? workers.map((w) => w.contactId) : ['']) {
    const entry = t.unchecked.get(key) ?? { gridId: e.gridId, names: [], days: new Set<string>(), from: gap.from, to: gap.to }
    const name = e.place ? `${e.name}（${e.place}）` : e.name
    if (!entry.names.includes(name)) entry.names.push(name)
    entry.days.add(shortDay(day))
    entry.from = Math.min(entry.from, gap.from)
    entry.to = Math.max(entry.to, gap.to)
    t.unchecked.set(key, entry)
  }
}

/** One message per worker (their list and any checks that could not be made), one to the community staff group. */
function render(deps: CoreDeps, communityId: number, t: Tally, now: number): Outgoing[] {
  const out: Outgoing[] = [...t.nudges]
  const grids = new Map(deps.repos.directory.gridsIn({ communityId }).map((g) => [g.id, g.name]))
  const keys = new Set([...t.lists.keys(), ...t.unchecked.keys()])
  for (const key of keys) {
    const list = t.lists.get(key)
    const unchecked = t.unchecked.get(key)
    const lines: string[] = []
    if (key === '') lines.push(elderText.toWorker.noWorker(grids.get(list?.gridId ?? unchecked!.gridId) ?? ''))
    if (list) {
      const sorted = [...list.elders].sort((a, b) => tierRank(a.e) - tierRank(b.e) || a.e.checkBy - b.e.checkBy)
      lines.push(elderText.toWorker.header(sorted.length))
      sorted.forEach(({ e, family }, i) => lines.push(elderText.toWorker.line(i + 1, elderLine(e), family)))
      if (sorted.some((x) => x.family.length)) lines.push(elderText.toWorker.familyTold)
      lines.push(elderText.toWorker.howTo(sorted[0]!.e.name))
    }
    if (unchecked) lines.push(uncheckedLine(deps, unchecked))
    const urgent = list?.elders.some(({ e }) => e.tier === 'red') ?? false
    const text = lines.join('\n')
    if (key) out.push(toContact(key, text, urgent ? 'urgent' : 'push'))
    else {
      const sent = toCommunityStaff(deps, communityId, text, urgent ? 'urgent' : 'push')
      if (!sent.length) for (const { e } of list?.elders ?? []) elderEvent(deps, e, 'listed', BOT(deps), now, elderText.events.nobodyTold)
      out.push(...sent)
    }
  }
  out.push(...t.family)
  if (t.escalations.length) out.push(...escalation(deps, communityId, t.escalations, grids))
  return out
}

const tierRank = (e: Elder) => ['red', 'yellow', 'blue'].indexOf(e.tier)

function uncheckedLine(deps: CoreDeps, u: { names: string[]; days: Set<string>; from: number; to: number }): string {
  const from = span(deps, u.from)
  const to = span(deps, u.to)
  return elderText.toWorker.unchecked(from, to.slice(0, 5) === from.slice(0, 5) ? to.slice(6) : to, u.names, [...u.days])
}

/** The community staff group's one message for this tick; without a staff group, each worker gets their grid's part. */
function escalation(deps: CoreDeps, communityId: number, list: Tally['escalations'], grids: Map<number, string>): Outgoing[] {
  const text = (part: Tally['escalations']) => {
    const sorted = [...part].sort((a, b) => tierRank(a.e) - tierRank(b.e))
    return [
      elderText.toCommunity.header(sorted.length),
      ...sorted.map((x, i) =>
        elderText.toCommunity.line(
          i + 1,
          { ...elderLine(x.e), grid: grids.get(x.e.gridId) ?? '' },
          span(deps, x.listedAt).slice(6),
          x.worker,
          x.family,
        ),
      ),
      elderText.toCommunity.howTo(sorted[0]!.e.name),
    ].join('\n')
  }
  const priority = (part: Tally['escalations']) => (part.some((x) => x.e.tier === 'red') ? 'urgent' : 'push')
  const sent = toCommunityStaff(deps, communityId, text(list), priority(list))
  if (sent.length) return sent
  const byWorker = new Map<string, Tally['escalations']>()
  for (const x of list) for (const w of gridWorkers(deps, x.e.gridId)) byWorker.set(w.contactId, [...(byWorker.get(w.contactId) ?? []), x])
  return [...byWorker].map(([id, part]) => toContact(id, `${elderText.toCommunity.noStaffGroup}\n${text(part)}`, priority(part)))
}
