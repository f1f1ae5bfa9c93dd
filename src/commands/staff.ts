import { toStaffScope } from '../domain/actor.js'
import { transitionCase, type Transition } from '../domain/case-actions.js'
import { inScope, type CaseCommand } from '../domain/case-machine.js'
import { isOverdue } from '../domain/clocks.js'
import type { Case, CaseFilter, Outgoing } from '../domain/model.js'
import { replyTo, toContact, toRoom } from '../domain/outgoing.js'
import { refuse } from '../domain/refusal.js'
import { casePhotos, forwardPhotos } from '../domain/photos.js'
import { toCommunityStaff } from '../domain/staff-groups.js'
import { recategorizeCase } from '../domain/recategorize.js'
import { categoryOfWord } from '../parse/category.js'
import { formatLocation } from '../parse/location.js'
import { parseNickname } from '../parse/nickname.js'
import { caseText } from '../text/cases.js'
import { commonText } from '../text/common.js'
import { caseNumber, known, mention, rest, word } from './args.js'
import { defineCommand, type CommandContext, type CommandWords } from './types.js'

const LIST_LIMIT = 20

/** A short line to the reporter: an @ in the grid group the case came from, or privately for a case reported privately. */
export function toReporter(c: Case, text: string): Outgoing {
  return c.filedPrivately ? toContact(c.reporterId, text) : toRoom(c.roomId, text, [c.reporterId], 'push')
}

/** The person's name without the building and unit of their nickname. */
const shortName = (ctx: CommandContext) => parseNickname(ctx.actor.name).name
const gridLabel = (ctx: CommandContext, c: Case) => ctx.deps.repos.caseQueries.gridLabel(c.gridId)

/** #指派 <编号> @某人: only to staff whose scope covers the case. */
export const assign = defineCommand({
  text: caseText.assign,
  role: 'worker',
  args: [caseNumber(), mention('target', caseText.assign.args.target, caseText.assign.noMention)],
  run: (ctx) => {
    const { id, target } = ctx.args
    const c = ctx.deps.repos.cases.get(id)
    const held = ctx.deps.repos.directory.rolesOf(target)
    const name = (ctx.msg.roomId && ctx.deps.repos.members.get(ctx.msg.roomId, target)?.name) || parseNickname(held[0]?.name ?? target).name
    if (c && inScope(ctx.actor.scope, c) && !inScope(toStaffScope(held), c)) refuse(caseText.assign.notStaffInScope(name, id))
    const { after: a } = transitionCase(ctx.deps, ctx.actor, id, { action: 'assign', assignee: { id: target, name } }, name, ctx.now)
    // The new handler gets the reporter's photos too, after the case (unless they sent them themself).
    const photos = target === a.reporterId ? [] : casePhotos(ctx.deps, id)
    return [
      replyTo(ctx.msg, caseText.assign.done(id, name)),
      toContact(
        target,
        caseText.assign.toAssignee(id, gridLabel(ctx, a), a.category, formatLocation(a.location), a.text, shortName(ctx), photos.length),
        a.urgency === 'urgent' ? 'urgent' : 'push',
      ),
      ...forwardPhotos(a, target, photos),
    ]
  },
})

/**
 * A staff command that is one transition of the case machine: `#<word> <编号> [text]`, then what to say
 * once the change is stored.
 */
function defineCaseAction(spec: {
  text: CommandWords & { args?: { [k: string]: string } }
  textRequired: boolean
  action: CaseCommand
  say(ctx: CommandContext, r: Transition, text: string): Outgoing[]
}) {
  const label = Object.values(spec.text.args ?? {})[0]
  return defineCommand({
    text: spec.text,
    role: 'worker',
    args: label ? [caseNumber(), rest('text', label, { optional: !spec.textRequired })] : [caseNumber()],
    run: (ctx) => {
      const { id } = ctx.args
      const text = 'text' in ctx.args ? (ctx.args.text as string) : ''
      return spec.say(ctx, transitionCase(ctx.deps, ctx.actor, id, spec.action, text, ctx.now), text)
    },
  })
}

/** #受理 <编号> */
export const accept = defineCaseAction({
  text: caseText.accept,
  textRequired: false,
  action: { action: 'accept' },
  say: (ctx, { after }) => [
    replyTo(ctx.msg, caseText.accept.done(after.id)),
    toReporter(after, caseText.accept.toReporter(after.id, after.assigneeName ?? shortName(ctx))),
  ],
})

