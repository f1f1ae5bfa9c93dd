import { formatShort } from '../clock.js'
import { inScope } from '../domain/case-machine.js'
import { clockTime, dayOf, EARLIEST_CHECK_BY, LATEST_CHECK_BY } from '../domain/elder-days.js'
import {
  callOf,
  elderEvent,
  elderLine,
  gridWorkers,
  recordVisit,
  scheduleFor,
  setAway,
  signElder,
  signEndedChase,
  todayStatus,
} from '../domain/elders.js'
import type { Elder, Outgoing } from '../domain/model.js'
import { replyTo, toContact } from '../domain/outgoing.js'
import { refuse } from '../domain/refusal.js'
import { isStaff } from '../domain/roles.js'
import type { ElderTier } from '../domain/types.js'
import { looksLikeTime, parseCheckTime, parseDays, parseTier, placeOf } from '../parse/elder-words.js'
import { commonText } from '../text/common.js'
import { elderText as t } from '../text/elders.js'
import { aboutElder, eldersFor, findElder, findMember, mayActFor, restAs, wordsOf } from './elder-targets.js'
import { usageOf } from './args.js'
import { defineCommand, type CommandContext } from './types.js'

/** Shown in #帮助 to staff, elders looked after and their family. */
const concernsElders = (deps: CommandContext['deps'], actor: CommandContext['actor']) =>
  isStaff(actor.role) || deps.repos.elders.byContact(actor.id) !== undefined || deps.repos.elders.eldersOfFamily(actor.id).length > 0

/** The time and tier words of a #关爱, and the words left (who). */
function readCare(words: string[], dflt: number): { checkBy: number; tier: ElderTier | undefined; who: string[] } {
  let checkBy = dflt
  let tier: ElderTier | undefined
  const who: string[] = []
  for (const w of words) {
    const time = parseCheckTime(w)
    if (time !== undefined) {
      if (time < EARLIEST_CHECK_BY || time > LATEST_CHECK_BY) refuse(t.care.badTime)
      checkBy = time
    } else if (looksLikeTime(w)) refuse(t.care.badTime)
    else if (parseTier(w)) tier = parseTier(w)
    else who.push(w)
  }
  return { checkBy, tier, who }
}

/** #关爱 @成员 [7:30] [红/黄/蓝], or privately #关爱 6-3-303 冯雪 8:00 红: signs an elder up (or changes the time or tier). */
export const care = defineCommand({
  text: t.care,
  role: 'worker',
  args: [restAs('text', `<${t.care.args.who}>`)],
  run: (ctx) =>
    aboutElder(ctx, () => {
      const { deps, actor, now } = ctx
      const words = wordsOf(ctx, ctx.args.text)
      const r = readCare(words, deps.policy.elders.checkBy)
      const { member, group } = findMember(ctx, r.who)
      if (member.contactId === deps.bot.id) refuse(t.care.notTheBot)
      const before = deps.repos.elders.byContact(member.contactId)
      const tier = r.tier ?? before?.tier ?? 'yellow'
      const checkBy = words.some((w) => parseCheckTime(w) !== undefined) || !before ? r.checkBy : before.checkBy
      // A chase under way goes on under the new time and tier: the rule looks again now.
      const open = before ? deps.repos.elders.openChases(before.id).length > 0 : false
      const schedule = open && before ? { day: before.day, nextAt: now } : scheduleFor(now, checkBy, deps.timeZone)
      const { elder, created } = deps.repos.elders.upsert(
        {
          contactId: member.contactId,
          name: member.name,
          nickname: member.nickname,
          place: placeOf(member),
          gridId: group.gridId!,
          communityId: group.communityId!,
          streetId: group.streetId,
          roomId: group.roomId,
          checkBy,
          tier,
        },
        schedule,
        actor,
        now,
      )
      elderEvent(deps, elder, created ? 'signed-up' : 'updated', actor, now, t.events.signedUp(clockTime(checkBy), tier))
      const p = deps.policy.elders
      const answer = t.care.done(created, { ...elderLine(elder), grid: group.gridName ?? '' }, p.graceToWorker, p.visitWithin[tier])
      const worker = gridWorkers(deps, elder.gridId)[0]?.name ?? actor.name
      const welcome = created ? [toContact(elder.contactId, t.care.welcome(callOf(elder), clockTime(checkBy), worker), 'push')] : []
      return { answer, also: welcome }
    }),
})

