import { findAckTargets, recipientsInScope } from '../domain/ack-for.js'
import { roleInGroup } from '../domain/actor.js'
import type { GroupInfo, Notice, Outgoing } from '../domain/model.js'
import { acknowledge, closeNotice, mayManage, publishNotice, receiptText, remind } from '../domain/notices.js'
import { replyTo } from '../domain/outgoing.js'
import { refuse } from '../domain/refusal.js'
import { canActAs } from '../domain/roles.js'
import { commonText } from '../text/common.js'
import { noticeText as t } from '../text/notices.js'
import { named, noticeNumber, rest } from './args.js'
import { MAX_INBOUND_CHARS } from './handle-message.js'
import { defineCommand, type CommandContext, type CommandSpec } from './types.js'

/** Longest notice accepted (it is split into messages of under 500 characters). */
export const MAX_NOTICE_CHARS = 1500

/** The grid groups a staff group's #通知 names ("4号网格,5号网格" or 全部网格) and the notice text; refuses otherwise. */
function staffTargets(ctx: CommandContext, group: GroupInfo, args: string, usage: string): { targets: GroupInfo[]; text: string } {
  const m = t.targets.exec(args)
  if (!m) refuse(commonText.usage(usage))
  const scope =
    group.communityId !== null ? { communityId: group.communityId } : group.streetId !== null ? { streetId: group.streetId } : undefined
  if (!scope) refuse(t.noGridGroupsHere)
  const bound = ctx.deps.repos.directory.gridGroups(scope)
  if (t.allGrids.test(m[1]!)) return bound.length ? { targets: bound, text: m[2]!.trim() } : refuse(t.noGridGroupsHere)
  const names = m[1]!.split(t.gridSeparator).filter(Boolean)
  if (!names.every((n) => t.gridName.test(n))) refuse(commonText.usage(usage))
  const grids = ctx.deps.repos.directory.gridsIn(scope)
  const find = (name: string) => grids.filter((g) => g.name === name || `${g.communityName}${g.name}` === name)
  const unknown = names.filter((n) => find(n).length === 0)
  if (unknown.length) refuse(t.unknownGrids(unknown))
  const ids = new Set(names.flatMap((n) => find(n).map((g) => g.id)))
  const targets = bound.filter((g) => ids.has(g.gridId!))
  const unbound = names.filter((n) => !find(n).some((g) => targets.some((x) => x.gridId === g.id)))
  if (unbound.length) refuse(t.gridsWithoutGroup(unbound))
  return { targets, text: m[2]!.trim() }
}

/** #通知 <内容> in a grid group; #通知 4号网格,5号网格 <内容> (or 全部网格) in a staff group. */
export const notice: CommandSpec<{ text: string }> = defineCommand({
  text: t.notice,
  limit: { chars: MAX_NOTICE_CHARS, what: t.what },
  role: 'leader',
  groupOnly: true,
  args: [rest('text', t.notice.args.text)],
  run: (ctx) => {
    const { deps, msg: m, group, actor, now } = ctx
    const picked =
      group?.kind === 'grid'
        ? { targets: [group], text: ctx.args.text }
        : group?.kind === 'staff'
          ? staffTargets(ctx, group, ctx.args.text, notice.usage)
          : refuse(t.notInGridOrStaffGroup)
    const refused = picked.targets.find((g) => !canActAs(roleInGroup(deps, actor.id, g), 'leader'))
    if (refused) refuse(t.notYourGrid(refused.gridName ?? ''))
    return publishNotice(deps, m, actor, picked.targets, picked.text, now).out
  },
})

/** The notice a command names, or the newest one of this group (or, in private, of this author); refuses otherwise. */
function pickNotice(ctx: CommandContext, id: number | undefined): Notice {
  const { deps, msg: m, actor } = ctx
  const n =
    id !== undefined
      ? deps.repos.notices.get(id)
      : m.roomId
        ? deps.repos.notices.latestInRoom(m.roomId)
        : deps.repos.notices.latestByAuthor(actor.id)
  if (!n) refuse(id !== undefined ? t.noSuchNotice(id) : t.noNotices)
  if (!mayManage(deps, actor, n)) refuse(t.notYourNotice(n.id))
  return n
}

