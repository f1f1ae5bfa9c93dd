import type { Actor } from '../domain/actor.js'
import { inScope } from '../domain/case-machine.js'
import type { CoreDeps } from '../domain/core.js'
import { membersNamed } from '../domain/elders.js'
import type { Elder, GroupInfo, InboundMessage, Member, Outgoing } from '../domain/model.js'
import { replyTo, toContact } from '../domain/outgoing.js'
import { Refusal, refuse } from '../domain/refusal.js'
import { isStaff } from '../domain/roles.js'
import { parsePlace, placeOf, withoutMentions } from '../parse/elder-words.js'
import { elderText as t } from '../text/elders.js'
import { BAD, type Arg } from './args.js'
import type { CommandContext } from './types.js'

/** Everything after the command word, as its usage shows it (`[@老人] <天数>`); required unless optional. */
export function restAs<K extends string>(key: K, usage: string, optional = false): Arg<K, string> {
  return {
    key,
    usage,
    read(c) {
      const text = c.rest.trim()
      c.rest = ''
      return text || optional ? text : BAD
    },
  }
}

/** True in a group that is not a staff group: an answer about an elder goes privately from there. */
const inOpenGroup = (ctx: Pick<CommandContext, 'msg' | 'group'>) => ctx.msg.roomId !== null && ctx.group?.kind !== 'staff'

/**
 * Runs a command about an elder: its answer — and any refusal, which may name elders and rooms — goes back
 * where it was asked, except from a grid group (or any group but a staff group): privately then, with one
 * line in the group that says so and nothing else.
 */
export function aboutElder(ctx: CommandContext, run: () => { answer: string; also?: Outgoing[] }): Outgoing[] {
  let r: { answer: string; also?: Outgoing[] }
  try {
    r = run()
  } catch (err) {
    if (!(err instanceof Refusal)) throw err
    r = { answer: err.line }
  }
  const answer = inOpenGroup(ctx)
    ? [toContact(ctx.msg.senderId, r.answer, 'reply'), replyTo(ctx.msg, t.answeredPrivately)]
    : [replyTo(ctx.msg, r.answer)]
  return [...answer, ...(r.also ?? [])]
}

/** The command's text without its @-mentions (their group nicknames may hold spaces), split in words. */
export function wordsOf(ctx: CommandContext, text: string): string[] {
  const names = ctx.mentionIds.map((id) => {
    const given = ctx.msg.mentionNames?.[ctx.msg.mentionIds.indexOf(id)]
    return given ?? (ctx.msg.roomId ? ctx.deps.repos.members.get(ctx.msg.roomId, id)?.nickname : undefined) ?? ''
  })
  const bare = withoutMentions(text, names)
  return bare ? bare.split(' ') : []
}

/** A grid group in the actor's scope. */
function gridGroupInScope(deps: CoreDeps, actor: Actor, roomId: string): GroupInfo | undefined {
  const g = deps.repos.directory.group(roomId)
  if (g?.kind !== 'grid' || g.gridId === null) return undefined
  const where = { gridId: g.gridId, communityId: g.communityId, streetId: g.streetId }
  return inScope(actor.scope, where) ? g : undefined
}

/** A member with the grid group they were found in. */
export interface Found {
  member: Member
  group: GroupInfo
}

/** How a member is shown in a question which one was meant: nickname and grid. */
const shown = (f: Found) => `${f.member.nickname}（${f.group.gridName ?? f.group.topic}）`

/**
 * The member a #关爱 names: the one @-mentioned, or by room and name among the members of the grid groups the
 * actor covers (this grid group only, when said in one). Refuses with who was found when it is not one person.
 */
