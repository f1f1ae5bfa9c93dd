import { DAY } from '../clock.js'
import { isAck, isQuoteAck } from '../parse/ack.js'
import { formatDeadline, parseDeadline } from '../parse/deadline.js'
import type { Quote } from '../parse/quote.js'
import { noticeText } from '../text/notices.js'
import { roleInGroup, type Actor } from './actor.js'
import type { CoreDeps } from './core.js'
import type { GroupInfo, InboundMessage, Notice, Outgoing } from './model.js'
import { noticeCloseAt, nextNoticeStep } from './notice-schedule.js'
import { PUSH_RANK, replyTo, toContact, toRoom } from './outgoing.js'
import { formatPlanTime, planBroadcast } from './broadcast-plan.js'
import { parseRating } from './rating.js'
import { canActAs } from './roles.js'
import type { AckMethod, NoticeCloseReason } from './types.js'

/** A plain 收到 or a quote still acknowledges notices up to this old (late acknowledgements count). */
export const ACK_WINDOW = 7 * DAY

type NoticeDeps = Pick<CoreDeps, 'repos' | 'timeZone' | 'policy'>

const deadlineText = (n: { deadline: number | null }, timeZone: string) =>
  n.deadline === null ? null : formatDeadline(n.deadline, timeZone)

/**
 * Sends a notice to grid groups: members present now must acknowledge, except the bot, the author and
 * anyone with a role there. Returns the notice number and what to say.
 */
export function publishNotice(
  deps: CoreDeps,
  m: InboundMessage,
  actor: Actor,
  targets: GroupInfo[],
  text: string,
  now: number,
): { id: number; out: Outgoing[] } {
  const deadline = parseDeadline(text, now, deps.timeZone)?.at ?? null
  const closeAt = noticeCloseAt(now, deadline, deps.policy)
  const recipients = targets.flatMap((g) =>
    deps.repos.members
      .list(g.roomId)
      .filter(
        (mm) =>
          mm.contactId !== deps.bot.id &&
          !deps.ours?.(mm.contactId) &&
          mm.contactId !== actor.id &&
          roleInGroup(deps, mm.contactId, g) === 'resident',
      )
      .map((mm) => ({ contactId: mm.contactId, roomId: g.roomId, name: mm.nickname })),
  )
  const draft = { createdAt: now, deadline, closeAt }
  const id = deps.repos.notices.create(
    {
      authorId: actor.id,
      authorName: actor.name,
      sourceRoomId: m.roomId!,
      text,
      ...draft,
      nextAt: nextNoticeStep(draft, new Set(), deps.policy)!.at,
    },
    targets.map((g) => ({ roomId: g.roomId, gridId: g.gridId! })),
    recipients,
  )
  const shownDeadline = deadlineText(draft, deps.timeZone)
  const total = deps.repos.notices.counts(id).total
  const posts = targets.map((g) => toRoom(g.roomId, noticeText.post(id, text, shownDeadline), [], 'reply'))
  // A notice to several groups says when the last one will have it (an account sends about 15 a minute).
  const when = targets.length > 1 ? planLines(deps, posts, 'reply', deadline, now) : []
  const posted = noticeText.posted(
    id,
    targets.map((g) => g.gridName ?? ''),
    total,
    shownDeadline,
    formatDeadline(closeAt, deps.timeZone),
    when,
  )
  return { id, out: [replyTo(m, posted), ...posts] }
}

/** How many groups, through how many accounts, done when; and a warning when that is after the deadline. */
function planLines(deps: CoreDeps, out: Outgoing[], priority: 'reply' | 'push', deadline: number | null, now: number): string[] {
  const plan = planBroadcast(deps, out, priority, now)
  const at = formatPlanTime(plan.lastAt, now, deps.timeZone)
  const late = deadline !== null && plan.lastAt > deadline ? [noticeText.pastDeadline(formatDeadline(deadline, deps.timeZone))] : []
  return [noticeText.plan(plan.groups, plan.accounts, at), ...late]
}

/**
 * A reminder round of a notice to several groups, planned like its post: when it cannot all go out before the
 * deadline, the author is told (once per round) how far it will run over.
 */