/** The elder a staff command names (by @ or a word), looked after in the actor's scope. */
function staffElder(ctx: CommandContext, word: string | undefined): Elder {
  const e = findElder(ctx, word, ctx.deps.repos.elders.inScope(ctx.actor.scope))
  if (!inScope(ctx.actor.scope, e)) refuse(t.care.outOfScope(e.name))
  return e
}

/** #关爱家属 @老人 @家属…, or privately by names: family who may sign for the elder and are told of a missed sign. */
export const careFamily = defineCommand({
  text: t.careFamily,
  role: 'worker',
  args: [restAs('text', `<${t.careFamily.args.who}>`)],
  run: (ctx) =>
    aboutElder(ctx, () => {
      const { deps, actor, now } = ctx
      const words = wordsOf(ctx, ctx.args.text)
      const elderWord = ctx.mentionIds.length ? undefined : words[0]
      const familyWords = ctx.mentionIds.length ? words : words.slice(1)
      const e = staffElder(ctx, elderWord)
      const family = ctx.mentionIds.length
        ? ctx.mentionIds.slice(1).map((id) => familyById(ctx, id))
        : familyWords.map((w) => familyByName(ctx, w))
      if (family.length === 0) refuse(t.careFamily.noFamily)
      const also: Outgoing[] = []
      for (const f of family) {
        if (f.contactId === e.contactId) continue
        if (deps.repos.elders.addFamily(e.id, f, actor.id, now)) {
          elderEvent(deps, e, 'family', actor, now, f.name)
          also.push(toContact(f.contactId, t.careFamily.welcome(e.name), 'push'))
        }
      }
      return {
        answer: t.careFamily.done(
          e.name,
          deps.repos.elders.family(e.id).map((f) => f.name),
        ),
        also,
      }
    }),
})

/** A family member by @: their name from the group's roster. */
function familyById(ctx: CommandContext, id: string) {
  const m = ctx.msg.roomId ? ctx.deps.repos.members.get(ctx.msg.roomId, id) : undefined
  return { contactId: id, name: m?.name ?? ctx.msg.mentionNames?.[ctx.msg.mentionIds.indexOf(id)] ?? id }
}

/** A family member by name: one contact present in some group the bot is in. */
function familyByName(ctx: CommandContext, name: string) {
  const found = [...new Map(ctx.deps.repos.members.byName(name).map((m) => [m.contactId, m])).values()]
  if (found.length !== 1)
    refuse(found.length ? t.care.several(found.slice(0, 5).map((m) => m.nickname)) : t.careFamily.familyNotFound(name))
  return { contactId: found[0]!.contactId, name: found[0]!.name }
}

/** #取消关爱 @老人 (or by name): signs the elder off; their history stays. */
export const careStop = defineCommand({
  text: t.careStop,
  role: 'worker',
  args: [restAs('text', `<${t.careStop.args.who}>`)],
  run: (ctx) =>
    aboutElder(ctx, () => {
      const e = staffElder(ctx, wordsOf(ctx, ctx.args.text)[0])
      const { deps, actor, now } = ctx
      deps.repos.elders.openChases(e.id).forEach((d) => deps.repos.elders.updateDay(e.id, d.day, { endedAt: now, endReason: 'stopped' }))
      deps.repos.elders.stop(e.id, now)
      elderEvent(deps, e, 'stopped', actor, now)
      return { answer: t.careStop.done(e.name) }
    }),
})