/** #回执 [通知编号] */
export const receipt = defineCommand({
  text: t.acks,
  role: 'leader',
  args: [noticeNumber('id', { optional: true })],
  run: (ctx) => [replyTo(ctx.msg, receiptText(ctx.deps, pickNotice(ctx, ctx.args.id)))],
})

/** #提醒 [通知编号]: @ the non-responders now, at most once per 10 minutes. */
export const remindNow = defineCommand({
  text: t.remind,
  role: 'leader',
  args: [noticeNumber('id', { optional: true })],
  run: (ctx) => {
    const n = pickNotice(ctx, ctx.args.id)
    const { deps, msg: m, now } = ctx
    if (n.closedAt !== null) refuse(t.closedAlready(n.id))
    const gap = deps.policy.notices.minGap
    if (n.lastRemindAt !== null && now - n.lastRemindAt < gap) {
      refuse(t.remindTooSoon(n.id, Math.ceil((gap - (now - n.lastRemindAt)) / 60_000)))
    }
    if (deps.repos.notices.pending(n.id).length === 0) refuse(t.nobodyPending(n.id))
    const r = remind(deps, n, now, false)
    const sameRoom = r.out.some((o) => o.conversationId === m.roomId)
    return sameRoom ? r.out : [replyTo(m, t.reminded(n.id, r.count)), ...r.out]
  },
})

/**
 * #代确认 <通知编号> @成员…: members told in person or by phone. In a private chat (no real mentions) they are
 * named by nickname, name, room or the numbers of the door-knocking list; only recipients in the sender's grids.
 */
export const ackFor = defineCommand({
  text: t.ackFor,
  // Dozens of @-names stand in the text.
  limit: { chars: MAX_INBOUND_CHARS },
  role: 'leader',
  args: [noticeNumber('id'), named('who', t.ackFor.args.who)],
  run: (ctx) => {
    const n = pickNotice(ctx, ctx.args.id)
    const { deps, msg: m, actor, now } = ctx
    const { text, mentionIds } = ctx.args.who
    const mentions = mentionIds.map((id) => ({ id, name: m.mentionNames?.[m.mentionIds.indexOf(id)] }))
    const found = findAckTargets(recipientsInScope(deps, actor, n), text, mentions)
    const out: Outgoing[] = []
    let count = 0
    for (const id of found.ids) {
      const r = acknowledge(deps, n.id, id, { at: now, how: 'proxy', text: '', byId: actor.id })
      if (r.changed) count++
      out.push(...r.out)
    }
    const which = found.ambiguous.map((a) => t.whichMember(a.word, a.names, found.hasDoorList))
    const { acked, total } = deps.repos.notices.counts(n.id)
    const lines =
      found.ids.length || !which.length
        ? [t.ackedFor(n.id, count, acked, total, found.notListed), ...which]
        : [...which, ...notListedLine(found)]
    return [replyTo(m, lines.join('\n')), ...out]
  },
})

const notListedLine = (found: { notListed: string[] }) => (found.notListed.length ? [t.notListed(found.notListed)] : [])

/** #结束通知 [通知编号]: stops reminders and sends the summary now. */
export const closeNoticeCommand = defineCommand({
  text: t.close,
  role: 'leader',
  args: [noticeNumber('id', { optional: true })],
  run: (ctx) => {
    const n = pickNotice(ctx, ctx.args.id)
    if (n.closedAt !== null) refuse(t.closedAlready(n.id))
    return [replyTo(ctx.msg, t.closedByCommand(n.id)), ...closeNotice(ctx.deps, n, ctx.now, 'manual')]
  },
})