/** #进展 <编号> <内容>: the first one is the response to the reporter. */
export const progress = defineCaseAction({
  text: caseText.progress,
  textRequired: true,
  action: { action: 'progress' },
  say: (ctx, { before, after }, text) => [
    replyTo(ctx.msg, caseText.progress.done(after.id)),
    ...(before.respondedAt === null ? [toReporter(after, caseText.progress.toReporter(after.id, text))] : []),
  ],
})

/** #办结 <编号> <结果>: the reporter is told and asked to rate. */
export const resolve = defineCaseAction({
  text: caseText.resolve,
  textRequired: true,
  action: { action: 'resolve' },
  say: (ctx, { after }, text) => [
    replyTo(ctx.msg, caseText.resolve.done(after.id)),
    toReporter(after, caseText.resolve.toReporter(after.id, text)),
  ],
})

/** #退回 <编号> <原因>: back to community staff for dispatch. */
export const giveBack = defineCaseAction({
  text: caseText.return,
  textRequired: true,
  action: { action: 'return' },
  say: (ctx, { after: a }, reason) => [
    replyTo(ctx.msg, caseText.return.done(a.id)),
    ...(a.communityId
      ? toCommunityStaff(
          ctx.deps,
          a.communityId,
          caseText.return.toCommunity(a.id, gridLabel(ctx, a), a.category, shortName(ctx), reason),
          'push',
        )
      : []),
    toReporter(a, caseText.return.toReporter(a.id)),
  ],
})

/** #挂起 <编号> <原因> */
export const hold = defineCaseAction({
  text: caseText.hold,
  textRequired: true,
  action: { action: 'hold' },
  say: (ctx, { after }) => [replyTo(ctx.msg, caseText.hold.done(after.id))],
})

/** #恢复 <编号> */
export const resume = defineCaseAction({
  text: caseText.resume,
  textRequired: false,
  action: { action: 'resume' },
  say: (ctx, { after }) => [replyTo(ctx.msg, caseText.resume.done(after.id))],
})

/** #改类 <编号> <类别>: by the label or either half of it (安全隐患, 安全, 隐患); the clocks follow. */
export const recategorize = defineCommand({
  text: caseText.recategorize,
  role: 'worker',
  args: [caseNumber(), known('category', caseText.recategorize.args.category, categoryOfWord, caseText.recategorize.badCategory)],
  run: (ctx) => recategorizeCase(ctx.deps, ctx.msg, ctx.actor, ctx.args.id, ctx.args.category, 'staff', ctx.now),
})

/** #重开 <编号> [原因] */
export const reopen = defineCaseAction({
  text: caseText.reopen,
  textRequired: false,
  action: { action: 'reopen' },
  say: (ctx, { after: a }, reason) => [
    replyTo(ctx.msg, caseText.reopen.done(a.id)),
    toReporter(a, caseText.reopen.toReporter(a.id)),
    ...(a.assigneeId && a.assigneeId !== ctx.actor.id ? [toContact(a.assigneeId, caseText.reopen.toAssignee(a.id, reason))] : []),
  ],
})

/** What a #案件 word asks for: a state filter, a category, else a grid name. */
function toFilter(w: string): CaseFilter {
  const kind = (caseText.list.filterWords as Record<string, Exclude<CaseFilter['kind'], 'category' | 'grid'> | undefined>)[w]
  if (kind) return { kind }
  const category = categoryOfWord(w)
  return category ? { kind: 'category', category } : { kind: 'grid', gridName: w }
}

/** #案件 [filter]: newest overdue first, at most 20 lines. */
export const listCases = defineCommand({
  text: caseText.list,
  role: 'worker',
  args: [word('filter', caseText.list.args.filter, { optional: true })],
  run: (ctx) => {
    if (ctx.group?.kind === 'grid') refuse(commonText.staffOnlyHere)
    const t = caseText.list
    const w = ctx.args.filter ?? t.defaultFilter
    const filter = toFilter(w)
    const { rows, total } = ctx.deps.repos.caseQueries.list(ctx.actor.scope, filter, ctx.now, ctx.actor.id, LIST_LIMIT)
    if (total === 0) refuse(filter.kind === 'grid' && !t.gridSuffix.test(w) ? commonText.usage(listCases.usage) : t.empty(w))
    const lines = rows.map((c) =>
      t.line(
        c.id,
        ctx.deps.repos.caseQueries.gridLabel(c.gridId),
        c.category,
        c.state,
        isOverdue(c.nextDueAt, ctx.now) ? t.late((ctx.now - c.nextDueAt!) / 60_000) : '',
      ),
    )
    return [replyTo(ctx.msg, [t.header(w, total), ...lines, ...(total > rows.length ? [t.more(total - rows.length)] : [])].join('\n'))]
  },
})