export function roundPlanWarning(deps: CoreDeps, n: Notice, out: Outgoing[], now: number): Outgoing[] {
  if (n.deadline === null || new Set(out.map((o) => o.conversationId)).size < 2) return []
  const plan = planBroadcast(deps, out, 'push', now)
  if (plan.lastAt <= n.deadline) return []
  const text = noticeText.roundPastDeadline(
    n.id,
    plan.groups,
    plan.accounts,
    formatPlanTime(plan.lastAt, now, deps.timeZone),
    formatDeadline(n.deadline, deps.timeZone),
  )
  return [toAuthor(deps, n, text)]
}

/** True when the actor may see and steer this notice: its author, or a leader or above of one of its grids. */
export function mayManage(deps: CoreDeps, actor: Actor, n: Notice): boolean {
  if (actor.id === n.authorId || actor.role === 'admin') return true
  return n.rooms.some((r) => canActAs(roleInGroup(deps, actor.id, deps.repos.directory.group(r.roomId)), 'leader'))
}

/** Drops recipients who left and refreshes nicknames from the roster, before anyone is @-ed or listed. */
function reconcile(deps: NoticeDeps, n: Notice, now: number): void {
  for (const r of n.rooms) {
    const present = new Map(deps.repos.members.list(r.roomId).map((mm) => [mm.contactId, mm.nickname]))
    deps.repos.notices.reconcile(n.id, r.roomId, present, now)
  }
}

/** @-mentions everyone who has not acknowledged, in their group (20 to a message, through the outbox). */
export function remind(deps: NoticeDeps, n: Notice, now: number, auto: boolean): { out: Outgoing[]; count: number } {
  reconcile(deps, n, now)
  const pending = deps.repos.notices.pending(n.id)
  deps.repos.notices.update(n.id, { lastRemindAt: now, ...(auto ? { rounds: n.rounds + 1 } : {}) })
  const text = noticeText.roundText(n.id, n.text, deadlineText(n, deps.timeZone))
  const out = n.rooms
    .map((r) =>
      toRoom(
        r.roomId,
        text,
        pending.filter((p) => p.roomId === r.roomId).map((p) => p.contactId),
        'push',
        PUSH_RANK.reminder,
      ),
    )
    .filter((o) => o.mentionIds.length > 0)
  return { out, count: pending.length }
}

/** The receipt a leader reads: acknowledged/total, state, and who hasn't, by grid. */
export function receiptText(deps: NoticeDeps, n: Notice): string {
  const { acked, total } = deps.repos.notices.counts(n.id)
  const pending = deps.repos.notices.pending(n.id)
  const byGrid = n.rooms
    .map((r) => ({ grid: r.gridName, names: pending.filter((p) => p.roomId === r.roomId).map((p) => p.name) }))
    .filter((g) => g.names.length > 0)
  const deadline = deadlineText(n, deps.timeZone)
  const state = n.closedAt === null ? noticeText.stateOpen(deadline, n.rounds) : noticeText.stateClosed(deadline)
  return noticeText.receipt(n.id, acked, total, state, byGrid)
}

/** To the author: in the staff group the notice came from (with an @), otherwise privately. */
function toAuthor(deps: NoticeDeps, n: Notice, text: string): Outgoing {
  const source = deps.repos.directory.group(n.sourceRoomId)
  return source?.kind === 'staff' ? toRoom(n.sourceRoomId, text, [n.authorId]) : toContact(n.authorId, text)
}

/**
 * Closes a notice: no more reminders; the author gets the receipt and each grid's worker the list of who
 * hasn't acknowledged, for door-knocking. Acknowledgements after this still count.
 */
export function closeNotice(deps: NoticeDeps, n: Notice, now: number, reason: NoticeCloseReason): Outgoing[] {
  reconcile(deps, n, now)
  deps.repos.notices.update(n.id, { closedAt: now, closeReason: reason, nextAt: null })
  const closed: Notice = { ...n, closedAt: now, closeReason: reason, nextAt: null }
  if (reason === 'all-acked') return [toAuthor(deps, closed, noticeText.allAcked(n.id, deps.repos.notices.counts(n.id).total))]
  const out = [toAuthor(deps, closed, `${noticeText.summaryTitle}${receiptText(deps, closed)}`)]
  for (const { room: r, lines } of doorLists(deps, n)) {
    if (!lines.length) continue
    for (const w of deps.repos.directory.holders('grid', r.gridId, 'worker')) {
      if (w.contactId !== n.authorId) out.push(toContact(w.contactId, noticeText.doorList(n.id, r.gridName, lines)))
    }
  }
  return out
}

