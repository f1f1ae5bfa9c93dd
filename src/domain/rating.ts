import { caseText } from '../text/cases.js'
import { RATING_LABELS } from '../text/labels.js'
import type { Actor } from './actor.js'
import { transitionCase } from './case-actions.js'
import type { CoreDeps } from './core.js'
import type { InboundMessage, Outgoing } from './model.js'
import { replyTo, toContact } from './outgoing.js'
import { toCommunityStaff } from './staff-groups.js'
import type { Rating } from './types.js'

/** A rating as typed: the label and the 1–5 score it stands for. */
export interface RatingInput {
  rating: Rating
  score: number
}

/** 满意/基本满意/不满意 or a 1–5 score (4–5 满意, 3 基本满意, 1–2 不满意); undefined for anything else. */
export function parseRating(word: string): RatingInput | undefined {
  const w = word.replace(/[!！。.~～]+$/, '').trim()
  const hit = caseText.rate.ratingWords[w]
  if (hit) return { rating: hit[0], score: hit[1] }
  const m = caseText.rate.score.exec(w)
  if (!m) return undefined
  const score = Number(m[1])
  return { rating: score >= 4 ? 'satisfied' : score === 3 ? 'basic' : 'unsatisfied', score }
}

/** Stores a rating; 不满意 reopens the case and tells the handler and community staff. */
export function rateCase(
  deps: CoreDeps,
  m: InboundMessage,
  actor: Actor,
  id: number,
  rating: RatingInput,
  comment: string,
  now: number,
): Outgoing[] {
  const label = RATING_LABELS[rating.rating]
  const { after: a } = transitionCase(deps, actor, id, { action: 'rate', ...rating }, [label, comment].filter(Boolean).join('：'), now)
  if (rating.rating !== 'unsatisfied') return [replyTo(m, caseText.rate.done(id, label))]
  const grid = deps.repos.caseQueries.gridLabel(a.gridId)
  const out: Outgoing[] = [replyTo(m, caseText.rate.reopened(id))]
  if (a.assigneeId) out.push(toContact(a.assigneeId, caseText.rate.toStaffUnsatisfied(id, grid, comment)))
  if (a.communityId) out.push(...toCommunityStaff(deps, a.communityId, caseText.rate.toStaffUnsatisfied(id, grid, comment), 'push'))
  return out
}
