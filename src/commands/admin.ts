import { ROLES, type Role, type ScopeKind } from '../domain/types.js'
import { roleInGroup } from './actor.js'
import { words } from './args.js'
import { msg, ROLE_WORDS } from './messages.js'
import { replyTo } from './replies.js'
import { defineCommand, UsageError, type CommandContext } from './types.js'

const STREET_SUFFIX = /(街道|镇|乡)$/
const COMMUNITY_SUFFIX = /(社区|村)$/

/** #绑定网格 [<街道>] <社区> <网格> */
export const bindGrid = defineCommand({
  name: '绑定网格', aliases: ['bind-grid'], role: 'admin', groupOnly: true,
  usage: '#绑定网格 [<街道>] <社区> <网格>', summary: '把本群绑定为网格群',
  run: ({ deps, msg: m, args, now }) => {
    const w = words(args)
    if (w.length < 2 || w.length > 3) throw new UsageError()
    const [street, community, grid] = w.length === 3 ? w : [undefined, w[0]!, w[1]!]
    const dir = deps.repos.directory
    const streetId = street ? dir.upsertStreet(street) : undefined
    const communityId = dir.upsertCommunity(community!, streetId)
    const gridId = dir.upsertGrid(communityId, grid!)
    dir.bindGroup(m.roomId!, { kind: 'grid', gridId }, now)
    const g = dir.group(m.roomId!)!
    return [replyTo(m, msg.bound(g.streetName, community!, grid!))]
  },
})

/** #绑定工作群 <社区或街道> */
export const bindStaffGroup = defineCommand({
  name: '绑定工作群', aliases: ['bind-staff-group'], role: 'admin', groupOnly: true,
  usage: '#绑定工作群 <社区或街道>', summary: '把本群设为社区或街道工作群',
  run: ({ deps, msg: m, args, now }) => {
    const name = args.trim()
    if (!name || /\s/.test(name)) throw new UsageError()
    const dir = deps.repos.directory
    if (STREET_SUFFIX.test(name)) dir.bindGroup(m.roomId!, { kind: 'staff', streetId: dir.upsertStreet(name) }, now)
    else if (COMMUNITY_SUFFIX.test(name)) dir.bindGroup(m.roomId!, { kind: 'staff', communityId: dir.upsertCommunity(name) }, now)
    else return [replyTo(m, msg.badStaffName)]
    return [replyTo(m, msg.staffBound(name))]
  },
})

/** The scope a role set in this group applies to, or the reason it can't be set here. */
function scopeFor(ctx: CommandContext, role: Role): { kind: ScopeKind; id: number } | string {
  const g = ctx.group
  if (role === 'admin') return { kind: 'global', id: 0 }
  if (!g?.kind) return msg.notBound
  if (role === 'street') return g.streetId ? { kind: 'street', id: g.streetId } : msg.roleNeedsStreet
  if (role === 'community') return g.communityId ? { kind: 'community', id: g.communityId } : msg.roleNeedsGrid(role)
  return g.gridId ? { kind: 'grid', id: g.gridId } : msg.roleNeedsGrid(role)
}

/** #设置 @成员… <角色> */
export const setRole = defineCommand({
  name: '设置', aliases: ['set-role'], role: 'admin', groupOnly: true,
  usage: '#设置 @成员… <网格长/网格员/社区/街道/居民/管理员>', summary: '设置成员角色',
  run: (ctx) => {
    const roleWord = words(ctx.args).pop() ?? ''
    const role = ROLE_WORDS[roleWord] ?? (ROLES as readonly string[]).find((r) => r === roleWord.toLowerCase()) as Role | undefined
    if (!role) throw new UsageError()
    if (ctx.mentionIds.length === 0) return [replyTo(ctx.msg, msg.noMentions)]
    // 居民 clears whatever roles this group's grid, community or street gave; it needs no scope of its own.
    const scope = role === 'resident' ? undefined : scopeFor(ctx, role)
    if (typeof scope === 'string') return [replyTo(ctx.msg, scope)]
    const dir = ctx.deps.repos.directory
    const names = ctx.mentionIds.map((id) => {
      const name = ctx.deps.repos.members.get(ctx.msg.roomId!, id)?.name ?? id
      if (role === 'resident') {
        for (const kind of ['grid', 'community', 'street'] as const) {
          const s = scopeFor(ctx, kind === 'grid' ? 'worker' : kind)
          if (typeof s !== 'string') dir.clearRole(id, s.kind, s.id)
        }
      } else if (scope) {
        dir.setRole({ contactId: id, name, role, scopeKind: scope.kind, scopeId: scope.id }, ctx.now)
      }
      return name
    })
    return [replyTo(ctx.msg, msg.roleSet(names, role))]
  },
})

/** #名单: roles in this group. */
export const roster = defineCommand({
  name: '名单', aliases: ['roster'], role: 'admin', groupOnly: true, usage: '#名单', summary: '查看本群成员角色',
  run: ({ deps, msg: m, group }) => {
    const members = deps.repos.members.list(m.roomId!)
    const byRole = new Map<Role, string[]>()
    let residents = 0
    for (const mm of members) {
      if (mm.contactId === deps.bot.id) continue
      const top = roleInGroup(deps, mm.contactId, mm.nickname, group)
      if (top === 'resident') residents++
      else byRole.set(top, [...(byRole.get(top) ?? []), mm.name])
    }
    const lines = [...ROLES].reverse().filter((r) => byRole.has(r)).map((r) => msg.rosterLine(r, byRole.get(r)!))
    return [replyTo(m, [msg.rosterHeader(group?.topic ?? ''), ...lines, msg.rosterResidents(residents)].join('\n'))]
  },
})

/** #解绑 */
export const unbind = defineCommand({
  name: '解绑', aliases: ['unbind'], role: 'admin', groupOnly: true, usage: '#解绑', summary: '本群不再作为网格群或工作群',
  run: ({ deps, msg: m, group, now }) => {
    if (!group?.kind) return [replyTo(m, msg.notBound)]
    deps.repos.directory.bindGroup(m.roomId!, { kind: null }, now)
    return [replyTo(m, msg.unbound)]
  },
})
