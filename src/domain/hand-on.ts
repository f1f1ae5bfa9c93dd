import { formatLocation } from '../parse/location.js'
import { parseNickname } from '../parse/nickname.js'
import { caseText } from '../text/cases.js'
import { LEVEL_LABELS, ROLE_LABELS } from '../text/labels.js'
import type { Actor } from './actor.js'
import { ensureAllowed, getCase, transitionCase } from './case-actions.js'
import { ADMIN_AUTHORITY, actsForOwner, authority, inScope, NO_SCOPE, type Owner } from './case-machine.js'
import type { CoreDeps } from './core.js'
import type { Case, Department, InboundMessage, Outgoing } from './model.js'
import { replyTo, toContact, toRoom } from './outgoing.js'
import { casePhotos, forwardPhotos } from './photos.js'
import { refuse } from './refusal.js'
import { levelAudience, ownerUnit, toAudience } from './staff-groups.js'
import { COMMUNITY_LEVEL, DEPARTMENT_LEVEL, GRID_LEVEL, STREET_LEVEL } from './types.js'

/** The most names a refusal or a hint lists. */
const MAX_CANDIDATES = 10

/** The person's name without the building, unit or title of their nickname. */
export const shortNameOf = (nickname: string) => parseNickname(nickname).name

/** Who did it, as a hand-on's messages say: 网格员李芳, 社区王主任, 管理员周主任. */
export const byline = (actor: Actor) => `${ROLE_LABELS[actor.role]}${shortNameOf(actor.name)}`

const priorityOf = (c: Case) => (c.urgency === 'urgent' ? 'urgent' : 'push')

/** A short line to the reporter: an @ in the grid group the case came from, or privately for a case reported privately. */
export function toReporter(c: Case, text: string): Outgoing {
  return c.filedPrivately ? toContact(c.reporterId, text) : toRoom(c.roomId, text, [c.reporterId], 'push')
}

/** The handler who had the case before someone else handed it on: told they need not go on. */
function toFormerHandler(before: Case, after: Case, actor: Actor, owner: string): Outgoing[] {
  if (!before.assigneeId || before.assigneeId === actor.id || before.assigneeId === after.assigneeId) return []
  return [toContact(before.assigneeId, caseText.handedAway(before.id, byline(actor), owner))]
}

/**
 * #上报 <编号> <原因>: one level up (grid → community → street). The higher level's staff group is told and the
 * case is theirs, unassigned until one of them signs for it; a level with no staff group cannot take it.
 */
export function escalateCase(deps: CoreDeps, m: InboundMessage, actor: Actor, id: number, reason: string, now: number): Outgoing[] {
  const c = getCase(deps, id)
  ensureAllowed(deps, actor, c, { action: 'escalate' }, now)
  const level = c.level + 1
  const label = LEVEL_LABELS[level] ?? ''
  const audience = levelAudience(deps, c, level)
  if (!audience?.rooms.length) refuse(caseText.escalate.noGroup(label, audience?.name ?? ''))
  const event = caseText.escalate.event(shortNameOf(actor.name), label, reason)
  const { before, after } = transitionCase(deps, actor, id, { action: 'escalate' }, event, now)
  const grid = deps.repos.caseQueries.gridLabel(after.gridId)
  const where = formatLocation(after.location)
  const text = caseText.escalate.toLevel(id, grid, after.category, after.urgency === 'urgent', where, after.text, byline(actor), reason)
  return [
    replyTo(m, caseText.escalate.done(id, label)),
    ...toAudience(deps, audience, text, priorityOf(after)),
    toReporter(after, caseText.escalate.toReporter(id, label)),
    ...toFormerHandler(before, after, actor, label),
  ]
}

/** The department `word` names among those the case may go to: its exact name, else the one name containing it. */
function findDepartment(deps: CoreDeps, c: Case, word: string): Department {
  const all = deps.repos.directory.departmentsFor(c.streetId)
  const exact = all.find((d) => d.name === word)
  if (exact) return exact
  const near = all.filter((d) => d.name.includes(word) || word.includes(d.name))
  if (near.length === 1) return near[0]!
  const t = caseText.dispatch
  return refuse(
    near.length
      ? t.ambiguous(
          word,
          near.map((d) => d.name),
        )
      : t.unknown(
          word,
          all.map((d) => d.name),
        ),
  )
}

