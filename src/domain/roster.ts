import { parseNickname } from '../parse/nickname.js'
import type { RosterEntry } from './model.js'
import type { Repos } from './ports.js'

/** A roster entry with its nickname parsed (name, building, unit, room). */
export function rosterEntry(contactId: string, nickname: string): RosterEntry {
  return { contactId, nickname, ...parseNickname(nickname) }
}

/**
 * Members who left a group (or were removed): marked gone, and the roles scoped to what the group is bound to
 * are theirs no more (a grid group's grid roles, a staff group's community or street roles, a department group's
 * handlers). A role belongs to a member of a group.
 */
export function membersLeft(repos: Repos, roomId: string, contactIds: string[], now: number): void {
  repos.members.markLeft(roomId, contactIds, now)
  const g = repos.directory.group(roomId)
  const scope = !g?.kind
    ? undefined
    : g.kind === 'grid'
      ? g.gridId
        ? (['grid', g.gridId] as const)
        : undefined
      : g.kind === 'department'
        ? g.departmentId
          ? (['department', g.departmentId] as const)
          : undefined
        : g.communityId
          ? (['community', g.communityId] as const)
          : g.streetId
            ? (['street', g.streetId] as const)
            : undefined
  if (scope) for (const id of contactIds) repos.directory.clearRole(id, scope[0], scope[1])
}

/**
 * A group's roster as just read: the listed members are present, and whoever was present before but is not
 * listed has left (with their roles there). An empty roster is taken as a failed read, not as everyone gone.
 */
export function applyRoster(repos: Repos, roomId: string, entries: RosterEntry[], now: number): void {
  if (entries.length === 0) return
  const listed = new Set(entries.map((e) => e.contactId))
  const gone = repos.members
    .list(roomId)
    .map((m) => m.contactId)
    .filter((id) => !listed.has(id))
  repos.members.replaceRoster(roomId, entries, now)
  if (gone.length) membersLeft(repos, roomId, gone, now)
}
