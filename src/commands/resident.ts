import { formatShort } from '../clock.js'
import { transitionCase, getCase } from '../domain/case-actions.js'
import { inScope } from '../domain/case-machine.js'
import { runningClockLines } from '../domain/case-view.js'
import { fileCase } from '../domain/intake.js'
import type { Case } from '../domain/model.js'
import { replyTo, toContact } from '../domain/outgoing.js'
import { parseRating, rateCase, rateDepartment } from '../domain/rating.js'
import { refuse } from '../domain/refusal.js'
import { ownerLabel, supervisionMark } from '../domain/staff-groups.js'
import { isStaff } from '../domain/roles.js'
import { isOpen } from '../domain/types.js'
import { formatLocation } from '../parse/location.js'
import { caseText } from '../text/cases.js'
import { commonText } from '../text/common.js'
import { EVENT_LABELS, RATING_LABELS } from '../text/labels.js'
import { BAD, caseNumber, rest, type Arg } from './args.js'
import { defineCommand, type CommandContext } from './types.js'

const MY_CASES_SHOWN = 10
/** Additions one reporter may make to one case: each is a timeline entry and a message to the handler. */
export const MAX_ADDITIONS_PER_CASE = 20

/** #报事 and its aliases. */
export const report = defineCommand({
  text: caseText.report,
  role: 'resident',
  args: [rest('text', caseText.report.args.text)],
  run: ({ deps, msg: m, args, now, fetch }) => {
    const filed = fileCase(deps, m, args.text, m.id, now)
    fetch(filed.photos)
    return filed.out
  },
})

/** The sender's own case that is still open; refuses otherwise. */
function ownOpenCase(ctx: CommandContext, id: number): Case {
  const c = getCase(ctx.deps, id)
  if (c.reporterId !== ctx.actor.id) refuse(caseText.refusal.noSuchCase(id))
  if (!isOpen(c.state)) refuse(caseText.add.closed(id, c.state))
  return c
}

/** #补充 <编号> <内容>: at most as long as a report, at most MAX_ADDITIONS_PER_CASE times a case. */
export const add = defineCommand({
  text: caseText.add,
  role: 'resident',
  args: [caseNumber(), rest('text', caseText.add.args.text)],
  run: (ctx) => {
    const { id, text } = ctx.args
    const c = ownOpenCase(ctx, id)
    const added = ctx.deps.repos.cases.timeline(id).filter((e) => e.kind === 'note' && e.actorId === c.reporterId).length
    if (added >= MAX_ADDITIONS_PER_CASE) refuse(caseText.add.tooMany(id, MAX_ADDITIONS_PER_CASE))
    ctx.deps.repos.cases.addEvent(id, { at: ctx.now, actorId: ctx.actor.id, actorName: c.reporterName, kind: 'note', text })
    const out = [replyTo(ctx.msg, caseText.add.done(id))]
    if (c.assigneeId) out.push(toContact(c.assigneeId, caseText.add.toHandler(id, c.reporterName, text)))
    return out
  },
})

/** #我的 */
export const mine = defineCommand({
  text: caseText.mine,
  role: 'resident',
  run: ({ deps, msg: m, actor }) => {
    const list = deps.repos.cases.byReporter(actor.id, MY_CASES_SHOWN)
    if (list.length === 0) return [replyTo(m, caseText.mine.none)]
    const total = deps.repos.cases.countByReporter(actor.id)
    const lines = list.map((c) => caseText.mine.line(c.id, c.category, c.state, formatShort(c.createdAt, deps.timeZone)))
    return [replyTo(m, [caseText.mine.header(total, list.length), ...lines].join('\n'))]
  },
})

/** #查询 <编号>: one's own case, or (staff) any case in scope, with its timeline. */
export const query = defineCommand({
  text: caseText.query,
  role: 'resident',
  args: [caseNumber()],
  run: (ctx) => {
    const { id } = ctx.args
    const c = getCase(ctx.deps, id)
    const own = c.reporterId === ctx.actor.id
    if (!own && !inScope(ctx.actor.scope, c))
      refuse(isStaff(ctx.actor.role) ? caseText.refusal.outOfScope(id) : caseText.refusal.noSuchCase(id))
    const t = caseText.query
    // A case reported privately is never shown in the group, not even to its reporter asking there.
    if (ctx.group?.kind === 'grid')
      return [replyTo(ctx.msg, c.filedPrivately ? commonText.staffOnlyHere : t.inGroup(id, c.category, c.state))]
    const tz = ctx.deps.timeZone
    const events = ctx.deps.repos.cases
      .timeline(id)
      .map((e) => t.eventLine(formatShort(e.at, tz), EVENT_LABELS[e.kind], e.kind === 'reported' ? '' : e.text))
    const rating = c.rating && RATING_LABELS[c.rating]
    const detail = t.detail(
      id,
      c.category,
      c.state,
      formatLocation(c.location),
      ownerLabel(ctx.deps, c),
      supervisionMark(c),
      c.text,
      rating,
      runningClockLines(c, ctx.now, tz),
      ctx.deps.repos.cases.attachmentsOf(id).length,
    )
    return [replyTo(ctx.msg, [detail, ...events].join('\n'))]
  },
})

/** #撤销 <编号> [原因] */
export const cancel = defineCommand({
  text: caseText.cancel,
  role: 'resident',
  args: [caseNumber(), rest('reason', caseText.cancel.args.reason, { optional: true })],
  run: (ctx) => {
    const { id, reason } = ctx.args
    const { before } = transitionCase(ctx.deps, ctx.actor, id, { action: 'cancel' }, reason, ctx.now)
    const out = [replyTo(ctx.msg, caseText.cancel.done(id))]
    if (before.assigneeId) out.push(toContact(before.assigneeId, caseText.cancel.toHandler(id, before.reporterName, reason)))
    return out
  },
})

/** `<满意/基本满意/不满意/1-5>`: a rating word or score. */
const ratingArg: Arg<'rating', NonNullable<ReturnType<typeof parseRating>>> = {
  key: 'rating',
  usage: `<${caseText.rate.args.rating}>`,
  read(c) {
    const m = /^\s*(\S+)\s*([\s\S]*)$/.exec(c.rest)
    const rating = m ? parseRating(m[1]!) : undefined
    if (!rating) return BAD
    c.rest = m![2]!
    return rating
  },
}

/**
 * #评价 <编号> <满意/基本满意/不满意/1-5> [意见]: the reporter rates the case; staff of the level that dispatched a
 * case to a department rate that department's response.
 */
export const rate = defineCommand({
  text: caseText.rate,
  role: 'resident',
  args: [caseNumber(), ratingArg, rest('comment', caseText.rate.args.comment, { optional: true })],
  run: (ctx) => {
    const { id, rating, comment } = ctx.args
    const c = getCase(ctx.deps, id)
    if (c.reporterId !== ctx.actor.id && isStaff(ctx.actor.role) && inScope(ctx.actor.scope, c))
      return rateDepartment(ctx.deps, ctx.msg, ctx.actor, c, rating, comment, ctx.now)
    return rateCase(ctx.deps, ctx.msg, ctx.actor, id, rating, comment, ctx.now)
  },
})