/** The level a dispatch comes from: the level the sender stands at for the case (community or street). */
function dispatchingLevel(actor: Actor, c: Case): number {
  if (c.level === DEPARTMENT_LEVEL) return c.dispatchLevel ?? COMMUNITY_LEVEL
  const a = authority(actor.scope, c)
  if (a >= ADMIN_AUTHORITY) return Math.min(Math.max(c.level, COMMUNITY_LEVEL), STREET_LEVEL)
  return Math.min(Math.max(a, COMMUNITY_LEVEL), STREET_LEVEL)
}

/**
 * #派单 <编号> <部门> [说明]: community or street staff hand the case to a department bound with #绑定部门, which
 * now owns it; its group is told (@-mentioning its handlers) and the dispatch is recorded for its statistics.
 */
export function dispatchCase(
  deps: CoreDeps,
  m: InboundMessage,
  actor: Actor,
  id: number,
  word: string,
  note: string,
  now: number,
): Outgoing[] {
  const c = getCase(deps, id)
  const fromLevel = dispatchingLevel(actor, c)
  // May the sender dispatch this case at all? Only then are departments named.
  ensureAllowed(deps, actor, c, { action: 'dispatch', departmentId: -1, fromLevel }, now)
  const department = findDepartment(deps, c, word)
  const audience = levelAudience(deps, c, DEPARTMENT_LEVEL, department.id)!
  if (!audience.rooms.length) refuse(caseText.dispatch.noGroup(department.name))
  const cmd = { action: 'dispatch', departmentId: department.id, fromLevel } as const
  const event = caseText.dispatch.event(shortNameOf(actor.name), department.name, note)
  const { before, after } = transitionCase(deps, actor, id, cmd, event, now)
  const dispatches = deps.repos.dispatches
  const previous = dispatches.current(id)
  if (previous) dispatches.update(previous.id, { endedAt: now })
  dispatches.create({
    caseId: id,
    departmentId: department.id,
    fromLevel,
    dispatcherId: actor.id,
    dispatcherName: shortNameOf(actor.name),
    note,
    at: now,
    respondDueAt: after.signForDueAt,
    resolveDueAt: after.resolveDueAt,
  })
  const from = deps.repos.directory.nameOf(
    fromLevel === STREET_LEVEL && after.streetId ? { streetId: after.streetId } : { communityId: after.communityId ?? 0 },
  )
  const text = caseText.dispatch.toDepartment(
    id,
    deps.repos.caseQueries.gridLabel(after.gridId),
    after.category,
    after.urgency === 'urgent',
    formatLocation(after.location),
    after.text,
    `${from ?? ''}${shortNameOf(actor.name)}`,
    note,
  )
  return [
    replyTo(m, caseText.dispatch.done(id, department.name)),
    ...toAudience(deps, audience, text, priorityOf(after)),
    toReporter(after, caseText.dispatch.toReporter(id, department.name)),
    ...toFormerHandler(before, after, actor, department.name),
  ]
}

/** Staff who may take a case that is to be dispatched, for a hint: its grid's workers, then the level's staff. */
function dispatchHint(deps: CoreDeps, c: Case): { assignable: string[]; departments: string[] } {
  const names = assignCandidates(deps, { scope: NO_SCOPE }, c, c.level)
  return { assignable: names, departments: deps.repos.directory.departmentsFor(c.streetId).map((d) => d.name) }
}

/**
 * #退回 <编号> <原因>: not ours. A department's case goes back to the level that dispatched it; any other to its
 * level's staff (the community's, from a grid), unassigned, to be dispatched again. Their staff group is told whom
 * they may assign it to and where they may dispatch it; without one, the sender hears nobody was told.
 */
