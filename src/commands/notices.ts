import { canActAs } from '../domain/roles.js'
import { REMIND_GAP } from '../domain/notice-schedule.js'
import type { GroupInfo } from '../store/directory-repo.js'
import type { Notice } from '../store/notices-repo.js'
import { roleInGroup } from './actor.js'
import { words } from './args.js'
import { acknowledge, closeNotice, mayManage, publishNotice, receiptText, remind } from './notice-actions.js'
import { nmsg } from './notice-messages.js'
import { replyTo } from './replies.js'
import { defineCommand, UsageError, type CommandContext, type Outgoing } from './types.js'

/** Longest notice accepted (it is split into messages of under 500 characters). */
export const MAX_NOTICE_CHARS = 1500
const TARGETS = /^(全部网格|所有网格|[^\s,，、]+(?:[,，、]\s*[^\s,，、]+)*)\s+([\s\S]+)$/

/** The grid groups a staff group's #通知 names ("4号网格,5号网格" or 全部网格), or the line saying what is wrong. */
function staffTargets(ctx: CommandContext, group: GroupInfo): { targets: GroupInfo[]; text: string } | string {
  const m = TARGETS.exec(ctx.args.trim())
  if (!m) throw new UsageError()
  const scope = group.communityId !== null ? { communityId: group.communityId } : group.streetId !== null ? { streetId: group.streetId } : undefined
  if (!scope) return nmsg.noGridGroupsHere
  const bound = ctx.deps.repos.directory.gridGroups(scope)
  if (/^(全部|所有)网格$/.test(m[1]!)) return bound.length ? { targets: bound, text: m[2]!.trim() } : nmsg.noGridGroupsHere
  const names = m[1]!.split(/[,，、]\s*/).filter(Boolean)
  if (!names.every((n) => /网格$/.test(n))) throw new UsageError()
  const grids = ctx.deps.repos.directory.gridsIn(scope)
  const find = (name: string) => grids.filter((g) => g.name === name || `${g.communityName}${g.name}` === name)
  const unknown = names.filter((n) => find(n).length === 0)
  if (unknown.length) return nmsg.unknownGrids(unknown)
  const ids = new Set(names.flatMap((n) => find(n).map((g) => g.id)))
  const targets = bound.filter((g) => ids.has(g.gridId!))
  const unbound = names.filter((n) => !find(n).some((g) => targets.some((t) => t.gridId === g.id)))
  if (unbound.length) return nmsg.gridsWithoutGroup(unbound)
  return { targets, text: m[2]!.trim() }
}

/** #通知 <内容> in a grid group; #通知 4号网格,5号网格 <内容> (or 全部网格) in a staff group. */
export const notice = defineCommand({
  name: '通知', aliases: ['notice'], role: 'leader', groupOnly: true, usage: nmsg.usageNotice, summary: '发通知，自动提醒未回复的居民',
  run: (ctx) => {
    const { deps, msg: m, group, actor, now } = ctx
    if (!ctx.args.trim()) throw new UsageError()
    let picked: { targets: GroupInfo[]; text: string } | string
    if (group?.kind === 'grid') picked = { targets: [group], text: ctx.args.trim() }
    else if (group?.kind === 'staff') picked = staffTargets(ctx, group)
    else picked = nmsg.notInGridOrStaffGroup
    if (typeof picked === 'string') return [replyTo(m, picked)]
    if (picked.text.length > MAX_NOTICE_CHARS) return [replyTo(m, nmsg.tooLong(MAX_NOTICE_CHARS))]
    const refused = picked.targets.find((g) => !canActAs(roleInGroup(deps, actor.id, actor.name, g), 'leader'))
    if (refused) return [replyTo(m, nmsg.notYourGrid(refused.gridName ?? ''))]
    return publishNotice(deps, m, actor, picked.targets, picked.text, now).out
  },
})

