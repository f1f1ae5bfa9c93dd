import { highestRole } from '../domain/roles.js'
import type { GroupInfo } from '../store/directory-repo.js'
import type { Actor, CoreDeps } from './types.js'

/** The sender's effective role where the message was said: bootstrap admins, then stored roles in scope. */
export function resolveActor(deps: CoreDeps, senderId: string, senderName: string, group: GroupInfo | undefined, wechatName?: string): Actor {
  if ([senderId, senderName, wechatName].some((key) => key !== undefined && deps.admins.includes(key))) {
    return { id: senderId, name: senderName, role: 'admin' }
  }
  const held = group
    ? deps.repos.directory.rolesCovering(senderId, group)
    : deps.repos.directory.rolesOf(senderId)
  return { id: senderId, name: senderName, role: highestRole(held.map((h) => h.role)) }
}
