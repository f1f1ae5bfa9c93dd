import type { CoreDeps } from './core.js'
import type { Case, Outgoing, Priority } from './model.js'
import { toRoom } from './outgoing.js'

/** Escalation levels: 0 grid, 1 community, 2 street. */
export type Level = 0 | 1 | 2

/**
 * A message to the staff group(s) of a level — 1 community, 2 street (falling back to the community when the
 * street has no staff group) — @-mentioning that level's staff who are in the group. Empty when no such
 * group exists, so callers can say whether anyone was told.
 */
export function toLevelStaff(
  deps: Pick<CoreDeps, 'repos'>,
  c: Pick<Case, 'communityId' | 'streetId'>,
  level: number,
  text: string,
  priority: Priority,
): Outgoing[] {
  const dir = deps.repos.directory
  const street =
    level >= 2 && c.streetId
      ? { rooms: dir.staffGroups({ streetId: c.streetId }), staff: dir.holders('street', c.streetId, 'street') }
      : undefined
  const chosen = street?.rooms.length
    ? street
    : c.communityId
      ? { rooms: dir.staffGroups({ communityId: c.communityId }), staff: dir.holders('community', c.communityId, 'community') }
      : undefined
  if (!chosen) return []
  return chosen.rooms.map((roomId) => {
    const present = new Set(deps.repos.members.list(roomId).map((m) => m.contactId))
    return toRoom(
      roomId,
      text,
      chosen.staff.map((s) => s.contactId).filter((id) => present.has(id)),
      priority,
    )
  })
}

/** A message to a community's staff group(s), @-mentioning its 社区 staff who are present. */
export function toCommunityStaff(deps: Pick<CoreDeps, 'repos'>, communityId: number, text: string, priority: Priority): Outgoing[] {
  return toLevelStaff(deps, { communityId, streetId: null }, 1, text, priority)
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
