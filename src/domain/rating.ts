import { caseText } from '../text/cases.js'
import { RATING_LABELS } from '../text/labels.js'
import type { Actor } from './actor.js'
import { transitionCase } from './case-actions.js'
import type { CoreDeps } from './core.js'
import type { InboundMessage, Outgoing } from './model.js'
import { replyTo, toContact } from './outgoing.js'
import { authority } from './case-machine.js'
import { refuse } from './refusal.js'
import { ownerUnit, toLevelStaff } from './staff-groups.js'
import type { Case } from './model.js'
import { COMMUNITY_LEVEL, DEPARTMENT_LEVEL, type Rating } from './types.js'

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

/** Stores a rating; 不满意 reopens the case (with its owner) and tells the handler and the staff who answer for it. */
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
  // The staff who answer for the owner hear of it: the community's, or for a department's case the dispatching level's.
  const level = a.level === DEPARTMENT_LEVEL ? (a.dispatchLevel ?? COMMUNITY_LEVEL) : COMMUNITY_LEVEL
  out.push(...toLevelStaff(deps, a, level, caseText.rate.toStaffUnsatisfied(id, grid, comment), 'push'))
  return out
}

/**
 * The dispatching staff's rating of a department's response (#评价 by staff of the level that dispatched it, or
 * above): once per dispatch, after the department resolved it. It rates the department, not the case: the case's
 * state is the reporter's to close or reopen; 不满意 says how to have it done again.
 */
export function rateDepartment(
  deps: CoreDeps,
  m: InboundMessage,
  actor: Actor,
  c: Case,
  rating: RatingInput,
  comment: string,
  now: number,
): Outgoing[] {
  const t = caseText.rate.department
  const d = deps.repos.dispatches.current(c.id)
  if (!d) refuse(t.notDispatched(c.id))
  const department = deps.repos.directory.department(d.departmentId)?.name ?? ownerUnit(deps, c)
  if (authority(actor.scope, c) < d.fromLevel) refuse(t.notDispatched(c.id))
  if (d.resolvedAt === null) refuse(t.notResolved(c.id, department))
  if (d.staffRating) refuse(t.already(c.id, department))
  deps.repos.dispatches.update(d.id, {
    staffRating: rating.rating,
    staffComment: comment || null,
    staffRaterId: actor.id,
    staffRatedAt: now,
  })
  const label = RATING_LABELS[rating.rating]
  deps.repos.cases.addEvent(c.id, {
    at: now,
    actorId: actor.id,
    actorName: actor.name,
    kind: 'rated',
    text: t.event(department, label, comment),
  })
  const done = t.done(c.id, department, label)
  return [replyTo(m, rating.rating === 'unsatisfied' ? `${done}\n${t.reopenHint(c.id)}` : done)]
}
