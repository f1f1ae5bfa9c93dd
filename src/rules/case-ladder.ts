import { ladder, type ClockName, type LadderStep } from '../domain/ladder.js'
import type { Case, Outgoing, Priority } from '../domain/model.js'
import { toContact } from '../domain/outgoing.js'
import { levelAudience, ownerLabel, toAudience, type LevelAudience } from '../domain/staff-groups.js'
import type { CoreDeps } from '../domain/core.js'
import { caseSubject, COMMUNITY_LEVEL, DEPARTMENT_LEVEL, GRID_LEVEL, STREET_LEVEL, SUPERVISION, type Category } from '../domain/types.js'
import { caseText } from '../text/cases.js'
import { LEVEL_LABELS } from '../text/labels.js'
import { defineRule } from './rule.js'

const BATCH = 5_000

/** Where a note goes: the owner privately, or a level's staff group(s). */
type Recipient = { contactId: string } | { audience: LevelAudience }

/** What one case tells one recipient this tick; the flush makes one message per recipient of them. */
interface LadderNote {
  to: Recipient
  /** The owner reminded, the level above told (催办), the street told (督办). */
  role: 'owner' | 'urge' | 'supervise'
  caseId: number
  grid: string
  category: Category
  urgent: boolean
  priority: Priority
  owner: string
  step: LadderStep['kind']
  clock: ClockName
  /** Minutes left (a warning) or late. */
  minutes: number
  /** For the owner: which levels were told this tick. */
  told: string[]
}

const keyOf = (to: Recipient) => ('contactId' in to ? `contact:${to.contactId}` : `level:${JSON.stringify(to.audience.ref)}`)

/**
 * The level told when a clock runs out (催办): the community for a grid case, the street for a community's case
 * (its resolve clock only: sign-for and response lateness never reach the street), the dispatching level for a
 * department's case (the street hears of lateness in a case it dispatched itself).
 */
function urgeLevel(c: Case, clock: ClockName): number | undefined {
  if (c.level === GRID_LEVEL) return COMMUNITY_LEVEL
  if (c.level === COMMUNITY_LEVEL) return clock === 'resolve' ? STREET_LEVEL : undefined
  if (c.level === DEPARTMENT_LEVEL) return c.dispatchLevel ?? COMMUNITY_LEVEL
  return undefined
}

/** The level told past twice the resolve deadline (督办): the street, unless the street owns or dispatched the case. */
function superviseLevel(c: Case): number | undefined {
  if (c.level === STREET_LEVEL || (c.level === DEPARTMENT_LEVEL && c.dispatchLevel === STREET_LEVEL)) return undefined
  return STREET_LEVEL
}

/** Where the owner's reminder goes: the handler privately; an unassigned case, its owner's group (a grid's: the community's). */
function ownerRecipient(deps: CoreDeps, c: Case): Recipient | undefined {
  if (c.assigneeId) return { contactId: c.assigneeId }
  const a = levelAudience(deps, c, c.level === GRID_LEVEL ? COMMUNITY_LEVEL : c.level)
  return a?.rooms.length ? { audience: a } : undefined
}

/**
 * The escalation ladder of each running case. It only tells and urges; the owner stays who it is. The owner is
 * warned at 80% of the clock that matters now, reminded at its deadline (and the level above is told: 催办) and
 * once a day while it is overdue; past twice the resolve deadline the street is told (督办). A level without a
 * staff group is not told, and nobody hears it was. What one tick says goes out as one message per recipient,
 * listing its cases. After downtime a case that missed several rungs says the latest; the others are recorded.
 */
