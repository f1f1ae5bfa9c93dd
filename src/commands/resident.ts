import { formatShort } from '../clock.js'
import { inScope } from '../domain/case-machine.js'
import { canActAs, isStaff } from '../domain/roles.js'
import { OPEN_STATES, RATING_LABELS } from '../domain/types.js'
import { formatLocation } from '../parse/location.js'
import { caseNumberAndRest } from './args.js'
import { act } from './case-actions.js'
import { fileCase } from './intake.js'
import { msg } from './messages.js'
import { replyTo, toContact } from './replies.js'
import { wmsg } from './workflow-messages.js'
import type { Case } from '../store/cases-repo.js'
import { defineCommand, UsageError, type CommandContext, type CommandSpec, type Outgoing } from './types.js'

const MY_CASES_SHOWN = 10

/** #报事 and its aliases. */
export const report = defineCommand({
  name: '报事', aliases: ['报修', '投诉', '求助', 'report'], role: 'resident',
  usage: '#报事 <描述>', summary: '登记问题，如 #报事 3号楼楼道灯不亮',
  run: ({ deps, msg: m, args, now }) => {
    if (!args) throw new UsageError()
    return fileCase(deps, m, args, m.id, now)
  },
})

/** The sender's own case that is still open, or the one line saying why not. */
function ownOpenCase(ctx: CommandContext, id: number): { c: Case; refusal?: undefined } | { refusal: Outgoing[] } {
  const c = ctx.deps.repos.cases.get(id)
  const why = !c ? msg.noSuchCase(id)
    : c.reporterId !== ctx.actor.id ? msg.notYourCase(id)
      : !OPEN_STATES.includes(c.state) ? msg.caseClosed(id, c.state) : undefined
  return why ? { refusal: [replyTo(ctx.msg, why)] } : { c: c! }
}

/** #补充 <编号> <内容> */
export const add = defineCommand({
  name: '补充', aliases: ['add'], role: 'resident', usage: '#补充 <编号> <内容>', summary: '给自己报的事补充说明',
  run: (ctx) => {
    const { id, rest } = caseNumberAndRest(ctx.args, true)
    const found = ownOpenCase(ctx, id)
    if (found.refusal) return found.refusal
    const { c } = found
    ctx.deps.repos.cases.addEvent(id, { at: ctx.now, actorId: ctx.actor.id, actorName: c.reporterName, kind: 'note', text: rest })
    const out = [replyTo(ctx.msg, msg.added(id))]
    if (c.assigneeId) out.push(toContact(c.assigneeId, msg.addedForHandler(id, c.reporterName, rest)))
    return out
  },
})

/** #我的 */
export const mine = defineCommand({
  name: '我的', aliases: ['mine'], role: 'resident', usage: '#我的', summary: '查看自己报的事',
  run: ({ deps, msg: m, actor }) => {
    const list = deps.repos.cases.byReporter(actor.id, MY_CASES_SHOWN)
    if (list.length === 0) return [replyTo(m, msg.noCases)]
    const total = deps.repos.cases.countByReporter(actor.id)
    const lines = list.map((c) => msg.myCaseLine(c.id, c.category, c.state, formatShort(c.createdAt, deps.timeZone)))
    return [replyTo(m, [msg.myCasesHeader(total, list.length), ...lines].join('\n'))]
  },
})

/** #查询 <编号>: one's own case, or (staff) any case in scope, with its timeline. */
export const query = defineCommand({
  name: '查询', aliases: ['case'], role: 'resident', usage: '#查询 <编号>', summary: '查看一件事的进度',
  run: (ctx) => {
    const { id } = caseNumberAndRest(ctx.args, false)
    const c = ctx.deps.repos.cases.get(id)
    if (!c) return [replyTo(ctx.msg, msg.noSuchCase(id))]
    const own = c.reporterId === ctx.actor.id
    if (!own && !inScope(ctx.actor.scope, c)) return [replyTo(ctx.msg, isStaff(ctx.actor.role) ? wmsg.outOfScope(id) : msg.notYourCase(id))]
    if (ctx.group?.kind === 'grid') return [replyTo(ctx.msg, msg.caseInGroup(id, c.category, c.state))]
    const tz = ctx.deps.timeZone
    const events = ctx.deps.repos.cases.timeline(id)
      .map((e) => msg.eventLine(formatShort(e.at, tz), msg.eventLabels[e.kind], e.kind === 'reported' ? '' : e.text))
    const detail = msg.caseDetail(id, c.category, c.state, formatLocation(c.location), c.assigneeName, c.text, c.rating && RATING_LABELS[c.rating], clockLines(c, ctx.now, tz))
    return [replyTo(ctx.msg, [detail, ...events].join('\n'))]
  },
})

/** Each clock with its deadline and whether it is done, running, late or paused. */
/** Each clock of a case with its deadline and how late or how long left (what #查询 shows). */
export function clockLines(c: Case, now: number, tz: string): string[] {
  if (c.state === 'cancelled') return []
  const clocks: [string, number | null, number | null][] = [
    ['签收', c.signForDueAt, c.acceptedAt], ['响应', c.respondDueAt, c.respondedAt], ['办结', c.resolveDueAt, c.resolvedAt],
  ]
  return clocks.filter(([, due]) => due !== null).map(([label, due, doneAt]) => wmsg.clockLine(label, formatShort(due!, tz),
    doneAt !== null ? wmsg.clockDone : c.state === 'on_hold' ? wmsg.clockPaused
      : due! <= now ? wmsg.clockLate((now - due!) / 60_000) : wmsg.clockLeft((due! - now) / 60_000)))
}

/** #撤销 <编号> [原因] */
export const cancel = defineCommand({
  name: '撤销', aliases: ['cancel'], role: 'resident', usage: '#撤销 <编号> [原因]', summary: '撤回自己还没办结的事',
  run: (ctx) => {
    const { id, rest } = caseNumberAndRest(ctx.args, false)
    const r = act(ctx, id, { action: 'cancel' }, rest)
    if (!r.ok) return r.out
    const out = [replyTo(ctx.msg, msg.cancelled(id))]
    if (r.before.assigneeId) out.push(toContact(r.before.assigneeId, msg.cancelledForHandler(id, r.before.reporterName, rest)))
    return out
  },
})

/** #帮助: the commands this person may use, in their role. */
export function createHelp(all: () => CommandSpec[]): CommandSpec {
  return defineCommand({
    name: '帮助', aliases: ['help', '菜单'], role: 'resident', usage: '#帮助', summary: '查看可用命令',
    run: ({ msg: m, actor }) => {
      const lines = all().filter((c) => canActAs(actor.role, c.role)).map((c) => `${c.usage}  ${c.summary}`)
      return [replyTo(m, msg.help(actor.role, lines))]
    },
  })
}
