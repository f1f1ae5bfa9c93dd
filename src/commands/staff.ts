import { inScope } from '../domain/case-machine.js'
import { isOverdue } from '../domain/clocks.js'
import { CATEGORY_LABELS, type Category } from '../domain/types.js'
import { formatLocation } from '../parse/location.js'
import { parseNickname } from '../parse/nickname.js'
import type { Case } from '../store/cases-repo.js'
import type { CaseFilter } from '../store/case-queries.js'
import { toStaffScope } from './actor.js'
import { caseNumberAndRest, words } from './args.js'
import { act } from './case-actions.js'
import { toCommunityStaff } from './intake.js'
import { replyTo, toContact, toRoom } from './replies.js'
import { defineCommand, type CommandContext, type Outgoing } from './types.js'
import { wmsg } from './workflow-messages.js'

const LIST_LIMIT = 20

/** A short line to the reporter: an @ in the grid group the case came from. */
export function toReporter(c: Case, text: string): Outgoing {
  return toRoom(c.roomId, text, [c.reporterId], 'push')
}

/** The person's name without the building and unit of their nickname. */
function shortName(ctx: CommandContext): string {
  return parseNickname(ctx.actor.name).name
}

function gridLabel(ctx: CommandContext, c: Case): string {
  return ctx.deps.repos.caseQueries.gridLabel(c.gridId)
}

/** #受理 <编号> */
export const accept = defineCommand({
  name: '受理', aliases: ['accept'], role: 'worker', usage: '#受理 <编号>', summary: '签收案件',
  run: (ctx) => {
    const { id } = caseNumberAndRest(ctx.args, false)
    const r = act(ctx, id, { action: 'accept' })
    if (!r.ok) return r.out
    if (!r.before.assigneeId) ctx.deps.repos.cases.update(id, { assigneeName: shortName(ctx) }, ctx.now)
    return [replyTo(ctx.msg, wmsg.accepted(id)), toReporter(r.after, wmsg.toReporterAccepted(id, r.before.assigneeName ?? shortName(ctx)))]
  },
})

/** #指派 <编号> @某人: only to staff whose scope covers the case. */
export const assign = defineCommand({
  name: '指派', aliases: ['assign'], role: 'worker', usage: '#指派 <编号> @某人', summary: '把案件交给另一位工作人员',
  run: (ctx) => {
    const { id } = caseNumberAndRest(ctx.args, false)
    const targetId = ctx.mentionIds[0]
    if (!targetId) return [replyTo(ctx.msg, wmsg.noMention)]
    const c = ctx.deps.repos.cases.get(id)
    const held = ctx.deps.repos.directory.rolesOf(targetId)
    const name = (ctx.msg.roomId && ctx.deps.repos.members.get(ctx.msg.roomId, targetId)?.name) || parseNickname(held[0]?.name ?? targetId).name
    if (c && inScope(ctx.actor.scope, c) && !inScope(toStaffScope(held), c)) return [replyTo(ctx.msg, wmsg.notStaffInScope(name, id))]
    const r = act(ctx, id, { action: 'assign', assignee: { id: targetId, name } }, name)
    if (!r.ok) return r.out
    const a = r.after
    return [
      replyTo(ctx.msg, wmsg.assigned(id, name)),
      toContact(targetId, wmsg.toAssignee(id, gridLabel(ctx, a), a.category, formatLocation(a.location), a.text, shortName(ctx)), a.urgency === 'urgent' ? 'urgent' : 'push'),
    ]
  },
})

/** #进展 <编号> <内容>: the first one is the response to the reporter. */
export const progress = defineCommand({
  name: '进展', aliases: ['progress'], role: 'worker', usage: '#进展 <编号> <内容>', summary: '记录处理进展',
  run: (ctx) => {
    const { id, rest } = caseNumberAndRest(ctx.args, true)
    const r = act(ctx, id, { action: 'progress' }, rest)
    if (!r.ok) return r.out
    const out = [replyTo(ctx.msg, wmsg.progressed(id))]
    if (r.before.respondedAt === null) out.push(toReporter(r.after, wmsg.toReporterProgress(id, rest)))
    return out
  },
})

/** #办结 <编号> <结果>: the reporter is told and asked to rate. */
export const resolve = defineCommand({
  name: '办结', aliases: ['resolve'], role: 'worker', usage: '#办结 <编号> <结果>', summary: '办结案件，请报事人评价',
  run: (ctx) => {
    const { id, rest } = caseNumberAndRest(ctx.args, true)
    const r = act(ctx, id, { action: 'resolve' }, rest)
    if (!r.ok) return r.out
    return [replyTo(ctx.msg, wmsg.resolved(id)), toReporter(r.after, wmsg.toReporterResolved(id, rest))]
  },
})

