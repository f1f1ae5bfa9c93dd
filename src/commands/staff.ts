import { transitionCase, type Transition } from '../domain/case-actions.js'
import type { CaseCommand } from '../domain/case-machine.js'
import { isOverdue } from '../domain/clocks.js'
import { askDispatcherToRate, assignCase, dispatchCase, escalateCase, returnCase, shortNameOf, toReporter } from '../domain/hand-on.js'
import type { CaseFilter, Outgoing } from '../domain/model.js'
import { replyTo, toContact } from '../domain/outgoing.js'
import { refuse } from '../domain/refusal.js'
import { ownerLabel, supervisionMark } from '../domain/staff-groups.js'
import { recategorizeCase } from '../domain/recategorize.js'
import { categoryOfWord } from '../parse/category.js'
import { caseText } from '../text/cases.js'
import { commonText } from '../text/common.js'
import { caseNumber, known, mention, rest, word } from './args.js'
import { defineCommand, type CommandContext, type CommandWords } from './types.js'

const LIST_LIMIT = 20

/** The person's name without the building and unit of their nickname. */
const shortName = (ctx: CommandContext) => shortNameOf(ctx.actor.name)

/** #指派 <编号> @某人: to someone who may own the case; a refusal says whom the sender may assign to. */
export const assign = defineCommand({
  text: caseText.assign,
  role: 'worker',
  args: [caseNumber(), mention('target', caseText.assign.args.target, caseText.assign.noMention)],
  run: (ctx) => assignCase(ctx.deps, ctx.msg, ctx.actor, ctx.args.id, ctx.args.target, ctx.now),
})

/** #上报 <编号> <原因>: one level up; the higher level's staff group is told and owns it. */
export const escalate = defineCommand({
  text: caseText.escalate,
  role: 'worker',
  args: [caseNumber(), rest('reason', caseText.escalate.args.reason)],
  run: (ctx) => escalateCase(ctx.deps, ctx.msg, ctx.actor, ctx.args.id, ctx.args.reason, ctx.now),
})

/** #派单 <编号> <部门> [说明]: community or street staff hand the case to a bound department. */
export const dispatch = defineCommand({
  text: caseText.dispatch,
  role: 'community',
  args: [
    caseNumber(),
    word('department', caseText.dispatch.args.department),
    rest('note', caseText.dispatch.args.note, { optional: true }),
  ],
  run: (ctx) => dispatchCase(ctx.deps, ctx.msg, ctx.actor, ctx.args.id, ctx.args.department!, ctx.args.note, ctx.now),
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

/**
 * #办结 <编号> <结果>: the reporter is told and asked to rate; a department's case also asks the staff of the
 * level that dispatched it to rate the department's response.
 */
export const resolve = defineCaseAction({
  text: caseText.resolve,
  textRequired: true,
  action: { action: 'resolve' },
  say: (ctx, { before, after }, text) => [
    replyTo(ctx.msg, caseText.resolve.done(after.id)),
    toReporter(after, caseText.resolve.toReporter(after.id, text)),
    ...askDispatcherToRate(ctx.deps, before, after, text),
  ],
})

/** #退回 <编号> <原因>: not ours — to the community's staff for dispatch, or from a department to whoever dispatched it. */
export const giveBack = defineCommand({
  text: caseText.return,
  role: 'worker',
  args: [caseNumber(), rest('reason', caseText.return.args.reason)],
  run: (ctx) => returnCase(ctx.deps, ctx.msg, ctx.actor, ctx.args.id, ctx.args.reason, ctx.now),
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

/** #案件 [filter]: overdue first (urgent before normal), then newest; at most 20 lines, each with its owner. */
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
        c.urgency === 'urgent',
        c.state,
        ownerLabel(ctx.deps, c),
        isOverdue(c.nextDueAt, ctx.now) ? t.late((ctx.now - c.nextDueAt!) / 60_000) : '',
        supervisionMark(c),
      ),
    )
    return [replyTo(ctx.msg, [t.header(w, total), ...lines, ...(total > rows.length ? [t.more(total - rows.length)] : [])].join('\n'))]
  },
})