export const caseLadder = defineRule<Case, LadderNote>({
  id: 'case-ladder',
  due: (deps, now) => deps.repos.caseQueries.dueForRules(now, BATCH),
  subject: (c) => caseSubject(c.id),
  cycle: (c) => c.reopenCount + c.handOns,
  fire: ({ deps, now, claim }, c) => {
    const { repos, policy } = deps
    const t = caseText.ladder
    const { due, nextAt } = ladder(c, policy, now)
    const fresh = due.filter((s) => claim(s.key))
    const top = fresh.at(-1)
    if (!top) {
      repos.cases.setLadder(c.id, nextAt, c.supervision, now)
      return []
    }
    const minutes = (s: LadderStep) => Math.abs(now - s.deadline) / 60_000
    // The grid's label and the owner's are read only for lines in a staff group (a warning to the handler needs neither).
    let described: { grid: string; owner: string } | undefined
    const describe = () => (described ??= { grid: repos.caseQueries.gridLabel(c.gridId), owner: ownerLabel(deps, c) })
    const base = (to: Recipient) => ({
      caseId: c.id,
      ...('audience' in to ? describe() : { grid: '', owner: '' }),
      category: c.category,
      urgent: c.urgency === 'urgent',
      // Quiet hours hold every reminder but safety.
      priority: (c.category === 'safety' ? 'urgent' : 'push') as Priority,
      told: [],
    })
    const notes: LadderNote[] = []
    let supervision = c.supervision
    const tell = (role: 'urge' | 'supervise', level: number | undefined, s: LadderStep): string | undefined => {
      const a = level === undefined ? undefined : levelAudience(deps, c, level)
      if (!a?.rooms.length) return undefined
      notes.push({ ...base({ audience: a }), to: { audience: a }, role, step: s.kind, clock: s.clock, minutes: minutes(s) })
      supervision = Math.max(supervision, role === 'urge' ? SUPERVISION.urged : SUPERVISION.supervised)
      return LEVEL_LABELS[a.level]
    }
    const dueStep = fresh.find((s) => s.kind === 'due')
    const double = fresh.find((s) => s.kind === 'double')
    const urged = dueStep && tell('urge', urgeLevel(c, dueStep.clock), dueStep)
    const supervised = double && tell('supervise', superviseLevel(c), double)
    const told = [urged, supervised].filter((x): x is string => x !== undefined)
    const owner = ownerRecipient(deps, c)
    // An unassigned grid case's owner group is the community's: told once, as 催办.
    if (owner && !notes.some((n) => keyOf(n.to) === keyOf(owner)))
      notes.push({ ...base(owner), to: owner, role: 'owner', step: top.kind, clock: top.clock, minutes: minutes(top), told })
    const event = (kind: 'warned' | 'reminded' | 'supervised', text: string) =>
      repos.cases.addEvent(c.id, { at: now, actorId: deps.bot.id, actorName: deps.bot.name, kind, text })
    if (top.kind === 'warn') event('warned', t.eventWarned(top.clock))
    if (dueStep) event('reminded', t.eventDue(dueStep.clock, urged ? [urged] : []))
    if (supervised) event('supervised', t.eventSupervised(supervised))
    else if (!dueStep && top.kind !== 'warn') event('reminded', t.eventReminded(top.clock))
    repos.cases.setLadder(c.id, nextAt, supervision, now)
    return notes
  },
  flush: ({ deps }, notes) => {
    const byRecipient = new Map<string, LadderNote[]>()
    for (const n of notes) byRecipient.set(keyOf(n.to), [...(byRecipient.get(keyOf(n.to)) ?? []), n])
    const out: Outgoing[] = []
    for (const list of byRecipient.values()) {
      const to = list[0]!.to
      const priority: Priority = list.some((n) => n.priority === 'urgent') ? 'urgent' : 'push'
      if ('contactId' in to) out.push(toContact(to.contactId, ownerMessage(list), priority))
      else out.push(...toAudience(deps, to.audience, groupMessage(list), priority))
    }
    return out
  },
})

/** Urgent first, then the latest, then by number. */
const inOrder = (list: LadderNote[]) =>
  [...list].sort(
    (a, b) => Number(b.urgent) - Number(a.urgent) || Number(a.step === 'warn') - Number(b.step === 'warn') || a.caseId - b.caseId,
  )

/** The owner's reminder: one case as one message, several as one list. */
function ownerMessage(list: LadderNote[]): string {
  const t = caseText.ladder
  if (list.length === 1) {
    const n = list[0]!
    return n.step === 'warn' ? t.warn(n.caseId, n.clock, n.minutes) : t.overdue(n.caseId, n.clock, n.minutes, n.told)
  }
  return [t.ownerHeader(list.length), ...inOrder(list).map(ownerLine)].join('\n')
}

function ownerLine(n: LadderNote): string {
  const t = caseText.ladder
  return n.step === 'warn' ? t.ownerWarn(n.caseId, n.clock, n.minutes) : t.ownerLate(n.caseId, n.clock, n.minutes, n.told)
}

/** A staff group's message: the cases urged (催办), those supervised (督办), and the ones it owns itself. */
function groupMessage(list: LadderNote[]): string {
  const t = caseText.ladder
  const of = (role: LadderNote['role']) => inOrder(list.filter((n) => n.role === role))
  const line = (n: LadderNote) => t.caseLine(n.caseId, n.grid, n.category, n.urgent, n.clock, n.minutes, n.owner)
  const urge = of('urge')
  const supervise = of('supervise')
  const own = of('owner')
  return [
    ...(urge.length ? [t.urgeHeader(urge.length), ...urge.map(line)] : []),
    ...(supervise.length ? [t.superviseHeader(supervise.length), ...supervise.map(line)] : []),
    ...(urge.length || supervise.length ? [t.urgeFooter] : []),
    ...(own.length ? [t.ownHeader(own.length), ...own.map(ownerLine)] : []),
  ].join('\n')
}
