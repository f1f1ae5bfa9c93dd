import { parseNickname } from '../parse/nickname.js'
import { ownerText } from '../text/cases.js'
import { LEVEL_LABELS, SUPERVISION_LABELS } from '../text/labels.js'
import type { CoreDeps } from './core.js'
import type { Case, Outgoing, Priority, ScopeRef } from './model.js'
import { toRoom } from './outgoing.js'
import { COMMUNITY_LEVEL, DEPARTMENT_LEVEL, STREET_LEVEL, type Role, type ScopeKind } from './types.js'

/** Escalation levels: 0 grid, 1 community, 2 street. */
export type Level = 0 | 1 | 2

type Placed = Pick<Case, 'communityId' | 'streetId'> & { departmentId?: number | null }

/** Who hears for a level: its staff group(s), the staff to @-mention there, and the level's own name. */
export interface LevelAudience {
  level: number
  /** The community, street or department this is: what a key of the audience names. */
  ref: ScopeRef
  /** 阳光社区, 幸福街道, 城管中队. */
  name: string
  rooms: string[]
  staffIds: string[]
}

const ROLE_OF: Record<number, [ScopeKind, Role]> = {
  [COMMUNITY_LEVEL]: ['community', 'community'],
  [STREET_LEVEL]: ['street', 'street'],
  [DEPARTMENT_LEVEL]: ['department', 'department'],
}

/** The place a level stands for, for a case: 1 its community, 2 its street, 3 a department (the case's by default). */
function refOf(c: Placed, level: number, departmentId = c.departmentId ?? null): ScopeRef | undefined {
  if (level === COMMUNITY_LEVEL) return c.communityId ? { communityId: c.communityId } : undefined
  if (level === STREET_LEVEL) return c.streetId ? { streetId: c.streetId } : undefined
  if (level === DEPARTMENT_LEVEL) return departmentId ? { departmentId } : undefined
  return undefined
}

/**
 * The audience of a level for a case — 1 its community's staff group, 2 its street's, 3 a department's group — or
 * undefined when the case has no such place. `rooms` is empty when that level has no group: nobody can be told
 * there, and nobody is claimed to have been.
 */
export function levelAudience(
  deps: Pick<CoreDeps, 'repos'>,
  c: Placed,
  level: number,
  departmentId?: number | null,
): LevelAudience | undefined {
  const ref = refOf(c, level, departmentId)
  if (!ref) return undefined
  const dir = deps.repos.directory
  const [kind, role] = ROLE_OF[level]!
  const id = Object.values(ref)[0] as number
  return {
    level,
    ref,
    name: dir.nameOf(ref) ?? '',
    rooms: dir.staffGroups(ref),
    staffIds: dir.holders(kind, id, role).map((h) => h.contactId),
  }
}

/** A message to an audience's group(s), @-mentioning its staff who are present there. */
export function toAudience(deps: Pick<CoreDeps, 'repos'>, a: LevelAudience, text: string, priority: Priority): Outgoing[] {
  return a.rooms.map((roomId) => {
    const present = new Set(deps.repos.members.list(roomId).map((m) => m.contactId))
    return toRoom(
      roomId,
      text,
      a.staffIds.filter((id) => present.has(id)),
      priority,
    )
  })
}

/**
 * A message to the staff group(s) of a level — 1 community, 2 street, 3 the case's department — @-mentioning that
 * level's staff who are in the group. Empty when no such group exists, so callers can say whether anyone was told.
 */
export function toLevelStaff(deps: Pick<CoreDeps, 'repos'>, c: Placed, level: number, text: string, priority: Priority): Outgoing[] {
  const a = levelAudience(deps, c, level)
  return a ? toAudience(deps, a, text, priority) : []
}

/** A message to a community's staff group(s), @-mentioning its 社区 staff who are present. */
export function toCommunityStaff(deps: Pick<CoreDeps, 'repos'>, communityId: number, text: string, priority: Priority): Outgoing[] {
  return toLevelStaff(deps, { communityId, streetId: null }, COMMUNITY_LEVEL, text, priority)
}

/** The owner's level as one word: 网格, 社区, 街道, or the department's name. */
export function ownerUnit(deps: Pick<CoreDeps, 'repos'>, c: Pick<Case, 'level' | 'departmentId'>): string {
  if (c.level === DEPARTMENT_LEVEL && c.departmentId) return deps.repos.directory.department(c.departmentId)?.name ?? LEVEL_LABELS[3]
  return LEVEL_LABELS[c.level] ?? LEVEL_LABELS[0]
}

/** Who owns the case, as #查询, #案件 and the case board show it: 网格（刘晓燕）, 社区, 城管中队（张队）. */
export function ownerLabel(deps: Pick<CoreDeps, 'repos'>, c: Pick<Case, 'level' | 'departmentId' | 'assigneeName'>): string {
  return ownerText(ownerUnit(deps, c), c.assigneeName && parseNickname(c.assigneeName).name)
}

/** 已催办 / 已督办, or '' while the ladder has told nobody above the owner this cycle. */
export function supervisionMark(c: Pick<Case, 'supervision'>): string {
  return SUPERVISION_LABELS[c.supervision] ?? ''
}

/**
 * The admins' staff groups, told when the database cannot write: the staff groups where a GRIDBOT_ADMINS member is
 * present (with those admins, to @-mention); when there is none, every street's staff group; else every staff group.
 */
export function adminStaffGroups(repos: Pick<CoreDeps['repos'], 'directory' | 'members'>, admins: string[]) {
  const groups = repos.directory.allStaffGroups().map((g) => ({
    roomId: g.roomId,
    streetLevel: g.streetId !== null && g.communityId === null,
    adminIds: admins.filter((id) => repos.members.get(g.roomId, id)?.present),
  }))
  const withAdmins = groups.filter((g) => g.adminIds.length)
  const streets = groups.filter((g) => g.streetLevel)
  return (withAdmins.length ? withAdmins : streets.length ? streets : groups).map(({ roomId, adminIds }) => ({ roomId, adminIds }))
}