export function returnCase(deps: CoreDeps, m: InboundMessage, actor: Actor, id: number, reason: string, now: number): Outgoing[] {
  const c = getCase(deps, id)
  const fromDepartment = c.level === DEPARTMENT_LEVEL
  const dispatch = fromDepartment ? deps.repos.dispatches.current(id) : undefined
  const level = fromDepartment ? (c.dispatchLevel ?? COMMUNITY_LEVEL) : Math.max(c.level, COMMUNITY_LEVEL)
  const to = LEVEL_LABELS[level] ?? ''
  const { before, after } = transitionCase(
    deps,
    actor,
    id,
    { action: 'return' },
    caseText.return.event(shortNameOf(actor.name), to, reason),
    now,
  )
  if (dispatch) deps.repos.dispatches.update(dispatch.id, { endedAt: now })
  const t = caseText.return
  const who = fromDepartment ? `${ownerUnit(deps, before)}${shortNameOf(actor.name)}` : byline(actor)
  const hint = dispatchHint(deps, after)
  const a = levelAudience(deps, after, level)
  const told = a
    ? toAudience(
        deps,
        a,
        t.toLevel(id, deps.repos.caseQueries.gridLabel(after.gridId), after.category, who, reason, hint.assignable, hint.departments),
        priorityOf(after),
      )
    : []
  const toDispatcher =
    !told.length && dispatch && dispatch.dispatcherId !== actor.id
      ? [toContact(dispatch.dispatcherId, t.toDispatcher(id, ownerUnit(deps, before), reason))]
      : []
  const done = t.done(id, to)
  return [
    replyTo(m, told.length || toDispatcher.length ? done : `${done}\n${t.noGroup(a?.name ?? to)}`),
    ...told,
    ...toDispatcher,
    toReporter(after, t.toReporter(id, to)),
  ]
}

/** Whom a case may go to by #指派, as names with where they serve (`陈明（2号网格）`), for refusals and hints. */
function assignCandidates(deps: CoreDeps, actor: Pick<Actor, 'scope'>, c: Case, standing: number): string[] {
  const dir = deps.repos.directory
  const t = caseText.assign
  const reachable = (h: { contactId: string }) => deps.repos.members.roomsOf(h.contactId).length > 0
  const out: string[] = []
  const add = (name: string, where: string) => {
    const line = t.candidate(shortNameOf(name), where)
    if (!out.includes(line)) out.push(line)
  }
  if (c.level === DEPARTMENT_LEVEL && c.departmentId && !actsAboveDepartment(actor, c)) {
    const d = dir.department(c.departmentId)
    for (const h of dir.holders('department', c.departmentId, 'department').filter(reachable)) add(h.name, d?.name ?? '')
    return out.slice(0, MAX_CANDIDATES)
  }
  // Grids the case may move to: its own, or every grid of the community (street) the sender stands for.
  const grids =
    standing >= STREET_LEVEL && c.streetId
      ? dir.gridsIn({ streetId: c.streetId })
      : standing >= COMMUNITY_LEVEL && c.communityId
        ? dir.gridsIn({ communityId: c.communityId })
        : [dir.grid(c.gridId)].filter((g) => g !== undefined)
  const own = grids.filter((g) => g.id === c.gridId)
  for (const g of [...own, ...grids.filter((g) => g.id !== c.gridId)])
    for (const h of dir.holders('grid', g.id, 'worker').filter(reachable))
      add(h.name, g.communityId === c.communityId ? g.name : `${g.communityName}${g.name}`)
  if (c.communityId)
    for (const h of dir.holders('community', c.communityId, 'community').filter(reachable)) add(h.name, LEVEL_LABELS[COMMUNITY_LEVEL])
  if (standing >= STREET_LEVEL && c.streetId)
    for (const h of dir.holders('street', c.streetId, 'street').filter(reachable)) add(h.name, LEVEL_LABELS[STREET_LEVEL])
  return out.slice(0, MAX_CANDIDATES)
}

/** True when the sender stands for the level that dispatched a department's case (or above), not only for the department. */
function actsAboveDepartment(actor: Pick<Actor, 'scope'>, c: Case): boolean {
  return authority(actor.scope, c) >= (c.dispatchLevel ?? COMMUNITY_LEVEL)
}

/**
 * Who owns the case once `target` has it, or undefined when the sender may not give it to them: a worker of its
 * grid (or of another grid the sender stands for: the case moves there), the staff of its community or street,
 * a colleague in the department that owns it; an admin takes it as it stands.
 */