/** The notice a command names, or the newest one of this group (or, in private, of this author). */
function pickNotice(ctx: CommandContext, args: string): Notice | Outgoing[] {
  const { deps, msg: m, actor } = ctx
  const word = words(args)[0]
  if (word !== undefined && !/^#?\d{1,9}$/.test(word)) throw new UsageError()
  const id = word === undefined ? undefined : Number(word.replace('#', ''))
  const n = id !== undefined ? deps.repos.notices.get(id)
    : m.roomId ? deps.repos.notices.latestInRoom(m.roomId) : deps.repos.notices.latestByAuthor(actor.id)
  if (!n) return [replyTo(m, id !== undefined ? nmsg.noSuchNotice(id) : nmsg.noNotices)]
  if (!mayManage(deps, actor, n)) return [replyTo(m, nmsg.notYourNotice(n.id))]
  return n
}

/** #回执 [通知编号] */
export const receipt = defineCommand({
  name: '回执', aliases: ['acks'], role: 'leader', usage: '#回执 [通知编号]', summary: '谁确认了、谁还没有',
  run: (ctx) => {
    const n = pickNotice(ctx, ctx.args)
    return Array.isArray(n) ? n : [replyTo(ctx.msg, receiptText(ctx.deps, n))]
  },
})

/** #提醒 [通知编号]: @ the non-responders now, at most once per 10 minutes. */
export const remindNow = defineCommand({
  name: '提醒', aliases: ['remind'], role: 'leader', usage: '#提醒 [通知编号]', summary: '马上提醒未确认的居民',
  run: (ctx) => {
    const n = pickNotice(ctx, ctx.args)
    if (Array.isArray(n)) return n
    const { deps, msg: m, now } = ctx
    if (n.closedAt !== null) return [replyTo(m, nmsg.closedAlready(n.id))]
    if (n.lastRemindAt !== null && now - n.lastRemindAt < REMIND_GAP) {
      return [replyTo(m, nmsg.remindTooSoon(n.id, Math.ceil((REMIND_GAP - (now - n.lastRemindAt)) / 60_000)))]
    }
    if (deps.repos.notices.pending(n.id).length === 0) return [replyTo(m, nmsg.nobodyPending(n.id))]
    const r = remind(deps, n, now, false)
    const sameRoom = r.out.some((o) => o.conversationId === m.roomId)
    return sameRoom ? r.out : [replyTo(m, nmsg.reminded(n.id, r.count)), ...r.out]
  },
})

/** #代确认 <通知编号> @成员…: members told in person or by phone. */
export const ackFor = defineCommand({
  name: '代确认', aliases: ['ack-for'], role: 'leader', usage: nmsg.ackForUsage, summary: '替当面或电话告知的居民确认',
  run: (ctx) => {
    const [word] = words(ctx.args)
    if (!word || !/^#?\d{1,9}$/.test(word) || ctx.mentionIds.length === 0) throw new UsageError()
    const n = pickNotice(ctx, word)
    if (Array.isArray(n)) return n
    const { deps, msg: m, actor, now } = ctx
    const out: Outgoing[] = []
    const notListed: string[] = []
    let count = 0
    ctx.mentionIds.forEach((id) => {
      if (!deps.repos.notices.recipient(n.id, id)) return void notListed.push(m.mentionNames?.[m.mentionIds.indexOf(id)] ?? id)
      const r = acknowledge(deps, n.id, id, { at: now, how: 'proxy', text: '', byId: actor.id })
      if (r.changed) count++
      out.push(...r.out)
    })
    const { acked, total } = deps.repos.notices.counts(n.id)
    return [replyTo(m, nmsg.ackedFor(n.id, count, acked, total, notListed)), ...out]
  },
})

/** #结束通知 [通知编号]: stops reminders and sends the summary now. */
export const closeNoticeCommand = defineCommand({
  name: '结束通知', aliases: ['close-notice'], role: 'leader', usage: '#结束通知 [通知编号]', summary: '停止提醒并汇总回执',
  run: (ctx) => {
    const n = pickNotice(ctx, ctx.args)
    if (Array.isArray(n)) return n
    if (n.closedAt !== null) return [replyTo(ctx.msg, nmsg.closedAlready(n.id))]
    return [replyTo(ctx.msg, nmsg.closedByCommand(n.id)), ...closeNotice(ctx.deps, n, ctx.now, 'manual')]
  },
})
