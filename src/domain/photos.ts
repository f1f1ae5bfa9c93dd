import { MINUTE } from '../clock.js'
import { caseText } from '../text/cases.js'
import type { CoreDeps } from './core.js'
import type { Case, InboundMessage, Outgoing } from './model.js'
import { photoTo, replyTo, toContact } from './outgoing.js'

/** Images from the reporter within this window attach to their case. */
export const ATTACH_WINDOW = 10 * MINUTE
/** Photos sent within this of the previous one are one burst: the reporter and the handler hear of it once. */
export const PHOTO_BURST = 2 * MINUTE

/** The photos of a case that were not lost (a download that failed for good is not counted or forwarded). */
export function casePhotos(deps: Pick<CoreDeps, 'repos'>, caseId: number): number[] {
  return deps.repos.cases
    .attachmentsOf(caseId)
    .filter((a) => a.status !== 'failed')
    .map((a) => a.id)
}

/** The photos forwarded privately to a handler, through the paced outbox (each goes once its file is downloaded). */
export function forwardPhotos(c: Pick<Case, 'urgency'>, to: string, ids: number[]): Outgoing[] {
  return ids.map((id) => photoTo(to, id, c.urgency === 'urgent' ? 'urgent' : 'push'))
}

/**
 * An image from a member: attached to their case of the last 10 minutes — in a group, one filed in that group; in a
 * private chat, one filed privately — or kept for the case they are about to file. A photo after the report tells
 * the reporter `照片已附到编号 n` (once a burst) and goes on to the handler.
 */
export function attachPhoto(deps: CoreDeps, m: InboundMessage, now: number): { out: Outgoing[]; fetch: number[] } {
  const { cases } = deps.repos
  const c = cases.latestBy(m.roomId, m.senderId, now - ATTACH_WINDOW)
  const id = cases.addAttachment({ caseId: c?.id ?? null, roomId: m.roomId ?? '', senderId: m.senderId, messageId: m.id, createdAt: now })
  if (!c || id === undefined) return { out: [], fetch: [] }
  const burst = cases.timeline(c.id).some((e) => e.kind === 'attachment' && e.actorId === m.senderId && e.at > now - PHOTO_BURST)
  cases.addEvent(c.id, { at: now, actorId: m.senderId, actorName: c.reporterName, kind: 'attachment', text: '' })
  const out: Outgoing[] = burst ? [] : [replyTo(m, caseText.photo.attached(c.id))]
  if (c.assigneeId && c.assigneeId !== m.senderId) {
    if (!burst)
      out.push(toContact(c.assigneeId, caseText.photo.toHandler(c.id, c.reporterName), c.urgency === 'urgent' ? 'urgent' : 'push'))
    out.push(...forwardPhotos(c, c.assigneeId, [id]))
  }
  return { out, fetch: [id] }
}
