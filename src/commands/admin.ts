import { roleInGroup } from '../domain/actor.js'
import { replyTo } from '../domain/outgoing.js'
import { Refusal, refuse } from '../domain/refusal.js'
import { ROLES, type Role, type ScopeKind } from '../domain/types.js'
import { directoryText } from '../text/directory.js'
import { lastWord, mentions, word, words } from './args.js'
import { MAX_INBOUND_CHARS } from './handle-message.js'
import { defineCommand, type CommandContext } from './types.js'

const t = directoryText

/** #绑定网格 [<街道>] <社区> <网格> */
export const bindGrid = defineCommand({
  text: t.bindGrid,
  role: 'admin',
  groupOnly: true,
  args: [words('names', t.bindGrid.args.names, 2, 3)],
  run: ({ deps, msg: m, args, now }) => {
    const w = args.names
    const [street, community, grid] = w.length === 3 ? w : [undefined, w[0]!, w[1]!]
    const dir = deps.repos.directory
    const streetId = street ? dir.upsertStreet(street) : undefined
    const communityId = dir.upsertCommunity(community!, streetId)
    const gridId = dir.upsertGrid(communityId, grid!)
    dir.bindGroup(m.roomId!, { kind: 'grid', gridId }, now)
    const g = dir.group(m.roomId!)!
    return [replyTo(m, t.bindGrid.done(g.streetName, community!, grid!))]
  },
})

/** #绑定工作群 <社区或街道> */
export const bindStaffGroup = defineCommand({
  text: t.bindStaff,
  role: 'admin',
  groupOnly: true,
  args: [word('name', t.bindStaff.args.name, { whole: true })],
  run: ({ deps, msg: m, args, now }) => {
    const name = args.name!
    const dir = deps.repos.directory
    if (t.bindStaff.streetSuffix.test(name)) dir.bindGroup(m.roomId!, { kind: 'staff', streetId: dir.upsertStreet(name) }, now)
    else if (t.bindStaff.communitySuffix.test(name))
      dir.bindGroup(m.roomId!, { kind: 'staff', communityId: dir.upsertCommunity(name) }, now)
    else refuse(t.bindStaff.badName)
    return [replyTo(m, t.bindStaff.done(name))]
  },
})

/** #绑定部门 <部门> [<街道>]: this group is that department's; a street, when given, is the one it serves. */
export const bindDepartment = defineCommand({
  text: t.bindDepartment,
  role: 'admin',
  groupOnly: true,
  args: [words('names', t.bindDepartment.args.names, 1, 2)],
  run: ({ deps, msg: m, args, now }) => {
    const [name, street] = args.names as [string, string | undefined]
    if (street !== undefined && !t.bindStaff.streetSuffix.test(street)) refuse(t.bindDepartment.badStreet)
    const dir = deps.repos.directory
    const departmentId = dir.upsertDepartment(name, street === undefined ? undefined : dir.upsertStreet(street))
    dir.bindGroup(m.roomId!, { kind: 'department', departmentId }, now)
    return [replyTo(m, t.bindDepartment.done(name, dir.department(departmentId)?.streetName ?? null))]
  },
})

/** The scope a role set in this group applies to; refuses when it can't be set here. */
function scopeFor(ctx: CommandContext, role: Role): { kind: ScopeKind; id: number } {
  const g = ctx.group
  if (role === 'admin') return { kind: 'global', id: 0 }
  if (!g?.kind) refuse(t.notBound)
  if (role === 'department') return g.departmentId ? { kind: 'department', id: g.departmentId } : refuse(t.setRole.needsDepartment)
  if (role === 'street') return g.streetId ? { kind: 'street', id: g.streetId } : refuse(t.setRole.needsStreet)
  if (role === 'community') return g.communityId ? { kind: 'community', id: g.communityId } : refuse(t.setRole.needsGrid(role))
  return g.gridId ? { kind: 'grid', id: g.gridId } : refuse(t.setRole.needsGrid(role))
}