/** #关爱名单: the elders in scope with today's sign, who is away and who is being chased (staff groups and private chat). */
export const careList = defineCommand({
  text: t.careList,
  role: 'worker',
  run: (ctx) => {
    const { deps, msg: m, actor, now, group } = ctx
    if (m.roomId && group?.kind !== 'staff') return [replyTo(m, commonText.staffOnlyHere)]
    const list = deps.repos.elders.inScope(actor.scope)
    if (list.length === 0) return [replyTo(m, t.careList.empty)]
    const today = dayOf(now, deps.timeZone)
    const rows = new Map(
      deps.repos.elders
        .days(
          list.map((e) => e.id),
          today,
          today,
        )
        .map((d) => [d.elderId, d]),
    )
    const grids = new Map<number, string[]>()
    const n = { total: list.length, signed: 0, away: 0, missed: 0 }
    for (const e of list) {
      const status = todayStatus(e, rows.get(e.id), today, now, deps.timeZone)
      if (status.kind === 'signed') n.signed++
      else if (status.kind === 'away') n.away++
      else if (status.kind === 'missed') n.missed++
      const family = deps.repos.elders.family(e.id).map((f) => f.name)
      grids.set(e.gridId, [...(grids.get(e.gridId) ?? []), t.careList.line(elderLine(e), status.text, family)])
    }
    const lines = [t.careList.header(formatShort(now, deps.timeZone), n)]
    for (const [gridId, gridLines] of grids) {
      if (grids.size > 1) lines.push(t.careList.grid(deps.repos.caseQueries.gridLabel(gridId)))
      lines.push(...gridLines)
    }
    return [replyTo(m, lines.join('\n'))]
  },
})

const awayArgs = [restAs('text', `${t.away.usagePrefix}<${t.away.args.days}>`)] as const
const awayUsage = usageOf(t.away.words.name, awayArgs)

/** #外出 [@老人] <天数>: no sign expected for those days (the elder, family or staff); 0 means back today. */
export const away = defineCommand({
  text: t.away,
  role: 'resident',
  shownTo: concernsElders,
  args: awayArgs,
  run: (ctx) => {
    const words = wordsOf(ctx, ctx.args.text)
    const days = parseDays(words[words.length - 1] ?? '')
    if (days === undefined) return [replyTo(ctx.msg, commonText.usage(awayUsage))]
    return aboutElder(ctx, () => {
      if (days > 90) refuse(t.away.badDays)
      const e = actFor(ctx, words.slice(0, -1).join(' ') || undefined)
      const r = setAway(ctx.deps, e, days, ctx.actor, ctx.now)
      return { answer: t.away.done(e.name, days, r.last, r.resume), also: r.out }
    })
  },
})

/** The elder a family member, the elder or staff acts for, and whether they may. */
function actFor(ctx: CommandContext, word: string | undefined): Elder {
  const e = findElder(ctx, word, eldersFor(ctx.deps, ctx.actor))
  if (!mayActFor(ctx.deps, ctx.actor, e)) refuse(t.find.notYours(e.name))
  return e
}

/** #报平安 [@老人]: the day's sign, by the elder, a registered family member or staff. */
export const checkIn = defineCommand({
  text: t.checkIn,
  role: 'resident',
  shownTo: concernsElders,
  args: [restAs('text', `[${t.checkIn.args.who}]`, true)],
  run: (ctx) =>
    aboutElder(ctx, () => {
      const { deps, actor, now } = ctx
      const e = actFor(ctx, wordsOf(ctx, ctx.args.text)[0])
      const self = actor.id === e.contactId
      const family = deps.repos.elders.family(e.id).some((f) => f.contactId === actor.id)
      const r = signElder(deps, e, self ? 'self' : family ? 'family' : 'worker', actor, now)
      const ended = r.endedChase || (self && signEndedChase(deps, e, now))
      return { answer: self ? t.warm.reply(ended) : t.checkIn.done(e.name, ended), also: r.out }
    }),
})

/** #已探访 <@老人或姓名> <情况>: the worker has seen the elder; the chase stops. */
export const visited = defineCommand({
  text: t.visited,
  role: 'worker',
  args: [restAs('text', `<${t.visited.args.who}> <${t.visited.args.note}>`)],
  run: (ctx) =>
    aboutElder(ctx, () => {
      const words = wordsOf(ctx, ctx.args.text)
      const word = ctx.mentionIds.length ? undefined : words[0]
      const note = ctx.mentionIds.length ? words : words.slice(1)
      const e = staffElder(ctx, word)
      if (note.length === 0) refuse(t.visited.noNote(e.name))
      const r = recordVisit(ctx.deps, e, ctx.actor, note.join(' '), ctx.now)
      return { answer: t.visited.done(e.name, r.chase), also: r.out }
    }),
})