/** #退回 <编号> <原因>: back to community staff for dispatch. */
export const giveBack = defineCommand({
  name: '退回', aliases: ['return'], role: 'worker', usage: '#退回 <编号> <原因>', summary: '不属本网格，退回社区分派',
  run: (ctx) => {
    const { id, rest } = caseNumberAndRest(ctx.args, true)
    const r = act(ctx, id, { action: 'return' }, rest)
    if (!r.ok) return r.out
    const a = r.after
    const toStaff = a.communityId ? toCommunityStaff(ctx.deps, a.communityId, wmsg.toCommunityReturned(id, gridLabel(ctx, a), a.category, shortName(ctx), rest), 'push') : []
    return [replyTo(ctx.msg, wmsg.returned(id)), ...toStaff, toReporter(a, wmsg.toReporterReturned(id))]
  },
})

/** #挂起 <编号> <原因> */
export const hold = defineCommand({
  name: '挂起', aliases: ['hold'], role: 'worker', usage: '#挂起 <编号> <原因>', summary: '暂停时限（如等配件、等业主）',
  run: (ctx) => {
    const { id, rest } = caseNumberAndRest(ctx.args, true)
    const r = act(ctx, id, { action: 'hold' }, rest)
    return r.ok ? [replyTo(ctx.msg, wmsg.held(id))] : r.out
  },
})

/** #恢复 <编号> */
export const resume = defineCommand({
  name: '恢复', aliases: ['resume'], role: 'worker', usage: '#恢复 <编号>', summary: '恢复挂起的案件',
  run: (ctx) => {
    const { id } = caseNumberAndRest(ctx.args, false)
    const r = act(ctx, id, { action: 'resume' })
    return r.ok ? [replyTo(ctx.msg, wmsg.resumed(id))] : r.out
  },
})

/** #重开 <编号> [原因] */
export const reopen = defineCommand({
  name: '重开', aliases: ['reopen'], role: 'worker', usage: '#重开 <编号> [原因]', summary: '重新处理已办结的案件',
  run: (ctx) => {
    const { id, rest } = caseNumberAndRest(ctx.args, false)
    const r = act(ctx, id, { action: 'reopen' }, rest)
    if (!r.ok) return r.out
    const out = [replyTo(ctx.msg, wmsg.reopened(id)), toReporter(r.after, wmsg.toReporterReopened(id))]
    if (r.after.assigneeId && r.after.assigneeId !== ctx.actor.id) out.push(toContact(r.after.assigneeId, wmsg.reopened(id) + (rest ? `：${rest}` : '')))
    return out
  },
})

const FILTER_WORDS: Record<string, CaseFilter> = {
  未办结: { kind: 'open' }, 超期: { kind: 'overdue' }, 紧急: { kind: 'urgent' }, 待受理: { kind: 'unsigned' },
  已办结: { kind: 'done' }, 我的: { kind: 'mine' },
}
const CATEGORY_WORDS: Record<string, Category> = Object.fromEntries(
  Object.entries(CATEGORY_LABELS).flatMap(([k, label]) => [[label, k], [label.slice(0, 2), k], [label.slice(2), k]]),
) as Record<string, Category>

/** #案件 [filter]: newest overdue first, at most 20 lines. */
export const listCases = defineCommand({
  name: '案件', aliases: ['cases'], role: 'worker',
  usage: '#案件 [未办结/超期/紧急/待受理/已办结/<类别>/<网格>/我的]', summary: '查看负责范围内的案件',
  run: (ctx) => {
    if (ctx.group?.kind === 'grid') return [replyTo(ctx.msg, wmsg.staffOnlyHere)]
    const word = words(ctx.args)[0] ?? '未办结'
    const filter: CaseFilter = FILTER_WORDS[word]
      ?? (CATEGORY_WORDS[word] ? { kind: 'category', category: CATEGORY_WORDS[word] } : { kind: 'grid', gridName: word })
    const { rows, total } = ctx.deps.repos.caseQueries.list(ctx.actor.scope, filter, ctx.now, ctx.actor.id, LIST_LIMIT)
    if (total === 0) return [replyTo(ctx.msg, filter.kind === 'grid' && !/网格$/.test(word) ? wmsg.badFilter : wmsg.listEmpty(word))]
    const lines = rows.map((c) => wmsg.listLine(c.id, ctx.deps.repos.caseQueries.gridLabel(c.gridId), c.category, c.state,
      isOverdue(c.nextDueAt, ctx.now) ? wmsg.late((ctx.now - c.nextDueAt!) / 60_000) : ''))
    return [replyTo(ctx.msg, [wmsg.listHeader(word, total), ...lines, ...(total > rows.length ? [wmsg.listMore(total - rows.length)] : [])].join('\n'))]
  },
})