/** A role word: 网格员 …, or an English role name. */
const toRole = (w: string): Role | undefined => t.setRole.roleWords[w] ?? ROLES.find((r) => r === w.toLowerCase())

/** #设置 @成员… <角色> */
export const setRole = defineCommand({
  text: t.setRole,
  // Dozens of @-names stand in the text.
  limit: { chars: MAX_INBOUND_CHARS },
  role: 'admin',
  groupOnly: true,
  args: [mentions('who', t.setRole.args.who), lastWord('role', t.setRole.args.role, toRole)],
  run: (ctx) => {
    const { who, role } = ctx.args
    if (who.length === 0) refuse(t.setRole.noMentions)
    const dir = ctx.deps.repos.directory
    // 居民 clears whatever roles this group's grid, community or street gave; it needs no scope of its own.
    const scope = role === 'resident' ? undefined : scopeFor(ctx, role)
    const names = who.map((id) => {
      const member = ctx.deps.repos.members.get(ctx.msg.roomId!, id)
      const name = member?.name ?? id
      if (scope) dir.setRole({ contactId: id, name, role, scopeKind: scope.kind, scopeId: scope.id }, ctx.now)
      else clearScopedRoles(ctx, id)
      // The reply names them as the group knows them: the whole nickname, never the name parsed out of it.
      return member?.nickname ?? ctx.msg.mentionNames?.[ctx.msg.mentionIds.indexOf(id)] ?? id
    })
    return [replyTo(ctx.msg, t.setRole.done(names, role))]
  },
})

/** Clears the roles this group's grid, community, street or department gave a member (those that can be set here). */
function clearScopedRoles(ctx: CommandContext, contactId: string): void {
  for (const kind of ['grid', 'community', 'street', 'department'] as const) {
    try {
      const s = scopeFor(ctx, kind === 'grid' ? 'worker' : kind)
      ctx.deps.repos.directory.clearRole(contactId, s.kind, s.id)
    } catch (err) {
      // No such scope here: nothing of that kind to clear.
      if (!(err instanceof Refusal)) throw err
    }
  }
}

/** #名单: roles in this group. */
export const roster = defineCommand({
  text: t.roster,
  role: 'admin',
  groupOnly: true,
  run: ({ deps, msg: m, group }) => {
    const members = deps.repos.members.list(m.roomId!)
    const byRole = new Map<Role, string[]>()
    let residents = 0
    for (const mm of members) {
      if (mm.contactId === deps.bot.id || deps.ours?.(mm.contactId)) continue
      const top = roleInGroup(deps, mm.contactId, group)
      if (top === 'resident') residents++
      else byRole.set(top, [...(byRole.get(top) ?? []), mm.nickname])
    }
    const lines = [...ROLES]
      .reverse()
      .filter((r) => byRole.has(r))
      .map((r) => t.roster.line(r, byRole.get(r)!))
    // With several accounts, which one answers here (the owner, or who carries the group while it is unhealthy).
    const owner = deps.botOf ? deps.repos.accounts.ownerOf(m.roomId!) : undefined
    const answerer = owner === undefined ? undefined : deps.repos.accounts.answererOf(m.roomId!)
    const account = owner === undefined ? [] : [t.roster.account(owner, answerer !== owner ? answerer : undefined)]
    return [replyTo(m, [t.roster.header(group?.topic ?? ''), ...lines, t.roster.residents(residents), ...account].join('\n'))]
  },
})

/** #解绑 */
export const unbind = defineCommand({
  text: t.unbind,
  role: 'admin',
  groupOnly: true,
  run: ({ deps, msg: m, group, now }) => {
    if (!group?.kind) refuse(t.notBound)
    deps.repos.directory.bindGroup(m.roomId!, { kind: null }, now)
    return [replyTo(m, t.unbind.done)]
  },
})