/**
 * Who is still owed at the close, by group, numbered across the notice (1, 2, 3 … in the first grid, on in the
 * next): the numbers are stored, so `#代确认 <通知编号> 1 3` names the same members whatever happens after.
 */
function doorLists(deps: NoticeDeps, n: Notice): { room: Notice['rooms'][number]; lines: { no: number; name: string }[] }[] {
  const pending = deps.repos.notices.pending(n.id)
  let no = 0
  const lists = n.rooms.map((room) => ({
    room,
    lines: pending.filter((p) => p.roomId === room.roomId).map((p) => ({ contactId: p.contactId, no: ++no, name: p.name })),
  }))
  deps.repos.notices.setDoorNumbers(
    n.id,
    lists.flatMap((l) => l.lines.map((x) => ({ contactId: x.contactId, doorNo: x.no }))),
  )
  return lists
}

/** Records one member's acknowledgement; when it was the last one owed on an open notice, the notice closes. */
export function acknowledge(
  deps: NoticeDeps,
  noticeId: number,
  contactId: string,
  a: { at: number; how: AckMethod; text: string; byId: string | null },
): { changed: boolean; out: Outgoing[] } {
  if (!deps.repos.notices.ack(noticeId, contactId, a)) return { changed: false, out: [] }
  const n = deps.repos.notices.get(noticeId)!
  if (n.closedAt !== null) return { changed: true, out: [] }
  const { acked, total } = deps.repos.notices.counts(noticeId)
  return { changed: true, out: acked === total ? closeNotice(deps, n, a.at, 'all-acked') : [] }
}

/** The notice a quoted text is from: by its number in the bot's post, else by its words. */
function quotedNotice(deps: NoticeDeps, roomId: string, quoted: string, now: number): number | undefined {
  const byNumber = noticeText.quotedNumber.exec(quoted)
  const candidates = deps.repos.notices.postedInRoomSince(roomId, now - ACK_WINDOW)
  if (byNumber) return candidates.find((c) => c.id === Number(byNumber[1]))?.id
  const stem = squash(quoted.replace(noticeText.quotedCommand, '').replace(/(…|\.\.\.)$/, '')).slice(0, 40)
  if (stem.length < 4) return undefined
  return candidates.find((c) => squash(c.text).includes(stem))?.id
}

const squash = (s: string) => s.replace(/\s+/g, '')

/**
 * A message in a grid group that acknowledges a notice: a quote-reply of it, or an acknowledgement word
 * (then the newest notice the sender still owes). Undefined when the message is something else, so it
 * goes on to ratings and reports.
 */
export function acknowledgeMessage(
  deps: NoticeDeps,
  m: InboundMessage,
  text: string,
  quote: Quote | undefined,
  now: number,
): Outgoing[] | undefined {
  if (!m.roomId) return undefined
  if (quote) {
    const id = quotedNotice(deps, m.roomId, quote.quotedText, now)
    if (id !== undefined && isQuoteAck(quote.reply, m.senderName) && deps.repos.notices.recipient(id, m.senderId)) {
      return acknowledge(deps, id, m.senderId, { at: now, how: 'quote', text: quote.reply, byId: null }).out
    }
    return undefined
  }
  if (!isAck(text, m.senderName)) return undefined
  const owed = deps.repos.notices.owed(m.senderId, m.roomId, now - ACK_WINDOW)
  if (owed === undefined) return undefined
  // A 1 is also a 1-star rating: with a case of theirs awaiting one, an ended notice does not take it (the rating
  // does), and an open one makes the bot ask which was meant rather than pick.
  const waiting = parseRating(text) ? deps.repos.caseQueries.awaitingRating(m.senderId, m.roomId, now - deps.policy.followUp) : []
  if (waiting.length) {
    if (deps.repos.notices.get(owed)!.closedAt !== null) return undefined
    return [replyTo(m, noticeText.ackOrRating(owed, waiting[0]!.id, text))]
  }
  return acknowledge(deps, owed, m.senderId, { at: now, how: 'word', text, byId: null }).out
}