function ownerFor(deps: CoreDeps, actor: Actor, c: Case, targetId: string): Owner | undefined {
  const dir = deps.repos.directory
  const standing = Math.min(authority(actor.scope, c), STREET_LEVEL)
  const unchanged: Owner = { level: c.level, departmentId: c.departmentId, dispatchLevel: c.dispatchLevel }
  const plain = (level: number): Owner => ({ level, departmentId: null, dispatchLevel: null })
  const options: Owner[] = []
  for (const h of dir.rolesOf(targetId)) {
    if (h.role === 'admin') options.push(unchanged)
    else if (h.role === 'department' && c.level === DEPARTMENT_LEVEL && h.scopeId === c.departmentId) options.push(unchanged)
    else if (c.level === DEPARTMENT_LEVEL && !actsAboveDepartment(actor, c)) continue
    else if (h.role === 'worker' && h.scopeKind === 'grid') {
      if (h.scopeId === c.gridId) options.push(plain(GRID_LEVEL))
      else {
        const g = dir.grid(h.scopeId)
        const place = g && { gridId: g.id, communityId: g.communityId, streetId: g.streetId }
        if (place && standing >= COMMUNITY_LEVEL && authority(actor.scope, place) >= COMMUNITY_LEVEL)
          options.push({ ...plain(GRID_LEVEL), place })
      }
    } else if (h.role === 'community' && h.scopeId === c.communityId) options.push(plain(COMMUNITY_LEVEL))
    // Up to the street only by #上报 (its staff group is told), unless the street itself reassigns.
    else if (h.role === 'street' && h.scopeId === c.streetId && standing >= STREET_LEVEL) options.push(plain(STREET_LEVEL))
  }
  // Someone who is both, say, a grid's worker and community staff takes it at the lowest level they can.
  return options.sort((a, b) => a.level - b.level)[0]
}

/**
 * #指派 <编号> @某人: to someone who may own the case (see ownerFor). Another level, grid or department is a hand-on
 * (the new owner's clocks start); a refusal says whom the sender may assign to.
 */
export function assignCase(deps: CoreDeps, m: InboundMessage, actor: Actor, id: number, targetId: string, now: number): Outgoing[] {
  const c = getCase(deps, id)
  const held = deps.repos.directory.rolesOf(targetId)
  const name = (m.roomId && deps.repos.members.get(m.roomId, targetId)?.name) || shortNameOf(held[0]?.name ?? targetId)
  let owner: Owner | undefined
  // Whether the target may have it is asked only of someone who may reassign the case at all.
  if (inScope(actor.scope, c) && actsForOwner(actor.scope, c)) {
    owner = ownerFor(deps, actor, c, targetId)
    if (!owner) {
      const candidates = assignCandidates(deps, actor, c, Math.min(authority(actor.scope, c), STREET_LEVEL))
      const t = caseText.assign
      refuse(
        c.level === DEPARTMENT_LEVEL && !actsAboveDepartment(actor, c)
          ? t.notColleague(name, id, ownerUnit(deps, c), candidates)
          : t.notStaffInScope(name, id, candidates),
      )
    }
  }
  const next = owner ? { ...c, ...owner } : c
  const unit = ownerUnit(deps, { level: next.level, departmentId: next.departmentId })
  const { before, after: a } = transitionCase(
    deps,
    actor,
    id,
    { action: 'assign', assignee: { id: targetId, name }, ...(owner ? { owner } : {}) },
    caseText.assign.event(shortNameOf(actor.name), name, unit),
    now,
  )
  if (before.level === DEPARTMENT_LEVEL && a.level !== DEPARTMENT_LEVEL) {
    const d = deps.repos.dispatches.current(id)
    if (d) deps.repos.dispatches.update(d.id, { endedAt: now })
  }
  // The new handler gets the reporter's photos too, after the case (unless they sent them themself).
  const photos = targetId === a.reporterId ? [] : casePhotos(deps, id)
  return [
    replyTo(m, caseText.assign.done(id, name)),
    toContact(
      targetId,
      caseText.assign.toAssignee(
        id,
        deps.repos.caseQueries.gridLabel(a.gridId),
        a.category,
        formatLocation(a.location),
        a.text,
        shortNameOf(actor.name),
        photos.length,
      ),
      priorityOf(a),
    ),
    ...forwardPhotos(a, targetId, photos),
    ...toFormerHandler(before, a, actor, unit),
  ]
}

/**
 * When a department resolves a case, the staff group of the level that dispatched it is asked to rate the
 * department's response (besides the reporter's own rating); without a group, the dispatcher privately.
 */
export function askDispatcherToRate(deps: CoreDeps, before: Case, after: Case, result: string): Outgoing[] {
  if (before.level !== DEPARTMENT_LEVEL) return []
  const d = deps.repos.dispatches.current(after.id)
  if (!d) return []
  const text = caseText.dispatch.askRating(after.id, ownerUnit(deps, before), result)
  const a = levelAudience(deps, after, d.fromLevel)
  const told = a ? toAudience(deps, a, text, 'push') : []
  return told.length ? told : [toContact(d.dispatcherId, text)]
}
