import { inScope, type CaseCommand } from '../domain/case-machine.js'
import { isOverdue } from '../domain/clocks.js'
import { CATEGORY_LABELS, type Category } from '../domain/types.js'
import { formatLocation } from '../parse/location.js'
import { parseNickname } from '../parse/nickname.js'
import type { Case } from '../store/cases-repo.js'
import type { CaseFilter } from '../store/case-queries.js'
import { toStaffScope } from './actor.js'
import { caseNumberAndRest, words } from './args.js'
import { act, type ActResult } from './case-actions.js'
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

/**
 * A staff command that is one transition of the case machine: `#<word> <编号> [text]`, then what to say
 * once the change is stored.
 */
function defineCaseAction(spec: {
  name: string; alias: string; usage: string; summary: string; textRequired: boolean; action: CaseCommand
  say(ctx: CommandContext, r: Extract<ActResult, { ok: true }>, text: string): Outgoing[]
}) {
  return defineCommand({
    name: spec.name, aliases: [spec.alias], role: 'worker', usage: spec.usage, summary: spec.summary,
    run: (ctx) => {
      const { id, rest } = caseNumberAndRest(ctx.args, spec.textRequired)
      const r = act(ctx, id, spec.action, rest)
      return r.ok ? spec.say(ctx, r, rest) : r.out
    },
  })
}

/** #受理 <编号> */
export const accept = defineCaseAction({
  name: '受理', alias: 'accept', usage: '#受理 <编号>', summary: '签收案件', textRequired: false, action: { action: 'accept' },
  say: (ctx, { after }) => [replyTo(ctx.msg, wmsg.accepted(after.id)), toReporter(after, wmsg.toReporterAccepted(after.id, after.assigneeName ?? shortName(ctx)))],
})

/** #进展 <编号> <内容>: the first one is the response to the reporter. */
export const progress = defineCaseAction({
  name: '进展', alias: 'progress', usage: '#进展 <编号> <内容>', summary: '记录处理进展', textRequired: true, action: { action: 'progress' },
  say: (ctx, { before, after }, text) => [
    replyTo(ctx.msg, wmsg.progressed(after.id)),
    ...(before.respondedAt === null ? [toReporter(after, wmsg.toReporterProgress(after.id, text))] : []),
  ],
})

/** #办结 <编号> <结果>: the reporter is told and asked to rate. */
export const resolve = defineCaseAction({
  name: '办结', alias: 'resolve', usage: '#办结 <编号> <结果>', summary: '办结案件，请报事人评价', textRequired: true, action: { action: 'resolve' },
  say: (ctx, { after }, text) => [replyTo(ctx.msg, wmsg.resolved(after.id)), toReporter(after, wmsg.toReporterResolved(after.id, text))],
})

/** #退回 <编号> <原因>: back to community staff for dispatch. */
export const giveBack = defineCaseAction({
  name: '退回', alias: 'return', usage: '#退回 <编号> <原因>', summary: '不属本网格，退回社区分派', textRequired: true, action: { action: 'return' },
  say: (ctx, { after: a }, reason) => [
    replyTo(ctx.msg, wmsg.returned(a.id)),
    ...(a.communityId ? toCommunityStaff(ctx.deps, a.communityId, wmsg.toCommunityReturned(a.id, gridLabel(ctx, a), a.category, shortName(ctx), reason), 'push') : []),
    toReporter(a, wmsg.toReporterReturned(a.id)),
  ],
})

/** #挂起 <编号> <原因> */
export const hold = defineCaseAction({
  name: '挂起', alias: 'hold', usage: '#挂起 <编号> <原因>', summary: '暂停时限（如等配件、等业主）', textRequired: true, action: { action: 'hold' },
  say: (ctx, { after }) => [replyTo(ctx.msg, wmsg.held(after.id))],
})

/** #恢复 <编号> */
export const resume = defineCaseAction({
  name: '恢复', alias: 'resume', usage: '#恢复 <编号>', summary: '恢复挂起的案件', textRequired: false, action: { action: 'resume' },
  say: (ctx, { after }) => [replyTo(ctx.msg, wmsg.resumed(after.id))],
})

/** #重开 <编号> [原因] */
export const reopen = defineCaseAction({
  name: '重开', alias: 'reopen', usage: '#重开 <编号> [原因]', summary: '重新处理已办结的案件', textRequired: false, action: { action: 'reopen' },
  say: (ctx, { after: a }, reason) => [
    replyTo(ctx.msg, wmsg.reopened(a.id)),
    toReporter(a, wmsg.toReporterReopened(a.id)),
    ...(a.assigneeId && a.assigneeId !== ctx.actor.id ? [toContact(a.assigneeId, wmsg.reopened(a.id) + (reason ? `：${reason}` : ''))] : []),
  ],
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