export function findMember(ctx: CommandContext, words: string[]): Found {
  const { deps, actor } = ctx
  const here = ctx.group?.kind === 'grid' ? ctx.msg.roomId : null
  const inScopeHere = (m: Member): Found | undefined => {
    if (here && m.roomId !== here) return undefined
    const group = gridGroupInScope(deps, actor, m.roomId)
    return group && m.present ? { member: m, group } : undefined
  }
  const mentioned = ctx.mentionIds[0]
  if (mentioned) {
    const rooms = here ? [here] : deps.repos.members.roomsOf(mentioned)
    const found = rooms.flatMap((r) => {
      const m = deps.repos.members.get(r, mentioned)
      const f = m && inScopeHere(m)
      return f ? [f] : []
    })
    if (found.length === 0)
      refuse(here ? t.care.outOfScope(ctx.msg.mentionNames?.[0] ?? '') : t.care.notFound(ctx.msg.mentionNames?.[0] ?? ''))
    return found[0]!
  }
  if (words.length === 0) refuse(t.care.noElder)
  const matches = membersNamed(deps.repos, words).flatMap((m) => inScopeHere(m) ?? [])
  const unique = [...new Map(matches.map((f) => [`${f.member.contactId}`, f])).values()]
  if (unique.length === 0) refuse(t.care.notFound(words.join(' ')))
  if (unique.length > 1) refuse(t.care.several(unique.slice(0, 5).map(shown)))
  return unique[0]!
}

/** The elders an actor may act for: their own self, those they are family of, and (staff) those in their scope. */
export function eldersFor(deps: CoreDeps, actor: Actor): Elder[] {
  const own = [deps.repos.elders.byContact(actor.id), ...deps.repos.elders.eldersOfFamily(actor.id)]
  const staff = isStaff(actor.role) ? deps.repos.elders.inScope(actor.scope) : []
  return [...new Map([...own, ...staff].filter((e): e is Elder => e !== undefined).map((e) => [e.id, e])).values()]
}

/** True when the actor may sign for, or say away, this elder: the elder, a registered family member, or staff in scope. */
export function mayActFor(deps: CoreDeps, actor: Actor, e: Elder): boolean {
  return (
    actor.id === e.contactId ||
    deps.repos.elders.family(e.id).some((f) => f.contactId === actor.id) ||
    (isStaff(actor.role) && inScope(actor.scope, e))
  )
}

/** Elders matching a word: name, nickname, room or how they are addressed. */
function matching(list: Elder[], word: string): Elder[] {
  const place = parsePlace(word)
  return list.filter(
    (e) => e.name === word || e.call === word || e.nickname.includes(word) || (place !== undefined && e.place === placeOf(place)),
  )
}

const label = (e: Elder) => (e.place ? `${e.name}（${e.place}）` : e.name)

/**
 * The elder a command is about: the one @-mentioned; else the one named by `word` among those the actor may
 * act for (or, with `all`, any looked after in their scope); else, without a word, the sender themself or the
 * one elder they are family of. Refuses otherwise, naming the choices.
 */
export function findElder(ctx: CommandContext, word: string | undefined, mine: Elder[]): Elder {
  const { deps, msg } = ctx
  const mentioned = ctx.mentionIds[0]
  if (mentioned) {
    const e = deps.repos.elders.byContact(mentioned)
    if (!e) refuse(t.find.notLookedAfter(mentionName(msg, deps, mentioned)))
    return e
  }
  if (word) {
    const hits = matching(mine, word)
    if (hits.length === 1) return hits[0]!
    if (hits.length > 1) refuse(t.find.several(hits.slice(0, 5).map(label)))
    refuse(t.find.notLookedAfter(word))
  }
  const self = deps.repos.elders.byContact(msg.senderId)
  if (self) return self
  const family = deps.repos.elders.eldersOfFamily(msg.senderId)
  if (family.length === 1) return family[0]!
  if (family.length > 1) refuse(t.find.which(family.map((e) => e.name)))
  return refuse(t.find.none)
}

function mentionName(msg: InboundMessage, deps: CoreDeps, id: string): string {
  return msg.mentionNames?.[msg.mentionIds.indexOf(id)] ?? (msg.roomId ? deps.repos.members.get(msg.roomId, id)?.nickname : undefined) ?? ''
}
