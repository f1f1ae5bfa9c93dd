import { NO_SCOPE, type StaffScope } from './case-machine.js'
import type { CoreDeps } from './core.js'
import type { GroupInfo, RoleHolder } from './model.js'
import { highestRole } from './roles.js'
import type { Role } from './types.js'

/** Who sent a command: their highest role and the cases they may act on. */
export interface Actor {
  id: string
  name: string
  role: Role
  scope: StaffScope
}

/**
 * The cases a set of roles covers: 网格员 their grids, 社区 their communities, 街道 their streets, 部门 the cases their
 * department owns, 管理员 all.
 */
export function toStaffScope(holders: RoleHolder[]): StaffScope {
  const scope: StaffScope = { all: false, gridIds: [], communityIds: [], streetIds: [], departmentIds: [] }
  for (const h of holders) {
    if (h.role === 'admin') scope.all = true
    else if (h.role === 'worker' && h.scopeKind === 'grid') scope.gridIds.push(h.scopeId)
    else if (h.role === 'community' && h.scopeKind === 'community') scope.communityIds.push(h.scopeId)
    else if (h.role === 'street' && h.scopeKind === 'street') scope.streetIds.push(h.scopeId)
    else if (h.role === 'department' && h.scopeKind === 'department') scope.departmentIds.push(h.scopeId)
  }
  return scope
}

/**
 * True when GRIDBOT_ADMINS names this contact by WeChat id. Only the id: a group nickname or a WeChat name can
 * be taken by anyone who renames themself.
 */
function isBootstrapAdmin(deps: Pick<CoreDeps, 'admins'>, contactId: string): boolean {
  return deps.admins.includes(contactId)
}

/**
 * The sender's role and staff scope: a role counts wherever it is held (a 网格员 may act on their grid's
 * cases from a staff group or a private chat), and the scope says which cases.
 */
export function resolveActor(deps: CoreDeps, m: { senderId: string; senderName: string }): Actor {
  if (isBootstrapAdmin(deps, m.senderId)) {
    return { id: m.senderId, name: m.senderName, role: 'admin', scope: { ...NO_SCOPE, all: true } }
  }
  const held = deps.repos.directory.rolesOf(m.senderId)
  return { id: m.senderId, name: m.senderName, role: highestRole(held.map((h) => h.role)), scope: toStaffScope(held) }
}

/** The role someone holds for this group's grid or community (what #名单 shows). */
export function roleInGroup(deps: Pick<CoreDeps, 'repos' | 'admins'>, contactId: string, group: GroupInfo | undefined): Role {
  if (isBootstrapAdmin(deps, contactId)) return 'admin'
  return group ? highestRole(deps.repos.directory.rolesCovering(contactId, group).map((h) => h.role)) : 'resident'
}
